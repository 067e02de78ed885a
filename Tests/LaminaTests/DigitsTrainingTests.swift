import Lamina
import Testing

/// Trains on real data: scikit-learn's digits (Data/digits), as in the README.
@Suite struct DigitsTrainingTests {
    @Test func mlpReachesNinetyFivePercentOnHeldOutDigits() throws {
        setRandomSeed(7)
        let (x, y) = try Datasets.digits(path: RepoData.digits)
        #expect(x.shape == [1797, 64] && y.shape == [1797])
        // A seeded shuffled 80/20 split (the file is ordered by writer).
        let order = Tensor.randomUniform([1797], seed: 42).argsortIndices()
        let train = order.slice(axis: 0, 0..<1437), test = order.slice(axis: 0, 1437..<1797)
        let trainX = x.gather(train), trainY = y.gather(train)
        let testX = x.gather(test), testY = y.gather(test)

        let model = try Sequential {
            Input(shape: [64])
            Dense(64, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(trainX, trainY, batchSize: 32, epochs: 30, verbose: 0, validationSplit: 0.1)
        let losses = try #require(history.history["loss"])
        #expect(losses.count == 30)
        #expect(losses.last! < losses.first! / 4)
        #expect(history.keys == ["accuracy", "loss", "val_accuracy", "val_loss"])

        let result = try model.evaluate(testX, testY, verbose: 0)
        #expect(try #require(result["accuracy"]) >= 0.95)
        let predicted = try model.predict(testX).argmax(axis: -1)
        let manual = predicted.equal(testY).cast(to: .float32).mean().item()
        #expect(abs(manual - result["accuracy"]!) < 1e-6)
    }
}

extension Tensor {
    /// Indices that sort a vector ascending (for seeded permutations in tests).
    func argsortIndices() -> Tensor {
        let v = scalars()
        return Tensor(v.indices.sorted { v[$0] < v[$1] }.map { Int32($0) })
    }
}
