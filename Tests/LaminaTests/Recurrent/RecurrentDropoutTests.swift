import Lamina
import Testing

/// `recurrentDropout` without input dropout, and LSTM's `unitForgetBias`.
@Suite struct RecurrentDropoutTests {
    static func layer(_ kind: String, recurrentDropout: Float, seed: Int?) throws -> RNN {
        switch kind {
        case "SimpleRNN": return try SimpleRNN(6, recurrentDropout: recurrentDropout, seed: seed, returnSequences: true)
        case "LSTM": return try LSTM(6, recurrentDropout: recurrentDropout, seed: seed, returnSequences: true)
        default: return try GRU(6, recurrentDropout: recurrentDropout, seed: seed, returnSequences: true)
        }
    }

    @Test(arguments: ["SimpleRNN", "LSTM", "GRU"])
    func recurrentDropoutAloneIsTrainingOnlySeededAndChangesTrainingOutputs(kind: String) throws {
        let x = Tensor.randomNormal([4, 7, 5], seed: 3)
        let plain = try Self.layer(kind, recurrentDropout: 0, seed: nil)
        let reference = try plain(x)
        func copy(seed: Int) throws -> RNN {
            let l = try Self.layer(kind, recurrentDropout: 0.4, seed: seed)
            _ = try l(x)
            try l.setWeights(plain.getWeights())
            return l
        }
        let a = try copy(seed: 42), twin = try copy(seed: 42), other = try copy(seed: 43)
        #expect(a.cell.dropout == 0 && a.cell.recurrentDropout == 0.4)

        // Inference: unchanged by the rate; training without dropout: unchanged too.
        #expect(try a(x).scalars() == reference.scalars())
        #expect(try plain(x, training: true).scalars() == reference.scalars())

        // Training: the outputs change, except at the first step (the initial state is zeros, and
        // the input is not dropped).
        let trained = try a(x, training: true)
        #expect(trained.shape == reference.shape)
        expectClose(trained.slice(axis: 1, 0..<1), reference.slice(axis: 1, 0..<1), "\(kind) first step")
        let later = trained.slice(axis: 1, 1..<7).scalars(), referenceLater = reference.slice(axis: 1, 1..<7).scalars()
        let changed = zip(later, referenceLater).filter { abs($0 - $1) > 1e-4 }.count
        #expect(changed > later.count / 4, "\(kind): \(changed) of \(later.count) later outputs changed")

        // Seeded: the same seed gives the same masks; another seed (or the next call) others.
        #expect(try twin(x, training: true).scalars() == trained.scalars())
        #expect(try other(x, training: true).scalars() != trained.scalars())
        #expect(try a(x, training: true).scalars() != trained.scalars())
        // Inference after training calls: still the plain outputs.
        #expect(try a(x).scalars() == reference.scalars())
    }

    /// Recurrent dropout drops `h` where it enters the recurrent products, never the state carried
    /// to the next step (Keras's cells): with GRU's update gate saturated at 1 the state stays the
    /// initial state, and with LSTM's forget gate at 1 and input gate at 0 the carry stays `c0`.
    @Test func recurrentDropoutLeavesTheCarriedStateAlone() throws {
        let u = 4, steps = 5
        let x = Tensor.randomNormal([3, steps, 2], seed: 8)
        let h0 = Tensor.randomUniform([3, u], low: -1, high: 1, seed: 9), c0 = Tensor.randomUniform([3, u], low: -1, high: 1, seed: 10)

        let gru = try GRU(u, recurrentDropout: 0.5, seed: 1, returnSequences: true)
        _ = try gru([x, h0])
        var gruBias = [Float](repeating: 0, count: 2 * 3 * u)   // [input; recurrent] × [z, r, h]
        for j in 0..<u { gruBias[j] = 40 }                       // z = sigmoid(40 + …) = 1
        try gru.setWeights([Tensor.zeros([2, 3 * u]), gru.getWeights()[1], Tensor(gruBias, shape: [2, 3 * u])])
        let g = try gru([x, h0], training: true)[0]
        for t in 0..<steps { expectClose(g.slice(axis: 1, t..<(t + 1)).reshaped([3, u]), h0, "GRU step \(t)") }

        let lstm = try LSTM(u, recurrentDropout: 0.5, seed: 1, returnSequences: true)
        _ = try lstm([x, h0, c0])
        // Keras's gate blocks i, f, c, o: input gate 0, forget gate 1, output gate 1.
        let lstmBias = [Float](repeating: -40, count: u) + [Float](repeating: 40, count: u)
            + [Float](repeating: 0, count: u) + [Float](repeating: 40, count: u)
        try lstm.setWeights([Tensor.zeros([2, 4 * u]), lstm.getWeights()[1], Tensor(lstmBias, shape: [4 * u])])
        let l = try lstm([x, h0, c0], training: true)[0]
        for t in 0..<steps { expectClose(l.slice(axis: 1, t..<(t + 1)).reshaped([3, u]), c0.tanh(), "LSTM step \(t)") }
    }

    @Test func lstmUnitForgetBiasSetsTheForgetBlockToOnes() throws {
        let u = 3, x = Tensor.zeros([1, 2, 4])
        func bias(_ lstm: LSTM) throws -> [Float] {
            _ = try lstm(x)
            return try #require((lstm.cell as? LSTMCell)?.bias).value.scalars()
        }
        // Keras's layout: blocks i, f, c, o of `units` each; only f starts at 1.
        let zeros = [Float](repeating: 0, count: u), ones = [Float](repeating: 1, count: u)
        let on = try LSTM(u)
        #expect(try bias(on) == zeros + ones + zeros + zeros)
        #expect(on.config["unit_forget_bias"]?.bool == true)
        let off = try LSTM(u, unitForgetBias: false)
        #expect(try bias(off) == zeros + zeros + zeros + zeros)
        #expect(off.config["unit_forget_bias"]?.bool == false)
        // The other blocks keep the bias initializer.
        let half = [Float](repeating: 0.5, count: u)
        #expect(try bias(try LSTM(u, weights: .init(biasInitializer: Constant(value: 0.5)))) == half + ones + half + half)
        #expect(try bias(try LSTM(u, unitForgetBias: false, weights: .init(biasInitializer: Constant(value: 0.5)))) == half + half + half + half)
        // Rebuilt from its config, the layer keeps the flag.
        let rebuilt = try #require(try LayerRegistry.layer(from: on.serialized()) as? LSTM)
        #expect(try bias(rebuilt) == zeros + ones + zeros + zeros)
    }
}
