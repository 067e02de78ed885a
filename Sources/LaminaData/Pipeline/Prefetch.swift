import Foundation
import LaminaCore

/// A ``BatchedDataset`` whose batches are made ahead on background threads (see
/// ``BatchedDataset/prefetch(workers:buffer:)``).
///
/// - Order: batches come out in order, identical to the serial pipeline.
/// - Memory: at most `buffer` batches are claimed by workers or waiting for the consumer.
/// - Errors: the first batch that fails is thrown by the iterator's `next()` in the consumer,
///   and the workers stop.
/// - Early stop: dropping the iterator (a `break`, `stepsPerEpoch`, early stopping) cancels the
///   workers and waits for them to finish the batch in hand.
public struct PrefetchedDataset<X: Collatable, Y: Collatable>: BatchSource, Sendable {
    public let base: BatchedDataset<X, Y>
    public let workers: Int
    public let buffer: Int

    public var batchCount: Int? { base.count }

    public func makeBatchIterator(epoch: Int) -> any BatchIterator {
        if workers == 0 { return base.makeBatchIterator(epoch: epoch) }
        let order = base.dataset.order(epoch), b = base
        return PrefetchIterator(count: base.count, workers: workers, buffer: buffer) { try b.makeBatch($0, order: order, epoch: epoch) }
    }

    /// The batches of `epoch`; stops at the first error (use ``makeBatchIterator(epoch:)`` to receive it).
    public func batches(epoch: Int) -> AnySequence<Batch> {
        let it = makeBatchIterator(epoch: epoch)
        return AnySequence(AnyIterator { (try? it.next()) ?? nil })
    }
}

/// The consumer's handle; owns the shared state and cancels the workers when released.
final class PrefetchIterator: BatchIterator {
    private let state: PrefetchState

    init(count: Int, workers: Int, buffer: Int, make: @escaping @Sendable (Int) throws -> Batch) {
        state = PrefetchState(count: count, buffer: buffer, make: make)
        for _ in 0..<Swift.min(workers, Swift.max(count, 1)) { state.startWorker() }
    }

    func next() throws -> Batch? { try state.take() }

    deinit { state.cancelAndJoin() }
}

/// State shared by the workers and the consumer, guarded by `condition`.
final class PrefetchState: @unchecked Sendable {
    let condition = NSCondition()
    let count: Int
    let buffer: Int
    let make: @Sendable (Int) throws -> Batch
    var ready: [Int: Result<Batch, any Error>] = [:]
    var claimed = 0      // batches handed to workers so far
    var consumed = 0     // batches returned to the consumer
    var running = 0      // live worker threads
    var stopped = false  // cancelled, or an error was delivered

    init(count: Int, buffer: Int, make: @escaping @Sendable (Int) throws -> Batch) {
        self.count = count; self.buffer = buffer; self.make = make
    }

    func startWorker() {
        condition.lock(); running += 1; condition.unlock()
        let thread = Thread { [self] in work() }
        thread.name = "lamina.prefetch"
        thread.start()
    }

    private func work() {
        condition.lock()
        while true {
            while !stopped && claimed < count && claimed - consumed >= buffer { condition.wait() }
            if stopped || claimed >= count { break }
            let index = claimed
            claimed += 1
            condition.unlock()
            let result = Result { try make(index) }
            condition.lock()
            ready[index] = result
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, consumed < count else { return nil }
        while ready[consumed] == nil { condition.wait() }
        let result = ready.removeValue(forKey: consumed)!
        consumed += 1
        condition.broadcast()
        switch result {
        case .success(let batch): return batch
        case .failure(let error):
            stopped = true
            ready.removeAll()
            throw error
        }
    }

    func cancelAndJoin() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        ready.removeAll()
        condition.unlock()
    }
}
