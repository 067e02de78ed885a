import Foundation
import Lamina
import Testing

/// The data pipeline: Dataset → shuffle → map → batch → prefetch, and fit/evaluate/predict on it.
@Suite struct DatasetPipelineTests {
    static func numbers(_ n: Int) throws -> Dataset<Sample<Tensor, Int>> {
        try Dataset(x: (0..<n).map { Tensor([Float($0), Float($0) * 2], shape: [2]) }, y: (0..<n).map { $0 % 3 })
    }

    static func contents(_ source: any BatchSource, epoch: Int = 0) throws -> [[Float]] {
        let it = source.makeBatchIterator(epoch: epoch)
        var out: [[Float]] = []
        while let b = try it.next() { out.append(b.x[0].scalars() + b.y[0].scalars()) }
        return out
    }

    @Test func batchesInOrderWithRemainder() throws {
        let d = try Self.numbers(10).batch(4)
        #expect(d.count == 3)
        let b = try d.batch(2)
        #expect(b.x[0].shape == [2, 2] && b.y[0].shape == [2] && b.y[0].dtype == .int32)
        #expect(b.x[0].scalars() == [8, 16, 9, 18])
        #expect(try Self.numbers(10).batch(4, dropRemainder: true).count == 2)
    }

    @Test func tensorDatasetSlicesRows() throws {
        let x = Tensor((0..<12).map(Float.init), shape: [4, 3]), y = Tensor([Int32(1), 2, 3, 4], shape: [4])
        let d = try Dataset(x: x, y: y)
        #expect(try d.element(at: 2).x.scalars() == [6, 7, 8])
        #expect(try d.element(at: 2).y.intScalars() == [3])
        #expect(throws: DataError.self) { try Dataset(x: x, y: Tensor([Int32(1)], shape: [1])) }
    }

    @Test func shuffleIsSeededAndChangesEachEpoch() throws {
        let d = try Self.numbers(50).shuffle(seed: 3)
        let e0 = try d.elements(epoch: 0).map(\.y), e0b = try Self.numbers(50).shuffle(seed: 3).elements(epoch: 0).map(\.y)
        #expect(e0 == e0b, "same seed, same order")
        let ids0 = try d.elements(epoch: 0).map { Int($0.x.scalars()[0]) }, ids1 = try d.elements(epoch: 1).map { Int($0.x.scalars()[0]) }
        #expect(ids0 != ids1, "a new order each epoch")
        #expect(ids0.sorted() == Array(0..<50), "a permutation")
        #expect(ids0 != Array(0..<50))
    }

    @Test func prefetchGivesTheSameBatchesInTheSameOrder() throws {
        let d = try Self.numbers(37).shuffle(seed: 5)
            .batch(5)
        for epoch in 0..<2 {
            let serial = try Self.contents(d, epoch: epoch)
            #expect(try Self.contents(d.prefetch(workers: 2), epoch: epoch) == serial)
            #expect(try Self.contents(d.prefetch(workers: 3, buffer: 1), epoch: epoch) == serial)
            #expect(try Self.contents(d.prefetch(workers: 0), epoch: epoch) == serial)
        }
    }

    @Test func randomTransformsAreTheSameWithAndWithoutWorkers() throws {
        let images = (0..<24).map { i in try! Image(height: 4, width: 4, channels: 1, pixels: (0..<16).map { UInt8(($0 * 7 + i) % 256) }) }
        let d = try Dataset(x: images, y: Array(0..<24)).shuffle(seed: 1)
            .map(Transforms.RandomCrop(height: 3, width: 3, padding: 1, seed: 4))
            .map(Transforms.RandomHorizontalFlip(seed: 5))
            .map(Transforms.ToTensor())
            .batch(5)
        let serial = try Self.contents(d)
        #expect(try Self.contents(d.prefetch(workers: 2)) == serial)
        #expect(try Self.contents(d, epoch: 1) != serial, "new augmentations each epoch")
    }

