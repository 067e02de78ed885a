import Lamina
import LaminaModels
import Testing

/// Padded ids `[rows, length]` in `1..<vocabulary`, the last `padding` positions of odd rows 0.
func paddedIds(rows: Int, length: Int, vocabulary: Int, padding: Int = 2, seed: Int = 1) -> Tensor {
    let r = Tensor.randomUniform([rows, length], low: 1, high: Float(vocabulary) - 0.01, seed: seed).scalars()
    return Tensor((0..<rows * length).map { i in (i / length) % 2 == 1 && i % length >= length - padding ? 0 : Int32(r[i]) },
                  shape: [rows, length])
}

@Suite struct RNNClassifierTests {
    @Test func shapesParametersAndTrackedWeights() throws {
        setRandomSeed(1)
        let model = try RNNClassifier(vocabularySize: 100, classes: 3, embeddingDim: 8, units: 16)
        let y = try model(paddedIds(rows: 4, length: 7, vocabulary: 100))
        #expect(y.shape == [4, 3])
        // Embedding 100·8; SimpleRNN 8·16 + 16·16 + 16; Dense 16·3 + 3.
        #expect(model.countParams() == 800 + (128 + 256 + 16) + 51)
        #expect(model.weights.count == 1 + 3 + 2)
        #expect(model.sublayers.map(\.name) == ["embedding", "rnn", "classifier"])
        let rows = y.scalars()
        for r in 0..<4 { #expect(abs(rows[r * 3 ..< r * 3 + 3].reduce(0, +) - 1) < 1e-5) }
    }

    @Test func trainsWithAdamAndCrossEntropy() throws {
        setRandomSeed(2)
        // Class 1 iff token 3 occurs.
        let x = paddedIds(rows: 64, length: 6, vocabulary: 8, seed: 5)
        let v = x.intScalars()
        let y = Tensor((0..<64).map { r in v[r * 6 ..< r * 6 + 6].contains(3) ? Int32(1) : 0 }, shape: [64])
        let model = try RNNClassifier(vocabularySize: 8, classes: 2, embeddingDim: 8, units: 16)
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let h = try model.fit(x, y, batchSize: 16, epochs: 30, verbose: 0)
        let loss = try #require(h.history["loss"])
        #expect(loss.last! < loss.first! * 0.5, "loss \(loss)")
    }
}

@Suite struct TextModelTests {
    @Test func recurrentClassifiersShapesAndParameterCounts() throws {
        let x = paddedIds(rows: 3, length: 5, vocabulary: 50)
        let lstm = try TextClassifiers.lstm(vocabularySize: 50, sequenceLength: 5, classes: 2, embeddingDim: 8, units: 4)
        // Embedding 50·8; LSTM 4·(8·4 + 4·4 + 4); Dense 4·2 + 2.
        #expect(lstm.countParams() == 400 + 208 + 10)
        #expect(try lstm(x).shape == [3, 2])
        let gru = try TextClassifiers.gru(vocabularySize: 50, sequenceLength: 5, classes: 2, embeddingDim: 8, units: 4)
        // GRU (reset_after): 3·(8·4 + 4·4) + 2·3·4.
        #expect(gru.countParams() == 400 + 168 + 10)
        #expect(try gru(x).shape == [3, 2])
        let bi = try TextClassifiers.bidirectionalLSTM(vocabularySize: 50, sequenceLength: 5, classes: 3, embeddingDim: 8, units: 4)
        // Two LSTMs, concatenated outputs of 8 → Dense 8·3 + 3.
        #expect(bi.countParams() == 400 + 2 * 208 + 27)
        #expect(try bi(x).shape == [3, 3])
    }

    @Test func attentionClassifierTakesIdsAndMaskOfAnyLength() throws {
        let model = try TextClassifiers.attention(vocabularySize: 50, classes: 2, embeddingDim: 8)
        #expect(model.inputs.count == 2)
        #expect(model.countParams() == 400 + 18)   // Attention (dot, no scale) has no weights
        for length in [4, 9] {
            let ids = paddedIds(rows: 3, length: length, vocabulary: 50)
            let y = try model([ids, TextClassifiers.paddingMask(ids)])
            #expect(y[0].shape == [3, 2])
        }
        // Masked positions do not change the output: padding with 0s vs with other ids.
        let ids = paddedIds(rows: 2, length: 6, vocabulary: 50, padding: 3)
        let mask = TextClassifiers.paddingMask(ids)
        let other = Tensor(ids.intScalars().map { $0 == 0 ? 7 : $0 }, shape: ids.shape)
        let a = try model([ids, mask])[0].scalars(), b = try model([other, mask])[0].scalars()
        for (p, q) in zip(a, b) { #expect(abs(p - q) < 1e-5) }
    }

    @Test func attentionClassifierTrains() throws {
        setRandomSeed(4)
        let x = paddedIds(rows: 64, length: 6, vocabulary: 8, seed: 6)
        let v = x.intScalars()
        let y = Tensor((0..<64).map { r in v[r * 6 ..< r * 6 + 6].contains(3) ? Int32(1) : 0 }, shape: [64])
        let model = try TextClassifiers.attention(vocabularySize: 8, embeddingDim: 16)
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy")
        let h = try model.fit([x, TextClassifiers.paddingMask(x)], [y], batchSize: 16, epochs: 30, verbose: 0)
        let loss = try #require(h.history["loss"])
        #expect(loss.last! < loss.first! * 0.7, "loss \(loss)")
    }
}

@Suite struct BERTClassifierTests {
    @Test func shapesAndParameterCount() throws {
        let model = try TextClassifiers.bert(vocabularySize: 50, sequenceLength: 10, classes: 2, hiddenDim: 8, numHeads: 2,
                                             intermediateDim: 16, layers: 1)
        // Tokens 50·8 + positions 10·8; encoder: attention 4·(8·8 + 8), two LayerNorms 2·2·8,
        // feedforward 8·16 + 16 + 16·8 + 8; Dense 8·2 + 2.
        // (The encoder's attention builds its projections on the first call, so count after one.)
        let y = try model(paddedIds(rows: 3, length: 7, vocabulary: 50))
        #expect(y.shape == [3, 2])
        #expect(model.countParams() == 480 + (288 + 32 + 280) + 18)
        let two = try TextClassifiers.bert(vocabularySize: 50, sequenceLength: 10, hiddenDim: 8, numHeads: 2, intermediateDim: 16, layers: 2)
        _ = try two(paddedIds(rows: 1, length: 10, vocabulary: 50))
        #expect(two.countParams() == 480 + 2 * 600 + 18)
    }
}
