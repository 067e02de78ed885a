import Foundation
import Lamina

/// Paths to the datasets committed in the repository's `Data/` folder.
enum RepoData {
    static var root: String {
        // Tests/LaminaModelsTests/Support/KerasParity.swift → repository root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }
    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures"
    }
}

/// A step-level parity run written by `Scripts/parity/keras_steps.py`: Keras's initial weights,
/// per-step losses and final weights for a model trained on fixed batches (see the script).
struct KerasParityRun {
    let path: String
    let arrays: [String: NPYArray]
    let steps: Int
    let batchSize: Int
    /// Keras's loss at each step (the batch's loss before the update).
    let kerasLosses: [Double]
    /// The same run in float64 (`--with-float64`), if the file has it.
    let float64Losses: [Double]?

    init(path: String) throws {
        self.path = path
        arrays = Dictionary(uniqueKeysWithValues: try NPZ.read(path).map { ($0.name, $0.array) })
        steps = Int(try Self.array(arrays, "steps", path).doubles()[0])
        batchSize = Int(try Self.array(arrays, "batch_size", path).doubles()[0])
        kerasLosses = try Self.array(arrays, "loss", path).doubles()
        float64Losses = arrays["f64/loss"]?.doubles()
    }

    static func array(_ arrays: [String: NPYArray], _ name: String, _ path: String) throws -> NPYArray {
        guard let a = arrays[name] else { throw LaminaError(.value, "\(path): no array \(name)") }
        return a
    }

    func tensor(_ name: String) throws -> Tensor { try Self.array(arrays, name, path).tensor(source: "\(path): \(name)") }

    /// The weights saved under `prefix` (`init` or `final`) for `key` (`Conv2D/005`), or nil if
    /// the file has none for it.
    func layerWeights(_ prefix: String, _ key: String) throws -> [Tensor]? {
        var out: [Tensor] = []
        while let a = arrays["\(prefix)/\(key)/\(out.count)"] {
            out.append(try a.tensor(source: "\(path): \(prefix)/\(key)"))
        }
        return out.isEmpty ? nil : out
    }

    /// The model's layers with weights and their keys in the file, `CLASS/KKK`: the K-th layer of
    /// that class by creation order (the automatic names' counters: `conv2d_5` after `conv2d_4`).
    static func keyedLayers(_ model: Model) -> [(key: String, layer: Layer)] {
        func creation(_ l: Layer) -> Int { Int(l.name.split(separator: "_").last ?? "") ?? 0 }
        let layers = model.layers.filter { !$0.weights.isEmpty }
            .sorted { (type(of: $0).className, creation($0)) < (type(of: $1).className, creation($1)) }
        var counts: [String: Int] = [:]
        return layers.map { l in
            let cls = type(of: l).className
            defer { counts[cls, default: 0] += 1 }
            return (cls + "/" + String(format: "%03d", counts[cls, default: 0]), l)
        }
    }

    /// What a Lamina run gives against Keras's.
    struct Result {
        var losses: [Float] = []
        /// Largest |Lamina - Keras| of the initial model's inference outputs on the first batch.
        var pred0Difference: Float = 0
        /// Per weight with final values in the file: the largest |Lamina - Keras| relative to the
        /// largest |Keras|; and, if the file has the float64 run, the same for Lamina against it
        /// and for Keras (float32) against it.
        var finalDifferences: [(key: String, name: String, relative: Float, toFloat64: Float?, kerasToFloat64: Float?)] = []
        /// Per batch normalization layer and moving statistic (mean, variance), after the first
        /// step: the largest |Lamina's change - Keras's change| relative to the largest |Keras's
        /// change| (the change from the initial value, `(1 - momentum)·(batch stat - initial)`).
        var step1MovingDifferences: [(name: String, relative: Float)] = []
        /// |Lamina - Keras| / Keras of each step's loss.
        var lossRelativeDifferences: [Double] = []
    }

    /// Loads Keras's initial weights into `model` (built, same architecture: layers with weights
    /// created in the same order), compiles it with adam 1e-3 and categorical cross-entropy, and trains
    /// `steps` steps on batches `s·B ..< (s+1)·B` of `x` with one-hot `labels`.
    func run(_ model: Model, x: Tensor, labels: Tensor, classes: Int = 10) throws -> Result {
        let layers = Self.keyedLayers(model)
        for (key, layer) in layers {
            guard let values = try layerWeights("init", key) else {
                throw LaminaError(.value, "\(path): no initial weights for \(key) (layer \(layer.name))")
            }
            try layer.setWeights(values)
        }
        let initCount = arrays.keys.filter { $0.hasPrefix("init/") }.count
        guard initCount == layers.reduce(0, { $0 + $1.layer.weights.count }) else {
            throw LaminaError(.value, "\(path): \(initCount) initial weights, the model has a different number")
        }
        try model.compile(optimizer: Adam(learningRate: 0.001), loss: "categorical_crossentropy")
        var result = Result()
        let b = batchSize
        let first = x.slice(axis: 0, 0..<b)
        let pred0 = try model.predict(first, batchSize: b, verbose: 0)
        result.pred0Difference = (pred0 - (try tensor("pred0"))).abs().max().item()
        let y = labels.slice(axis: 0, 0..<(steps * b)).oneHot(depth: classes)
        for s in 0..<steps {
            let logs = try model.trainOnBatch([x.slice(axis: 0, s * b..<(s + 1) * b)], [y.slice(axis: 0, s * b..<(s + 1) * b)])
            result.losses.append(logs["loss"] ?? .nan)
            if s == 0 {
                for (key, layer) in layers where layer is BatchNormalization {
                    for j in [2, 3] {
                        guard let keras = arrays["step1/\(key)/\(j)"] else { continue }
                        let initial = try tensor("init/\(key)/\(j)"), k = try keras.tensor() - initial
                        let l = layer.weights[j].value - initial
                        result.step1MovingDifferences.append(("\(layer.name)/\(layer.weights[j].name)",
                                                              (l - k).abs().max().item() / max(k.abs().max().item(), 1e-12)))
                    }
                }
            }
        }
        result.lossRelativeDifferences = zip(result.losses, kerasLosses).map { abs(Double($0) - $1) / abs($1) }
        for (key, layer) in layers {
            guard let keras = try layerWeights("final", key) else { continue }
            let reference = try layerWeights("f64/final", key)
            for (j, (w, k)) in zip(layer.weights, keras).enumerated() {
                func rel(_ a: Tensor, _ b: Tensor) -> Float { (a - b).abs().max().item() / max(b.abs().max().item(), 1e-12) }
                let r = reference?[j]
                result.finalDifferences.append((key, "\(layer.name)/\(w.name)", rel(w.value, k),
                                                r.map { rel(w.value, $0) }, r.map { rel(k, $0) }))
            }
        }
        return result
    }
}
