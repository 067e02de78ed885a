import Lamina
import Testing

/// `[batch, n, n]` identity matrices: attending over them as the value gives the attention
/// weights themselves as the output, so the weights after dropout can be read off the output.
func identityValues(batch: Int, length: Int) -> Tensor {
    Tensor.eye(length).expandingDims(at: 0).broadcast(to: [batch, length, length])
}

/// What training-mode dropout did to attention weights `p`: the fraction zeroed, and whether
/// every kept weight is `p / (1 - rate)`.
func droppedWeights(_ dropped: Tensor, reference p: Tensor, rate: Float) -> (fraction: Double, keptScaled: Bool) {
    let d = dropped.scalars(), r = p.scalars()
    let zeros = d.filter { $0 == 0 }.count
    let scaled = zip(d, r).allSatisfy { a, e in a == 0 || abs(a - e / (1 - rate)) <= 1e-5 + 1e-4 * abs(e / (1 - rate)) }
    return (Double(zeros) / Double(d.count), scaled)
}

@Suite struct AttentionDropoutTests {
    // 8 · 16 · 32 = 4,096 attention weights: the dropped fraction is rate ± 0.007 (one sd).
    let batch = 8, tq = 16, tv = 32, dim = 8

    @Test func attentionDropoutIsTrainingOnlySeededAndDropsRateOfTheWeights() throws {
        let q = Tensor.randomNormal([batch, tq, dim], seed: 1), k = Tensor.randomNormal([batch, tv, dim], seed: 2)
        let v = identityValues(batch: batch, length: tv)
        let (reference, referenceScores) = try Attention()(query: q, value: v, key: k)
        expectClose(reference, referenceScores, "identity values: the output is the weights")
        #expect(referenceScores.scalars().allSatisfy { $0 > 0 })

        let rate: Float = 0.3
        let a = try Attention(dropout: rate, seed: 5), twin = try Attention(dropout: rate, seed: 5)
        let other = try Attention(dropout: rate, seed: 6)
        // Inference: dropout does nothing, for the eager API and the layer call alike.
        let (inference, inferenceScores) = try a(query: q, value: v, key: k)
        #expect(inference.scalars() == reference.scalars())
        #expect(inferenceScores.scalars() == referenceScores.scalars())
        #expect(try a([q, v, k])[0].scalars() == reference.scalars())

        // Training: a fraction ≈ rate of the weights is zeroed, the rest scaled by 1/(1 - rate).
        let (trained, trainedScores) = try a(query: q, value: v, key: k, training: true)
        let (fraction, keptScaled) = droppedWeights(trained, reference: reference, rate: rate)
        #expect(abs(fraction - Double(rate)) < 0.03, "dropped fraction \(fraction)")
        #expect(keptScaled, "kept weights are p / (1 - rate)")
        // Keras returns the weights after dropout as the scores.
        expectClose(trainedScores, trained, "training scores are the dropped weights")

        // Seeded: the same seed draws the same masks; another seed, or the next call, others.
        #expect(try twin(query: q, value: v, key: k, training: true).output.scalars() == trained.scalars())
        #expect(try other(query: q, value: v, key: k, training: true).output.scalars() != trained.scalars())
        #expect(try a(query: q, value: v, key: k, training: true).output.scalars() != trained.scalars())
        // The layer call (Functional path) drops too.
        let viaCall = try twin([q, v, k], training: true)[0]
        #expect(droppedWeights(viaCall, reference: reference, rate: rate).keptScaled)
        #expect(viaCall.scalars() != reference.scalars())
    }

