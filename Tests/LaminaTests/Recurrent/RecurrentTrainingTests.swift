import Lamina
import Testing

/// Training an Embedding(maskZero) → LSTM → Dense(softmax) model on padded sequences, and the
/// errors of the recurrent layers (ids out of range, masks of the wrong shape, bad states).
@Suite struct RecurrentTrainingTests {
    /// Padded id sequences of length 3…10 (zeros after the end); the class is whether token 7
    /// occurs in the sequence, which the LSTM must remember across the padding it skips.
    static func data(count: Int, steps: Int = 10, seed: UInt64 = 5) -> (Tensor, Tensor) {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var ids = [Int32](repeating: 0, count: count * steps), labels = [Int32](repeating: 0, count: count)
        for b in 0..<count {
            let length = 3 + next(steps - 2)
            let positive = b % 2 == 0
            for t in 0..<length { ids[b * steps + t] = Int32(10 + next(990)) }
            if positive { ids[b * steps + next(length)] = 7 }
            labels[b] = positive ? 1 : 0
        }
        return (Tensor(ids, shape: [count, steps]), Tensor(labels, shape: [count]))
    }

    @Test func embeddingLSTMTrainsOnPaddedSequences() throws {
        setRandomSeed(11)
        let (x, y) = Self.data(count: 256)
        let embedding = try Embedding(1000, 16, maskZero: true), lstm = try LSTM(16)
        let model = try Sequential {
            Input(shape: [10], dtype: .int32)
            embedding
            lstm
            Dense(2, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x, y, batchSize: 32, epochs: 12, verbose: 0)
        let losses = try #require(history.history["loss"])
        #expect(losses.count == 12)
        #expect(losses.last! < losses.first! * 0.5, "loss went \(losses)")
        #expect(zip(losses, losses.dropFirst()).filter { $1 > $0 }.count <= 2, "loss should keep decreasing: \(losses)")
    }

    @Test func outOfRangeIdsThrowNamingTheLayer() throws {
        let embedding = try Embedding(10, 4, name: "tokens")
        #expect(throws: LaminaError.self) { try embedding(Tensor([1, 2, 10] as [Int32], shape: [1, 3])) }
        #expect(throws: LaminaError.self) { try embedding(Tensor([-1, 2] as [Int32], shape: [1, 2])) }
        do {
            _ = try embedding(Tensor([3, 12] as [Int32], shape: [1, 2]))
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect("\(e)".contains("tokens") && "\(e)".contains("12"), "message: \(e)")
        }
        #expect(try embedding(Tensor([0, 9] as [Int32], shape: [1, 2])).shape == [1, 2, 4])
    }

    @Test func maskOfTheWrongShapeThrows() throws {
        let lstm = try LSTM(3)
        let x = Tensor.zeros([2, 5, 4])
        #expect(throws: LaminaError.self) { try lstm([x], masks: [Tensor.ones([2, 4], dtype: .bool)]) }
        #expect(throws: LaminaError.self) { try lstm([x], masks: [Tensor.ones([5, 2], dtype: .bool)]) }
        #expect(try lstm([x], masks: [Tensor.ones([2, 5], dtype: .bool)])[0].shape == [2, 3])
    }

    @Test func wrongInitialStatesAndInputsThrow() throws {
        let gru = try GRU(3)
        let x = Tensor.zeros([2, 5, 4])
        #expect(throws: LaminaError.self) { try gru([x, Tensor.zeros([2, 4])]) }
        #expect(throws: LaminaError.self) { try LSTM(3)([Tensor.zeros([2, 4])]) }
        #expect(throws: LaminaError.self) { try Bidirectional(try LSTM(2), mergeMode: "max") }
    }

    @Test func maskingLayerSkipsPaddedSteps() throws {
        // A padded step (all features == maskValue) leaves the state alone: same result as the
        // sequence without it.
        setRandomSeed(3)
        let lstm = try LSTM(4)
        let masking = Masking(maskValue: -1)
        let x = Tensor.randomNormal([1, 3, 2], seed: 9)
        let padded = Tensor.concat([x, Tensor.full(-1, shape: [1, 2, 2])], axis: 1)
        let full = try lstm(x)
        let m = try masking.computeMask([padded], masks: [nil])[0]
        let skipped = try lstm([try masking(padded)], masks: [m])[0]
        #expect(zip(full.scalars(), skipped.scalars()).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func dropoutIsSeededAndTrainingOnly() throws {
        let x = Tensor.randomNormal([2, 4, 3], seed: 1)
        let a = try LSTM(3, dropout: 0.5, recurrentDropout: 0.3, seed: 42, returnSequences: true)
        let b = try LSTM(3, dropout: 0.5, recurrentDropout: 0.3, seed: 42, returnSequences: true)
        _ = try a(x)
        _ = try b(x)
        try b.setWeights(a.getWeights())
        let inference = try a(x), inferenceB = try b(x)
        #expect(inference.scalars() == inferenceB.scalars())
        let ta = try a(x, training: true), tb = try b(x, training: true)
        #expect(ta.scalars() == tb.scalars(), "same seed, same masks")
        #expect(ta.scalars() != inference.scalars(), "dropout changes the training output")
    }

    @Test func statefulCarriesStatesAcrossCalls() throws {
        let x = Tensor.randomNormal([2, 3, 2], seed: 4)
        let plain = try SimpleRNN(3, returnSequences: false)
        let stateful = try SimpleRNN(3, stateful: true)
        _ = try plain(x)
        _ = try stateful(x)
        try stateful.setWeights(plain.getWeights())
        stateful.resetStates()
        _ = try stateful(x)
        let second = try stateful(x)
        let joined = try plain(Tensor.concat([x, x], axis: 1))
        #expect(zip(second.scalars(), joined.scalars()).allSatisfy { abs($0 - $1) < 1e-5 })
        stateful.resetStates()
        #expect(try stateful(x).scalars() == (try plain(x)).scalars())
    }
}
