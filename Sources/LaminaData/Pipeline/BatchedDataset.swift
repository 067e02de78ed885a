import LaminaCore

/// A ``Dataset`` of samples cut into batches: a ``BatchSource`` for `fit`, `evaluate` and
/// `predict`. Batch `b` of an epoch holds the samples at positions `b·size ..< (b+1)·size` of
/// that epoch's order, collated to `x: [n, ...]`, `y: [n, ...]`.
public struct BatchedDataset<X: Collatable, Y: Collatable>: BatchSource, Sendable {
    public let dataset: Dataset<Sample<X, Y>>
    public let size: Int
    /// Whether a last, smaller batch is dropped.
    public let dropRemainder: Bool

    /// Batches per epoch.
    public var count: Int { dropRemainder ? dataset.count / size : (dataset.count + size - 1) / size }
    public var batchCount: Int? { count }

    /// Makes batch `index` of `epoch` from that epoch's order (callable from any thread).
    func makeBatch(_ index: Int, order: [Int], epoch: Int) throws -> Batch {
        let lo = index * size, hi = Swift.min(order.count, lo + size)
        let samples = try order[lo..<hi].map { try dataset.make($0, epoch) }
        return Batch(x: try X.collate(samples.map(\.x)), y: try Y.collate(samples.map(\.y)))
    }

    /// Batch `index` of epoch `epoch`.
    public func batch(_ index: Int, epoch: Int = 0) throws -> Batch {
        guard index >= 0 && index < count else { throw DataError("Dataset", "batch \(index) is out of range (\(count) batches)") }
        return try makeBatch(index, order: dataset.order(epoch), epoch: epoch)
    }

    public func makeBatchIterator(epoch: Int) -> any BatchIterator {
        let order = dataset.order(epoch), me = self
        return SerialBatchIterator(count: count) { try me.makeBatch($0, order: order, epoch: epoch) }
    }

    /// The batches of `epoch`; stops at the first error (use ``makeBatchIterator(epoch:)`` — as
    /// `fit` does — to receive it).
    public func batches(epoch: Int) -> AnySequence<Batch> {
        let it = makeBatchIterator(epoch: epoch)
        return AnySequence(AnyIterator { (try? it.next()) ?? nil })
    }

    /// Prepares upcoming batches on `workers` background threads while the consumer (the
    /// training loop) works, like PyTorch's `DataLoader(num_workers:)`. At most `buffer`
    /// batches (default `2 · workers`) are made ahead; batches come out in order and are the
    /// same as without workers. `workers: 0` makes batches on the caller's thread.
    public func prefetch(workers: Int, buffer: Int? = nil) -> PrefetchedDataset<X, Y> {
        PrefetchedDataset(base: self, workers: Swift.max(0, workers), buffer: Swift.max(1, buffer ?? 2 * Swift.max(1, workers)))
    }
}

extension Dataset {
    /// Groups samples into batches of `size` (the last one smaller unless `dropRemainder`).
    public func batch<X, Y>(_ size: Int, dropRemainder: Bool = false) -> BatchedDataset<X, Y> where Element == Sample<X, Y> {
        BatchedDataset(dataset: self, size: Swift.max(1, size), dropRemainder: dropRemainder)
    }
}

/// Makes batches one at a time on the consumer's thread.
final class SerialBatchIterator: BatchIterator {
    let count: Int
    let make: (Int) throws -> Batch
    var position = 0
    var failed = false
    init(count: Int, make: @escaping (Int) throws -> Batch) { self.count = count; self.make = make }
    func next() throws -> Batch? {
        guard !failed, position < count else { return nil }
        do {
            let b = try make(position)
            position += 1
            return b
        } catch { failed = true; throw error }
    }
}
