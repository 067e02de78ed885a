/// Fully connected RNN (`keras.layers.SimpleRNN`): an ``RNN`` over a ``SimpleRNNCell``.
///
/// Input `[B, T, in]` → `[B, units]` (or `[B, T, units]` with `returnSequences`); weights under
/// the sublayer `cell`: `kernel` `[in, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`.
public final class SimpleRNN: RNN {
    public init(_ units: Int, activation: Activation = .tanh, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil) throws {
        let cell = try SimpleRNNCell(units, activation: activation, weights: weights, dropout: dropout,
                                     recurrentDropout: recurrentDropout, seed: seed, name: "simple_rnn_cell")
        super.init(cell, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                   stateful: stateful, unroll: unroll, zeroOutputForMask: zeroOutputForMask, name: name)
    }

    public override class var className: String { "SimpleRNN" }

    public override var config: [String: JSONValue] {
        var c = cellArgumentsConfig
        c.removeValue(forKey: "seed")
        return c
    }
}

/// Long short-term memory (`keras.layers.LSTM`): an ``RNN`` over an ``LSTMCell``; states `[h, c]`.
///
/// Input `[B, T, in]` → `[B, units]` (or `[B, T, units]`); weights under the sublayer `cell`:
/// `kernel` `[in, 4u]`, `recurrent_kernel` `[u, 4u]`, `bias` `[4u]`, gate blocks `i, f, c, o`.
public final class LSTM: RNN {
    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                unitForgetBias: Bool = true, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil) throws {
        let cell = try LSTMCell(units, activation: activation, recurrentActivation: recurrentActivation, unitForgetBias: unitForgetBias,
                                weights: weights, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, name: "lstm_cell")
        super.init(cell, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                   stateful: stateful, unroll: unroll, zeroOutputForMask: zeroOutputForMask, name: name)
    }

    public override class var className: String { "LSTM" }

    public override var config: [String: JSONValue] { cellArgumentsConfig }
}

/// Gated recurrent unit (`keras.layers.GRU`): an ``RNN`` over a ``GRUCell`` (`resetAfter` true by
/// default, as Keras 3).
///
/// Input `[B, T, in]` → `[B, units]` (or `[B, T, units]`); weights under the sublayer `cell`:
/// `kernel` `[in, 3u]`, `recurrent_kernel` `[u, 3u]`, `bias` `[2, 3u]` (`[3u]` without `resetAfter`).
public final class GRU: RNN {
    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                resetAfter: Bool = true, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil) throws {
        let cell = try GRUCell(units, activation: activation, recurrentActivation: recurrentActivation, resetAfter: resetAfter,
                               weights: weights, dropout: dropout, recurrentDropout: recurrentDropout, seed: seed, name: "gru_cell")
        super.init(cell, returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                   stateful: stateful, unroll: unroll, zeroOutputForMask: zeroOutputForMask, name: name)
    }

    public override class var className: String { "GRU" }

    public override var config: [String: JSONValue] { cellArgumentsConfig }
}
