import Lamina
import LaminaModels
import Testing

@Suite struct GPTLanguageModelTests {
    func tinyModel() throws -> GPTLanguageModel {
        setRandomSeed(7)
        return try GPTLanguageModel(vocabularySize: 20, sequenceLength: 12, hiddenDim: 8, numHeads: 2, intermediateDim: 16, layers: 1)
    }

    @Test func shapesParametersAndCausality() throws {
        let model = try tinyModel()
        let ids = Tensor((0..<10).map { Int32($0 % 20) }, shape: [2, 5])
        let y = try model(ids)
        #expect(y.shape == [2, 5, 20])
        // Tokens 20·8 + positions 12·8; decoder: self-attention 4·(8·8 + 8), two LayerNorms 2·2·8,
        // feedforward 8·16 + 16 + 16·8 + 8; head 8·20 + 20.
        #expect(model.countParams() == 256 + 600 + 180)
        #expect(model.weights.count == 2 + 8 + 4 + 4 + 2)
        // Changing later tokens leaves earlier positions' logits unchanged.
        let changed = Tensor([0, 1, 9, 9, 9, 5, 6, 7, 8, 9] as [Int32], shape: [2, 5])
        let z = try model(changed)
        let a = y.slice(axis: 1, 0..<2).scalars(), b = z.slice(axis: 1, 0..<2).scalars()
        for (p, q) in zip(a, b) { #expect(abs(p - q) < 1e-5) }
    }

    @Test func generationIsDeterministicForASeed() throws {
        let model = try tinyModel()
        let sampling = GPTLanguageModel.Sampling(temperature: 1.0, topK: 5)
        let a = try model.generate(prompt: [1, 2, 3], count: 20, sampling: sampling, seed: 11)
        let b = try model.generate(prompt: [1, 2, 3], count: 20, sampling: sampling, seed: 11)
        #expect(a == b)
        #expect(a.count == 20 && a.allSatisfy { $0 >= 0 && $0 < 20 })
        let c = try model.generate(prompt: [1, 2, 3], count: 20, sampling: sampling, seed: 12)
        #expect(a != c)
        // Greedy = top-1 sampling, whatever the seed.
        let g = try model.generate(prompt: [1, 2, 3], count: 8, sampling: .greedy, seed: 1)
        #expect(g == (try model.generate(prompt: [1, 2, 3], count: 8, sampling: .init(temperature: 2, topK: 1), seed: 99)))
    }

    @Test func samplingRespectsTopK() {
        let logits: [Float] = [0.5, 3, -1, 2.5, 0, 2.8, 1]   // top 3: indices 1, 5, 3
        var rng = SplitMix64(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<500 {
            seen.insert(GPTLanguageModel.sample(logits: logits, sampling: .init(temperature: 1, topK: 3), rng: &rng))
        }
        #expect(seen == [1, 3, 5])
        #expect(GPTLanguageModel.sample(logits: logits, sampling: .greedy, rng: &rng) == 1)
        // A low temperature concentrates on the best token; no top-k reaches every token.
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<2000 { counts[GPTLanguageModel.sample(logits: logits, sampling: .init(temperature: 5), rng: &rng)] += 1 }
        #expect(counts.allSatisfy { $0 > 0 })
        var best = 0
        for _ in 0..<200 where GPTLanguageModel.sample(logits: logits, sampling: .init(temperature: 0.05), rng: &rng) == 1 { best += 1 }
        #expect(best > 190)
    }

    @Test func trainsOnARepeatingSequence() throws {
        let model = try tinyModel()
        let pattern: [Int32] = [1, 2, 3, 4, 5, 6, 7]
        let stream = (0..<200).map { pattern[$0 % 7] }
        var x: [Int32] = [], y: [Int32] = []
        for s in 0..<40 { x += stream[s ..< s + 10]; y += stream[s + 1 ... s + 10] }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: SparseCategoricalCrossentropy(fromLogits: true))
        let h = try model.fit(Tensor(x, shape: [40, 10]), Tensor(y, shape: [40, 10]), batchSize: 8, epochs: 25, verbose: 0)
        let loss = try #require(h.history["loss"])
        #expect(loss.last! < 0.5, "loss \(loss)")
        #expect(try model.generate(prompt: [3, 4, 5], count: 6) == [6, 7, 1, 2, 3, 4])
    }
}

/// Sequences longer than a model's context.
@Suite struct LongerSequenceTests {
    @Test func generateKeepsOnlyTheLastSequenceLengthTokens() throws {
        setRandomSeed(7)
        let model = try GPTLanguageModel(vocabularySize: 20, sequenceLength: 12, hiddenDim: 8, numHeads: 2, intermediateDim: 16, layers: 1)
        // A prompt longer than the context, and far more tokens than the context holds.
        let prompt = (0..<30).map { Int32(($0 * 7 + 3) % 20) }
        let long = try model.generate(prompt: prompt, count: 25)
        #expect(long.count == 25 && long.allSatisfy { $0 >= 0 && $0 < 20 })
        #expect(long == (try model.generate(prompt: Array(prompt.suffix(12)), count: 25)), "only the last 12 prompt tokens count")
        let sampling = GPTLanguageModel.Sampling(temperature: 1, topK: 5)
        #expect(try model.generate(prompt: prompt, count: 25, sampling: sampling, seed: 3)
                == (try model.generate(prompt: Array(prompt.suffix(12)), count: 25, sampling: sampling, seed: 3)))
        // A short prompt continued well past the context: each step sees the last 12 tokens.
        let short = try model.generate(prompt: [1, 2], count: 30)
        #expect(short.count == 30)
        let tokens: [Int32] = [1, 2] + short
        for step in [12, 20, 29] {
            let context = Array(tokens[..<(2 + step)].suffix(12))
            let logits = try model(Tensor(context, shape: [1, context.count])).slice(axis: 1, (context.count - 1)..<context.count)
            #expect(Int32(logits.reshaped([20]).argmax(axis: 0).intScalars()[0]) == short[step], "step \(step)")
        }
        // Calling the model itself on more ids than its context is a clear error.
        do {
            _ = try model(Tensor([Int32](repeating: 1, count: 13), shape: [1, 13]))
            Issue.record("no error for 13 ids")
        } catch let e as LaminaError {
            #expect("\(e)".contains("sequence_length=12") && "\(e)".contains("Received: inputs.shape=(1, 13, 8)"), "\(e)")
        }
    }

