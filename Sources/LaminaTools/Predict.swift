import Lamina

/// `lamina predict`: a saved model's predictions for arrays in `.npy`/`.npz` files.
public enum Predict {
    /// Loads the model in `modelPath`, reads `inputPaths` (one `.npy` per model input in the
    /// model's order, or one `.npz` keyed by input name), predicts in batches and writes the
    /// predictions to `outputPath`: an `.npy` for a single output, an `.npz` keyed by output name
    /// for several (or whenever the path ends in `.npz`).
    /// - Returns: a one-line description of what was written.
    /// - Throws: errors naming the file and the problem (missing file, input count, shape or dtype
    ///   mismatch, an output path that cannot hold the outputs).
    @discardableResult
    public static func run(modelPath: String, inputPaths: [String], outputPath: String, batchSize: Int = 32,
                           verbose: Int = 0) throws -> String {
        try checkBatchSize(batchSize)
        let isNPZ = outputPath.hasSuffix(".npz")
        guard isNPZ || outputPath.hasSuffix(".npy") else {
            throw DataError(outputPath, "predictions are written as .npy (one output) or .npz (one array per output)")
        }
        let model = try ModelFile.load(modelPath, compile: false)
        let outputs = ArrayFiles.outputs(of: model)
        guard isNPZ || outputs.count == 1 else {
            throw DataError(outputPath, "model \"\(model.name)\" has \(outputs.count) outputs (\(outputs.map { "'\($0.name)'" }.joined(separator: ", "))); "
                            + "write them to an .npz file")
        }
        let x = try ArrayFiles.load(inputPaths, for: ArrayFiles.inputs(of: model), role: "input")
        let y = try model.predict(x, batchSize: batchSize, verbose: verbose)
        guard y.count == outputs.count else {
            throw LaminaError(.state, "model \"\(model.name)\" produced \(y.count) arrays for its \(outputs.count) outputs")
        }
        if isNPZ {
            try NPZ.write(zip(outputs, y).map { ($0.name, $1) }, to: outputPath)
        } else {
            try NPY.write(y[0], to: outputPath)
        }
        let shapes = zip(outputs, y).map { "'\($0.name)' \(describeShape($1.shape.map { Optional($0) }))" }.joined(separator: ", ")
        return "wrote predictions for \(x.first?.shape.first ?? 0) samples to \(outputPath): \(shapes)"
    }

    static func checkBatchSize(_ n: Int) throws {
        guard n > 0 else { throw LaminaError(.value, "--batch-size must be a positive number of samples, got \(n)") }
    }
}