    @Test func attentionDropoutInAModelOnlyWhileFitting() throws {
        // predict (inference) equals the same model without dropout; a training-mode call differs.
        func model(dropout: Float) throws -> Model {
            let q = Input(shape: [tq, dim]), v = Input(shape: [tv, tv]), k = Input(shape: [tv, dim])
            let out = try Attention(dropout: dropout, seed: 3)([q, v, k])[0]
            return try Model(inputs: [q, v, k], outputs: [out])
        }
        let x = [Tensor.randomNormal([batch, tq, dim], seed: 4), identityValues(batch: batch, length: tv),
                 Tensor.randomNormal([batch, tv, dim], seed: 5)]
        let plain = try model(dropout: 0), dropped = try model(dropout: 0.5)
        let reference = try plain.predict(x)[0]
        #expect(try dropped.predict(x)[0].scalars() == reference.scalars())
        let training = try dropped(x, training: true)[0]
        let (fraction, keptScaled) = droppedWeights(training, reference: reference, rate: 0.5)
        #expect(abs(fraction - 0.5) < 0.03 && keptScaled, "dropped fraction \(fraction)")
    }

    @Test func multiHeadAttentionDropoutIsTrainingOnlySeededAndDropsRateOfTheWeights() throws {
        // One head, key_dim = Tv, identity value and output projections (zero biases), identity
        // values: the layer's output is the (dropped) attention weights [batch, Tq, Tv].
        let rate: Float = 0.25
        func makeLayer(dropout: Float, seed: Int?) throws -> MultiHeadAttention {
            try MultiHeadAttention(numHeads: 1, keyDim: tv, dropout: dropout, seed: seed)
        }
        let q = Tensor.randomNormal([batch, tq, tv], seed: 6), k = Tensor.randomNormal([batch, tv, tv], seed: 7)
        let v = identityValues(batch: batch, length: tv)
        let mha = try makeLayer(dropout: rate, seed: 11)
        _ = try mha(query: q, value: v, key: k)
        try mha.valueDense!.setWeights([Tensor.eye(tv).reshaped([tv, 1, tv]), Tensor.zeros([1, tv])])
        try mha.outputDense!.setWeights([Tensor.eye(tv).reshaped([1, tv, tv]), Tensor.zeros([tv])])
        func copy(dropout: Float, seed: Int?) throws -> MultiHeadAttention {
            let m = try makeLayer(dropout: dropout, seed: seed)
            _ = try m(query: q, value: v, key: k)
            try m.setWeights(mha.getWeights())
            return m
        }
        let plain = try copy(dropout: 0, seed: nil)
        let (reference, scores) = try plain(query: q, value: v, key: k)
        expectClose(reference, scores.reshaped([batch, tq, tv]), "the output is the weights")

        // Inference: the same as without dropout.
        let (inference, inferenceScores) = try mha(query: q, value: v, key: k)
        #expect(inference.scalars() == reference.scalars())
        #expect(inferenceScores.scalars() == scores.scalars())
        #expect(try mha([q, v, k])[0].scalars() == reference.scalars())

        // Training: rate of the weights zeroed, the rest scaled; the scores are returned before
        // dropout (Keras's MultiHeadAttention does so, unlike Attention).
        let twin = try copy(dropout: rate, seed: 11), other = try copy(dropout: rate, seed: 12)
        let (trained, trainedScores) = try mha(query: q, value: v, key: k, training: true)
        let (fraction, keptScaled) = droppedWeights(trained, reference: reference, rate: rate)
        #expect(abs(fraction - Double(rate)) < 0.03, "dropped fraction \(fraction)")
        #expect(keptScaled, "kept weights are p / (1 - rate)")
        #expect(trainedScores.scalars() == scores.scalars())
        #expect(try twin(query: q, value: v, key: k, training: true).output.scalars() == trained.scalars())
        #expect(try other(query: q, value: v, key: k, training: true).output.scalars() != trained.scalars())
        let viaCall = try twin([q, v, k], training: true)[0]
        #expect(viaCall.scalars() != trained.scalars(), "the second draw of the same generator")
        #expect(droppedWeights(viaCall, reference: reference, rate: rate).keptScaled)
    }
}

