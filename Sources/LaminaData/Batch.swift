import LaminaCore

/// One batch of training data: the model's inputs, the targets, optional per-sample weights.
public struct Batch: Sendable {
    public var x: [Tensor]
    public var y: [Tensor]
    public var sampleWeight: Tensor?

    public init(x: [Tensor], y: [Tensor] = [], sampleWeight: Tensor? = nil) {
        self.x = x; self.y = y; self.sampleWeight = sampleWeight
    }
    public init(x: Tensor, y: Tensor, sampleWeight: Tensor? = nil) {
        self.init(x: [x], y: [y], sampleWeight: sampleWeight)
    }
    /// Number of samples (the first dimension of the first input).
    public var size: Int { x.first?.shape.first ?? 0 }
}

/// Something that produces the batches of one epoch: in-memory arrays (sliced and shuffled by
/// `fit`) or any sequence of ``Batch`` (the Vision data pipeline).
public protocol BatchSource {
    /// The batches of epoch `epoch` (0-based).
    func batches(epoch: Int) -> AnySequence<Batch>
    /// Batches per epoch, if known (for the progress bar).
    var batchCount: Int? { get }
    /// Iterates the batches of epoch `epoch` with errors surfaced: `fit`, `evaluate` and
    /// `predict` use this. The default wraps ``batches(epoch:)``; a data pipeline overrides it
    /// so that a failing file read or transform throws to the caller (and dropping the iterator
    /// early stops background workers).
    func makeBatchIterator(epoch: Int) -> any BatchIterator
}

/// A throwing iterator over the batches of one epoch (see ``BatchSource/makeBatchIterator(epoch:)``).
public protocol BatchIterator: AnyObject {
    /// The next batch, or nil at the end of the epoch.
    /// - Throws: the error of the first batch that could not be made; later calls return nil.
    func next() throws -> Batch?
}

extension BatchSource {
    public func makeBatchIterator(epoch: Int) -> any BatchIterator { SequenceBatchIterator(batches(epoch: epoch)) }
}

/// Wraps a non-throwing sequence of batches.
final class SequenceBatchIterator: BatchIterator {
    var iterator: AnySequence<Batch>.Iterator
    init(_ sequence: AnySequence<Batch>) { iterator = sequence.makeIterator() }
    func next() throws -> Batch? { iterator.next() }
}

/// Wraps any sequence of batches (re-iterated every epoch).
public struct SequenceSource<S: Sequence>: BatchSource where S.Element == Batch {
    let sequence: S
    public init(_ sequence: S) { self.sequence = sequence }
    public func batches(epoch: Int) -> AnySequence<Batch> { AnySequence(sequence) }
    public var batchCount: Int? { (sequence as? any Collection)?.count }
}