    @Test func fixedLengthClassifiersRejectLongerIds() throws {
        let longer = paddedIds(rows: 2, length: 12, vocabulary: 50)
        let labels = Tensor([0, 1] as [Int32], shape: [2])
        // An LSTM classifier defined for 8 ids: the input check names the input and both shapes.
        let lstm = try TextClassifiers.lstm(vocabularySize: 50, sequenceLength: 8, embeddingDim: 8, units: 4)
        #expect(try lstm(paddedIds(rows: 2, length: 8, vocabulary: 50)).shape == [2, 2])
        try lstm.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        for run in [{ _ = try lstm(longer) }, { _ = try lstm.predict(longer) }, { _ = try lstm.fit(longer, labels, epochs: 1, verbose: 0) }] {
            do {
                try run()
                Issue.record("no error for 12 ids")
            } catch let e as LaminaError {
                #expect("\(e)".contains("token_ids") && "\(e)".contains("8") && "\(e)".contains("12"), "\(e)")
            }
        }
        // A BERT-style classifier with 8 positions takes ids of any length up to 8; more is an error
        // naming the position embedding, the limit and the shape received.
        let bert = try TextClassifiers.bert(vocabularySize: 50, sequenceLength: 8, hiddenDim: 8, numHeads: 2, intermediateDim: 16, layers: 1)
        #expect(try bert(paddedIds(rows: 2, length: 5, vocabulary: 50)).shape == [2, 2])
        try bert.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        for run in [{ _ = try bert(longer) }, { _ = try bert.predict(longer) }, { _ = try bert.fit(longer, labels, epochs: 1, verbose: 0) }] {
            do {
                try run()
                Issue.record("no error for 12 ids")
            } catch let e as LaminaError {
                #expect("\(e)".contains("position_embedding") && "\(e)".contains("sequence_length=8")
                        && "\(e)".contains("Received: inputs.shape=(2, 12, 8)"), "\(e)")
            }
        }
        // Defining a model on a longer symbolic input fails at once.
        let embedding = try TokenAndPositionEmbedding(vocabularySize: 50, sequenceLength: 8, embeddingDim: 8)
        #expect(throws: LaminaError.self) { try embedding(Input(shape: [12], dtype: .int32)) }
        #expect(try embedding(Input(shape: [nil], dtype: .int32)).shape == [nil, nil, 8])
    }
}
