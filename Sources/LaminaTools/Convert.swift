import Lamina

/// `lamina convert`: between whole-model files (`.lamina`, `.keras`) and weights files
/// (`.safetensors`, `.weights.h5`), all through Lamina's own loaders and savers.
public enum Convert {
    /// Converts `input` to `output`, each format chosen by its extension:
    /// - a whole model to a whole model (config, weights, compile config and optimizer state), or
    ///   to its weights;
    /// - weights to weights or to a whole model, given `modelPath`: the whole model whose
    ///   architecture (and compile config) the weights are loaded into.
    /// - Returns: a one-line description of what was written.
    @discardableResult
    public static func run(input: String, output: String, modelPath: String? = nil) throws -> String {
        let outModel = SaveFormat.model(for: output) != nil, outWeights = SaveFormat.weights(for: output) != nil
        guard outModel || outWeights else {
            throw DataError(output, "unknown output format: use .lamina or .keras for a whole model, .safetensors or .weights.h5 for weights")
        }
        guard input != output else { throw DataError(output, "the input and output are the same file") }
        let model: Model
        if SaveFormat.model(for: input) != nil {
            if let modelPath { throw DataError(modelPath, "--model is only for converting weights files; \(input) is a whole model") }
            model = try ModelFile.load(input, compile: true)
        } else if SaveFormat.weights(for: input) != nil {
            guard let modelPath else {
                throw DataError(input, "holds weights only; give the model they belong to with --model MODEL.lamina (or .keras)")
            }
            try ModelFile.requireFile(input)
            model = try ModelFile.load(modelPath, compile: true)
            try model.loadWeights(from: input)
            // The optimizer state saved with the architecture belongs to other weights: start afresh.
            if model.compiled != nil, let cc = try JSONValue.parse(model.toJSON())["compile_config"], cc != .null {
                try model.compile(fromConfig: cc)
            }
        } else {
            throw DataError(input, "unknown input format: expected .lamina, .keras, .safetensors or .weights.h5")
        }
        if outModel { try model.save(to: output) } else { try model.saveWeights(to: output) }
        return "wrote \(outModel ? "model" : "the weights of model") \"\(model.name)\" (\(model.countParams()) parameters) to \(output)"
    }
}