/// `Attention` with `returnAttentionScores` in a Functional model: two outputs.
@Suite struct AttentionScoresOutputTests {
    /// ids (0 = padding) → Embedding(maskZero) → Attention(self, scores returned) → [output, scores].
    func model(causal: Bool = false) throws -> (Model, Embedding, Attention) {
        let ids = Input(shape: [6], dtype: .int32, name: "ids")
        let embedding = try Embedding(20, 8, maskZero: true, name: "tokens")
        let e = try embedding(ids)
        let attention = try Attention(name: "attention")
        attention.returnAttentionScores = true
        attention.useCausalMask = causal
        let outs = try attention([e, e])
        #expect(outs.count == 2)
        #expect(outs[0].shape == [nil, 6, 8] && outs[1].shape == [nil, 6, 6])
        return (try Model(inputs: [ids], outputs: outs), embedding, attention)
    }

    let ids = Tensor([3, 5, 7, 0, 0, 0,
                      1, 2, 4, 6, 8, 0] as [Int32], shape: [2, 6])

    @Test func scoresAreASecondOutputEqualToTheExplicitAPI() throws {
        let (model, embedding, attention) = try model()
        let outs = try model([ids])
        #expect(outs.count == 2)
        let (output, scores) = (outs[0], outs[1])
        #expect(output.shape == [2, 6, 8] && scores.shape == [2, 6, 6])
        // The eager API on the same embeddings and masks.
        let e = try embedding(ids), mask = try #require(try embedding.computeMask(ids))
        let explicit = try attention(query: e, value: e, queryMask: mask, valueMask: mask)
        expectClose(output, explicit.output, "output")
        expectClose(scores, explicit.scores, "scores")
        // predict returns both outputs too.
        let predicted = try model.predict([ids])
        #expect(predicted.count == 2)
        expectClose(predicted[1], scores, "predicted scores")

        let s = scores.scalars(), o = output.scalars(), valid = ids.intScalars().map { $0 != 0 }
        for b in 0..<2 {
            for i in 0..<6 {
                let row = s[(b * 6 + i) * 6 ..< (b * 6 + i + 1) * 6]
                #expect(abs(row.reduce(0, +) - 1) < 1e-5, "row \(b),\(i) sums to \(row.reduce(0, +))")
                for j in 0..<6 where !valid[b * 6 + j] {
                    #expect(row[row.startIndex + j] == 0, "padding key \(j) gets no attention")
                }
                if !valid[b * 6 + i] {
                    #expect(o[(b * 6 + i) * 8 ..< (b * 6 + i + 1) * 8].allSatisfy { $0 == 0 }, "padding query \(i) outputs zeros")
                }
            }
        }
        // Masking = leaving the padding out: each row's valid tokens alone give the same scores
        // and outputs over those tokens.
        for (b, n) in [(0, 3), (1, 5)] {
            let part = e.slice(axis: 0, b..<(b + 1)).slice(axis: 1, 0..<n)
            let alone = try attention(query: part, value: part)
            expectClose(scores.slice(axis: 0, b..<(b + 1)).slice(axis: 1, 0..<n).slice(axis: 2, 0..<n), alone.scores, "row \(b) scores")
            expectClose(output.slice(axis: 0, b..<(b + 1)).slice(axis: 1, 0..<n), alone.output, "row \(b) output")
        }
    }

    @Test func causalScoresAndConfigRoundTrip() throws {
        let (model, _, _) = try model(causal: true)
        let outs = try model([ids])
        let s = outs[1].scalars()
        for b in 0..<2 {
            for i in 0..<6 {
                let row = s[(b * 6 + i) * 6 ..< (b * 6 + i + 1) * 6]
                #expect(abs(row.reduce(0, +) - 1) < 1e-5)
                for j in (i + 1)..<6 { #expect(row[row.startIndex + j] == 0, "future key \(j) of query \(i)") }
            }
        }
        // The flags are call arguments of the Functional config: a rebuilt model has both outputs.
        let rebuilt = try Model.fromJSON(model.toJSON())
        try rebuilt.setWeights(model.getWeights())
        let again = try rebuilt([ids])
        #expect(again.count == 2)
        expectClose(again[1], outs[1], "rebuilt scores")
        expectClose(again[0], outs[0], "rebuilt output")
    }
}
