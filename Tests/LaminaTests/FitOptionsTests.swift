import Lamina
import Testing

/// fit's options and its checks of the data, before any step runs.
@Suite struct FitOptionsTests {
    func model() throws -> Sequential {
        let m = try Sequential { Input(shape: [3]); Dense(4, activation: .relu); Dense(2, activation: .softmax) }
        try m.compile(optimizer: SGD(learningRate: 0.1), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        return m
    }
    let x = Tensor.randomNormal([40, 3], seed: 1)
    let y = Tensor((0..<40).map { Int32($0 % 2) })

    @Test func stepsPerEpochValidationFreqAndInitialEpoch() throws {
        let m = try model()
        let h = try m.fit(x, y, batchSize: 8, epochs: 5, verbose: 0, validationData: (x, y), initialEpoch: 2,
                          stepsPerEpoch: 2, validationFreq: 2)
        #expect(h.epoch == [2, 3, 4])
        #expect(m.compiled?.optimizer.iterations == 6)             // 3 epochs × 2 steps
        #expect(h.history["val_loss"]?.count == 1)                  // only after epoch index 3 ((3+1) % 2 == 0)
        #expect(h.history["loss"]?.count == 3)
    }

    /// Keras's validation_split: the last fraction of the samples, before shuffling, validates; the
    /// rest trains (shuffled). The validation loss after an epoch with lr 0 equals evaluating the
    /// last 10 samples, and training on the first 30 alone moves the weights as much as the split does.
    @Test func validationSplitTakesTheLastSamples() throws {
        let frozen = try Sequential { Input(shape: [3]); Dense(4, activation: .relu); Dense(2, activation: .softmax) }
        try frozen.compile(optimizer: SGD(learningRate: 0), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let h = try frozen.fit(x, y, batchSize: 8, epochs: 1, verbose: 0, validationSplit: 0.25)
        let last = try frozen.evaluate(x.slice(axis: 0, 30..<40), y.slice(axis: 0, 30..<40), verbose: 0)
        #expect(abs(h.history["val_loss"]![0] - last["loss"]!) < 1e-6)
        #expect(frozen.compiled?.optimizer.iterations == 4)        // 30 training samples in batches of 8

        let a = try model(), b = try model()
        try b.setWeights(a.getWeights())
        _ = try a.fit(x, y, batchSize: 30, epochs: 1, verbose: 0, validationSplit: 0.25, shuffle: false)
        _ = try b.fit(x.slice(axis: 0, 0..<30), y.slice(axis: 0, 0..<30), batchSize: 30, epochs: 1, verbose: 0, shuffle: false)
        for (wa, wb) in zip(a.getWeights(), b.getWeights()) { #expect(wa.scalars() == wb.scalars()) }
    }

    @Test func sampleAndClassWeightsChangeTheLoss() throws {
        let m = try model()
        let plain = try m.evaluate(x, y, verbose: 0)["loss"]!
        let weights = Tensor((0..<40).map { $0 % 2 == 0 ? Float(0) : 2 })
        let weighted = try m.evaluate(x, y, verbose: 0, sampleWeight: weights)["loss"]!
        #expect(abs(weighted - plain) > 1e-4)
        // classWeight {0: 0, 1: 2} is the same weighting as the sample weights above.
        let a = try model(), b = try model()
        try try b.setWeights(a.getWeights())
        let ha = try a.fit(x, y, batchSize: 40, epochs: 1, verbose: 0, shuffle: false, sampleWeight: weights)
        let hb = try b.fit(x, y, batchSize: 40, epochs: 1, verbose: 0, shuffle: false, classWeight: [0: 0, 1: 2])
        #expect(ha.history["loss"] == hb.history["loss"])
    }

    @Test func fitTakesASequenceOfBatches() throws {
        let m = try model()
        let batches = (0..<5).map { i in Batch(x: x.slice(axis: 0, (i * 8)..<(i * 8 + 8)), y: y.slice(axis: 0, (i * 8)..<(i * 8 + 8))) }
        let h = try m.fit(batches, epochs: 3, verbose: 0)
        #expect(h.history["loss"]?.count == 3)
        #expect(m.compiled?.optimizer.iterations == 15)
    }

    @Test func mismatchedDataThrowsBeforeAnyStep() throws {
        let m = try model()
        let before = m.getWeights().map { $0.scalars() }
        #expect(throws: LaminaError.self) { try m.fit(x, y.slice(axis: 0, 0..<30), verbose: 0) }          // sizes
        #expect(throws: LaminaError.self) { try m.fit(Tensor.zeros([40, 5]), y, verbose: 0) }              // input shape
        #expect(throws: LaminaError.self) { try m.fit(x, Tensor.zeros([40, 7]), verbose: 0) }              // targets vs output
        #expect(throws: LaminaError.self) { try m.fit(x, y, verbose: 0, sampleWeight: Tensor.ones([3])) }  // weights
        #expect(throws: LaminaError.self) { try m.fit(x, y, batchSize: 0, verbose: 0) }
        #expect(throws: LaminaError.self) { try m.fit(x, y, verbose: 0, validationSplit: 1.5) }
        #expect(m.getWeights().map { $0.scalars() } == before)
        #expect(m.compiled?.optimizer.iterations == 0)
    }

    @Test func uncompiledAndUnknownNamesThrow() throws {
        let m = try Sequential { Input(shape: [3]); Dense(2) }
        #expect(throws: LaminaError.self) { try m.fit(x, y, verbose: 0) }
        #expect(throws: LaminaError.self) { try m.compile(optimizer: "adamm", loss: "mse") }
        #expect(throws: LaminaError.self) { try m.compile(optimizer: "adam", loss: "msee") }
        #expect(throws: LaminaError.self) { try m.compile(optimizer: "adam", loss: "mse", metrics: ["accuracyy"]) ; _ = try m.fit(x, Tensor.zeros([40, 2]), verbose: 0) }
    }
}
