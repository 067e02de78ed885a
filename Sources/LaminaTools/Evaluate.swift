import Foundation
import Lamina

/// `lamina evaluate`: the loss and compiled metrics of a saved model on arrays in `.npy`/`.npz` files.
public enum Evaluate {
    /// Loads the model in `modelPath` with its compile config, reads the inputs (`xPaths`, as for
    /// ``Predict``) and the targets (`yPaths`: one `.npy` per output, or one `.npz` keyed by output
    /// name) and evaluates.
    /// - Returns: `loss` then each metric, in compile order.
    /// - Throws: if the model was saved without a compile config, or for file, shape or dtype problems.
    public static func run(modelPath: String, xPaths: [String], yPaths: [String], batchSize: Int = 32,
                           verbose: Int = 0) throws -> [(name: String, value: Float)] {
        try Predict.checkBatchSize(batchSize)
        let model = try ModelFile.load(modelPath, compile: true)
        guard let compiled = model.compiled else {
            throw DataError(modelPath, "the model was saved without a compile config, so it has no loss or metrics to evaluate "
                            + "(compile it before saving)")
        }
        let x = try ArrayFiles.load(xPaths, for: ArrayFiles.inputs(of: model), role: "input")
        let y = try ArrayFiles.load(yPaths, for: ArrayFiles.outputs(of: model), role: "target")
        if let n = x.first?.shape.first, let m = y.first?.shape.first, n != m {
            throw DataError(yPaths[0], "has \(m) samples but the inputs have \(n)")
        }
        let logs = try model.evaluate(x, y, batchSize: batchSize, verbose: verbose)
        let names = ["loss"] + compiled.metrics.flatMap { $0.map(\.name) }
        return names.map { ($0, logs[$0] ?? .nan) }
    }

    /// The results as lines `name: value`.
    public static func format(_ results: [(name: String, value: Float)]) -> String {
        let width = results.map(\.name.count).max() ?? 0
        return results.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%.6g", $0.value) }
            .joined(separator: "\n")
    }
}
