/// Factories for the attention, normalization and Transformer layers (merged into
/// ``LayerRegistry``'s built-ins).
extension LayerRegistry {
    static let attentionBuiltIns: [String: Factory] = [
        "LayerNormalization": { c in
            LayerNormalization(axis: c.axes("axis") ?? [-1], epsilon: c["epsilon"]?.float ?? 1e-3, center: c["center"]?.bool ?? true,
                               scale: c["scale"]?.bool ?? true, rmsScaling: c["rms_scaling"]?.bool ?? false,
                               betaInitializer: try c.initializer("beta_initializer") ?? Initializers.zeros,
                               gammaInitializer: try c.initializer("gamma_initializer") ?? Initializers.ones, name: c.name)
        },
        "RMSNormalization": { c in RMSNormalization(axis: c.axes("axis") ?? [-1], epsilon: c["epsilon"]?.float ?? 1e-6, name: c.name) },
        "Attention": { c in
            try Attention(useScale: c["use_scale"]?.bool ?? false, scoreMode: c["score_mode"]?.string ?? "dot",
                          dropout: c["dropout"]?.float ?? 0, seed: c["seed"]?.int, name: c.name)
        },
        "AdditiveAttention": { c in
            try AdditiveAttention(useScale: c["use_scale"]?.bool ?? true, dropout: c["dropout"]?.float ?? 0, seed: c["seed"]?.int, name: c.name)
        },
        "MultiHeadAttention": { c in
            if c["use_gate"]?.bool == true || !(c["sliding_window"]?.isNull ?? true) {
                throw LaminaError(.unsupported, "MultiHeadAttention config: use_gate and sliding_window are not supported yet. Received: \(JSONValue.object(c))")
            }
            let _: Int? = try c.optionalObject("kernel_regularizer")
            let _: Int? = try c.optionalObject("bias_regularizer")
            return try MultiHeadAttention(
                numHeads: try c.int("num_heads", layer: "MultiHeadAttention"), keyDim: try c.int("key_dim", layer: "MultiHeadAttention"),
                valueDim: c["value_dim"]?.int, dropout: c["dropout"]?.float ?? 0, useBias: c["use_bias"]?.bool ?? true,
                outputShape: c.axes("output_shape"), attentionAxes: c.axes("attention_axes"),
                kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros, seed: c["seed"]?.int, name: c.name)
        },
        "PositionEmbedding": { c in
            PositionEmbedding(sequenceLength: try c.int("sequence_length", layer: "PositionEmbedding"),
                              initializer: try c.initializer("initializer") ?? GlorotUniform(), name: c.name)
        },
        "SinePositionEncoding": { c in SinePositionEncoding(maxWavelength: c["max_wavelength"]?.float ?? 10_000, name: c.name) },
        "TransformerEncoder": { c in
            TransformerEncoder(intermediateDim: try c.int("intermediate_dim", layer: "TransformerEncoder"),
                               numHeads: try c.int("num_heads", layer: "TransformerEncoder"), dropout: c["dropout"]?.float ?? 0,
                               activation: try Activation.named(c["activation"]?.string ?? "relu"),
                               layerNormEpsilon: c["layer_norm_epsilon"]?.float ?? 1e-5, normalizeFirst: c["normalize_first"]?.bool ?? false,
                               name: c.name)
        },
        "TransformerDecoder": { c in
            TransformerDecoder(intermediateDim: try c.int("intermediate_dim", layer: "TransformerDecoder"),
                               numHeads: try c.int("num_heads", layer: "TransformerDecoder"), dropout: c["dropout"]?.float ?? 0,
                               activation: try Activation.named(c["activation"]?.string ?? "relu"),
                               layerNormEpsilon: c["layer_norm_epsilon"]?.float ?? 1e-5, normalizeFirst: c["normalize_first"]?.bool ?? false,
                               name: c.name)
        },
    ]
}

extension Dictionary where Key == String, Value == JSONValue {
    /// An int or list of ints (Keras writes axes both ways); nil when absent or null.
    func axes(_ key: String) -> [Int]? {
        guard let v = self[key], !v.isNull else { return nil }
        return v.int.map { [$0] } ?? v.ints
    }
}