    @Test func prefetchOverlapsSlowTransforms() throws {
        let d = try Self.numbers(16).map { (s: Sample<Tensor, Int>) -> Sample<Tensor, Int> in
            Thread.sleep(forTimeInterval: 0.02)
            return s
        }.batch(2)
        func time(_ s: any BatchSource) throws -> Double {
            let start = Date()
            _ = try Self.contents(s)
            return Date().timeIntervalSince(start)
        }
        let serial = try time(d), parallel = try time(d.prefetch(workers: 2))
        #expect(serial > 0.3)
        #expect(parallel < serial * 0.75, "2 workers: \(parallel) s vs serial \(serial) s")
    }

    struct Broken: Error {}

    @Test func workerErrorsReachTheConsumer() throws {
        let d = try Self.numbers(20).map { (s: Sample<Tensor, Int>) throws -> Sample<Tensor, Int> in
            if s.y == 2 && s.x.scalars()[0] == 11 { throw DataError("sample-11.png", "corrupt") }
            return s
        }.batch(3).prefetch(workers: 2)
        let it = d.makeBatchIterator(epoch: 0)
        var got = 0
        let error = #expect(throws: DataError.self) { while try it.next() != nil { got += 1 } }
        #expect(error?.path == "sample-11.png")
        #expect(got == 3, "batches 0–2 arrive before batch 3 fails")
        #expect(try it.next() == nil, "stops after the error")
    }

    @Test func droppingTheIteratorEarlyStopsTheWorkers() throws {
        let counter = Counter()
        let d = try Self.numbers(400).map { (s: Sample<Tensor, Int>) -> Sample<Tensor, Int> in
            counter.increment()
            return s
        }.batch(4).prefetch(workers: 2, buffer: 2)
        do {
            let it = d.makeBatchIterator(epoch: 0)
            _ = try it.next()
        }
        let after = counter.value
        Thread.sleep(forTimeInterval: 0.05)
        #expect(counter.value == after, "no work after the iterator is released")
        #expect(after <= 4 * 4, "only a bounded number of batches were made ahead: \(after) samples")
    }

    @Test func fitEvaluatePredictTakeTheDataset() throws {
        let x = Tensor((0..<64).map { Float($0 % 8) / 8 }, shape: [32, 2]), y = Tensor((0..<32).map { Int32($0 % 2) }, shape: [32])
        let data = try Dataset(x: x, y: y).shuffle(seed: 1).batch(8).prefetch(workers: 2)
        let model = try Sequential([Dense(2)], input: Input(shape: [2]))
        try model.compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy")
        let history = try model.fit(source: data, epochs: 2, verbose: 0)
        #expect(history.history["loss"]?.count == 2)
        #expect(try model.evaluate(source: data, verbose: 0)["loss"] != nil)
        #expect(try model.predict(source: try Dataset(x: x, y: y).batch(8)).first?.shape == [32, 2])
    }

    @Test func aTransformWithTheWrongShapeFailsFitClearly() throws {
        let x = Tensor((0..<48).map(Float.init), shape: [4, 4, 3]), y = Tensor([Int32(0), 1, 0, 1], shape: [4])
        let data = try Dataset(x: x, y: y).map(Transforms.CenterCrop<Tensor>(height: 2, width: 2)).batch(2)
        let model = try Sequential([try Flatten(), Dense(2)], input: Input(shape: [4, 3]))
        try model.compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy")
        let error = #expect(throws: LaminaError.self) { try model.fit(source: data, epochs: 1, verbose: 0) }
        #expect(error?.message.contains("batch 0 of epoch 0") == true)
        #expect(error?.message.contains("(None, 4, 3)") == true, "\(error?.message ?? "")")
        // Samples of different shapes in one batch are caught when the batch is collated.
        let ragged = try Dataset(x: [Tensor.zeros([2]), Tensor.zeros([3])], y: [0, 1]).batch(2)
        #expect(throws: DataError.self) { try model.fit(source: ragged, epochs: 1, verbose: 0) }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
