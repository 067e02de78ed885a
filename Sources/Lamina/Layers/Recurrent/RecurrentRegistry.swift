/// LayerRegistry factories for Embedding, Masking, the recurrent layers, their cells and wrappers
/// (Keras class names and config keys).
extension LayerRegistry {
    static let recurrentBuiltIns: [String: Factory] = [
        "Embedding": { c in
            try Embedding(inputDim: try c.int("input_dim", layer: "Embedding"), outputDim: try c.int("output_dim", layer: "Embedding"),
                          embeddingsInitializer: try c.initializer("embeddings_initializer") ?? RandomUniform(),
                          maskZero: c["mask_zero"]?.bool ?? false, name: c.name)
        },
        "Masking": { c in Masking(maskValue: c["mask_value"]?.float ?? 0, name: c.name) },
        "SimpleRNNCell": { c in try simpleCell(c) },
        "LSTMCell": { c in try lstmCell(c) },
        "GRUCell": { c in try gruCell(c) },
        "StackedRNNCells": { c in
            let cells = try (c["cells"]?.array ?? []).map { v -> RNNCell in
                guard let cell = try LayerRegistry.layer(from: v) as? RNNCell else {
                    throw LaminaError.value("StackedRNNCells: \(v["class_name"] ?? nil) is not a recurrent cell")
                }
                return cell
            }
            return try StackedRNNCells(cells, name: c.name)
        },
        "RNN": { c in
            guard let v = c["cell"], let cell = try LayerRegistry.layer(from: v) as? RNNCell else {
                throw LaminaError.value("RNN config needs a recurrent \"cell\". Received: \(c["cell"] ?? nil)")
            }
            let f = flags(c)
            return RNN(cell, returnSequences: f.0, returnState: f.1, goBackwards: f.2, stateful: f.3, unroll: f.4,
                       zeroOutputForMask: f.5, name: c.name)
        },
        "SimpleRNN": { c in
            let cell = try simpleCell(c), f = flags(c)
            return try SimpleRNN(cell.units, activation: cell.activation, weights: cell.weightsConfig, dropout: cell.dropout,
                                 recurrentDropout: cell.recurrentDropout, seed: cell.seed, returnSequences: f.0, returnState: f.1,
                                 goBackwards: f.2, stateful: f.3, unroll: f.4, zeroOutputForMask: f.5, name: c.name)
        },
        "LSTM": { c in
            let cell = try lstmCell(c), f = flags(c)
            return try LSTM(cell.units, activation: cell.activation, recurrentActivation: cell.recurrentActivation,
                            unitForgetBias: cell.unitForgetBias, weights: cell.weightsConfig, dropout: cell.dropout,
                            recurrentDropout: cell.recurrentDropout, seed: cell.seed, returnSequences: f.0, returnState: f.1,
                            goBackwards: f.2, stateful: f.3, unroll: f.4, zeroOutputForMask: f.5, name: c.name)
        },
        "GRU": { c in
            let cell = try gruCell(c), f = flags(c)
            return try GRU(cell.units, activation: cell.activation, recurrentActivation: cell.recurrentActivation,
                           resetAfter: cell.resetAfter, weights: cell.weightsConfig, dropout: cell.dropout,
                           recurrentDropout: cell.recurrentDropout, seed: cell.seed, returnSequences: f.0, returnState: f.1,
                           goBackwards: f.2, stateful: f.3, unroll: f.4, zeroOutputForMask: f.5, name: c.name)
        },
        "Bidirectional": { c in
            guard let v = c["layer"], let layer = try LayerRegistry.layer(from: v) as? RNN else {
                throw LaminaError.value("Bidirectional config needs a recurrent \"layer\". Received: \(c["layer"] ?? nil)")
            }
            var backward: RNN? = nil
            if let bv = c["backward_layer"], !bv.isNull {
                guard let b = try LayerRegistry.layer(from: bv) as? RNN else {
                    throw LaminaError.value("Bidirectional: \"backward_layer\" is not a recurrent layer")
                }
                backward = b
            }
            let mode: String? = c["merge_mode"].flatMap { $0.isNull ? nil : $0.string } ?? (c["merge_mode"] == nil ? "concat" : nil)
            return try Bidirectional(layer, mergeMode: mode, backwardLayer: backward, name: c.name)
        },
        "TimeDistributed": { c in
            guard let v = c["layer"] else { throw LaminaError.value("TimeDistributed config needs a \"layer\". Received: \(c)") }
            return TimeDistributed(try LayerRegistry.layer(from: v), name: c.name)
        },
    ]

    /// (return_sequences, return_state, go_backwards, stateful, unroll, zero_output_for_mask)
    static func flags(_ c: [String: JSONValue]) -> (Bool, Bool, Bool, Bool, Bool, Bool) {
        (c["return_sequences"]?.bool ?? false, c["return_state"]?.bool ?? false, c["go_backwards"]?.bool ?? false,
         c["stateful"]?.bool ?? false, c["unroll"]?.bool ?? false, c["zero_output_for_mask"]?.bool ?? false)
    }

    static func recurrentWeights(_ c: [String: JSONValue]) throws -> RecurrentWeightsConfig {
        for key in ["kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint"] {
            let _: Int? = try c.optionalObject(key)
        }
        return RecurrentWeightsConfig(useBias: c["use_bias"]?.bool ?? true,
                                      kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                                      recurrentInitializer: try c.initializer("recurrent_initializer") ?? Orthogonal(),
                                      biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros)
    }

    static func simpleCell(_ c: [String: JSONValue]) throws -> SimpleRNNCell {
        try SimpleRNNCell(try c.int("units", layer: "SimpleRNN"), activation: try Activation.named(c["activation"]?.string ?? "tanh"),
                          weights: try recurrentWeights(c), dropout: c["dropout"]?.float ?? 0,
                          recurrentDropout: c["recurrent_dropout"]?.float ?? 0, seed: c["seed"]?.int, name: c.name)
    }

    static func lstmCell(_ c: [String: JSONValue]) throws -> LSTMCell {
        try LSTMCell(try c.int("units", layer: "LSTM"), activation: try Activation.named(c["activation"]?.string ?? "tanh"),
                     recurrentActivation: try Activation.named(c["recurrent_activation"]?.string ?? "sigmoid"),
                     unitForgetBias: c["unit_forget_bias"]?.bool ?? true, weights: try recurrentWeights(c),
                     dropout: c["dropout"]?.float ?? 0, recurrentDropout: c["recurrent_dropout"]?.float ?? 0,
                     seed: c["seed"]?.int, name: c.name)
    }

    static func gruCell(_ c: [String: JSONValue]) throws -> GRUCell {
        try GRUCell(try c.int("units", layer: "GRU"), activation: try Activation.named(c["activation"]?.string ?? "tanh"),
                    recurrentActivation: try Activation.named(c["recurrent_activation"]?.string ?? "sigmoid"),
                    resetAfter: c["reset_after"]?.bool ?? true, weights: try recurrentWeights(c),
                    dropout: c["dropout"]?.float ?? 0, recurrentDropout: c["recurrent_dropout"]?.float ?? 0,
                    seed: c["seed"]?.int, name: c.name)
    }
}
