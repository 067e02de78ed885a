import LaminaCore

/// A lazily evaluated, indexable dataset (like `tf.data.Dataset` / a PyTorch `Dataset`):
/// `count` elements, produced on demand by index, optionally shuffled and transformed.
///
/// ```swift
/// let train = try Dataset(x: images, y: labels)          // [Image], [Int]
///     .shuffle(seed: 42)
///     .map(Transforms.RandomCrop(height: 32, width: 32, padding: 4, seed: 1))
///     .map(Transforms.RandomHorizontalFlip(seed: 2))
///     .map(Transforms.ToTensor())                          // [32, 32, 3] floats in [0, 1]
///     .batch(64)                                           // x [64, 32, 32, 3], y [64]
///     .prefetch(workers: 2)
/// try model.fit(source: train, epochs: 10)
/// ```
/// Elements are made when a batch needs them, on worker threads after ``BatchedDataset/prefetch(workers:buffer:)``.
public struct Dataset<Element: Sendable>: Sendable {
    /// Number of elements.
    public let count: Int
    /// The source indices of one epoch, in the order they are produced.
    let order: @Sendable (_ epoch: Int) -> [Int]
    /// The element with source index `index` in epoch `epoch`.
    let make: @Sendable (_ index: Int, _ epoch: Int) throws -> Element

    init(count: Int, order: @escaping @Sendable (Int) -> [Int], make: @escaping @Sendable (Int, Int) throws -> Element) {
        self.count = count; self.order = order; self.make = make
    }

    /// A dataset of `count` elements made on demand by `element(index)` (e.g. reading a file).
    public init(count: Int, element: @escaping @Sendable (_ index: Int) throws -> Element) {
        self.init(count: count, order: { _ in Array(0..<count) }, make: { i, _ in try element(i) })
    }

    /// A dataset over an array.
    public init(_ elements: [Element]) {
        self.init(count: elements.count) { elements[$0] }
    }

    /// The element at position `position` of epoch `epoch` (after shuffling).
    public func element(at position: Int, epoch: Int = 0) throws -> Element {
        let o = order(epoch)
        guard position >= 0 && position < o.count else {
            throw DataError("Dataset", "position \(position) is out of range for \(o.count) elements")
        }
        return try make(o[position], epoch)
    }

    /// All elements of epoch `epoch`, in order.
    public func elements(epoch: Int = 0) throws -> [Element] { try order(epoch).map { try make($0, epoch) } }

    /// Applies `transform` to every element when it is produced.
    public func map<U: Sendable>(_ transform: @escaping @Sendable (Element) throws -> U) -> Dataset<U> {
        let make = self.make
        return Dataset<U>(count: count, order: order) { i, e in try transform(try make(i, e)) }
    }

    /// Applies `transform` with the sample's ``SampleContext`` (for seeded random transforms).
    public func map<U: Sendable>(_ transform: @escaping @Sendable (Element, SampleContext) throws -> U) -> Dataset<U> {
        let make = self.make
        return Dataset<U>(count: count, order: order) { i, e in try transform(try make(i, e), SampleContext(index: i, epoch: e)) }
    }

    /// Applies a ``Transform`` to whole elements.
    public func map<T: Transform>(_ transform: T) -> Dataset<T.Output> where T.Input == Element {
        map { (element: Element, context: SampleContext) in try transform.apply(element, context: context) }
    }

    /// Shuffles the order every epoch: epoch `e` uses a permutation determined by (`seed`, `e`),
    /// so runs with the same seed see the same orders, and each epoch sees a new one.
    public func shuffle(seed: Int) -> Dataset {
        let previous = order, s = UInt64(bitPattern: Int64(seed))
        return Dataset(count: count, order: { epoch in
            var o = previous(epoch)
            var g = Philox(seed: mix(s, UInt64(truncatingIfNeeded: epoch), 0x5348_5546))
            if o.count > 1 {
                for i in stride(from: o.count - 1, to: 0, by: -1) { o.swapAt(i, Int(g.next() % UInt32(i + 1))) }
            }
            return o
        }, make: make)
    }

    /// The first `n` elements (of each epoch's order).
    public func take(_ n: Int) -> Dataset {
        let previous = order, k = Swift.max(0, Swift.min(n, count))
        return Dataset(count: k, order: { Array(previous($0).prefix(k)) }, make: make)
    }
}

extension Dataset {
    /// Pairs inputs and targets: element `i` is `Sample(x: x[i], y: y[i])`.
    /// - Throws: ``DataError`` if the counts differ.
    public init<X, Y>(x: [X], y: [Y]) throws where Element == Sample<X, Y> {
        guard x.count == y.count else { throw DataError("Dataset(x:y:)", "x has \(x.count) elements but y has \(y.count)") }
        self.init(count: x.count) { Sample(x: x[$0], y: y[$0]) }
    }

    /// Slices tensors along the first axis: element `i` is `Sample(x: x[i], y: y[i])` with
    /// shapes `x.shape.dropFirst()` and `y.shape.dropFirst()`.
    /// - Throws: ``DataError`` if the first dimensions differ.
    public init(x: Tensor, y: Tensor) throws where Element == Sample<Tensor, Tensor> {
        guard let n = x.shape.first, y.shape.first == n else {
            throw DataError("Dataset(x:y:)", "x of shape \(x.shape) and y of shape \(y.shape) need the same first dimension")
        }
        let xs = HostRows(x), ys = HostRows(y)
        self.init(count: n) { Sample(x: xs.row($0), y: ys.row($0)) }
    }

    /// Applies a ``Transform`` to the inputs `x` of samples, keeping the targets.
    public func map<X, Y, T: Transform>(_ transform: T) -> Dataset<Sample<T.Output, Y>> where Element == Sample<X, Y>, T.Input == X {
        map { (s: Sample<X, Y>, context: SampleContext) in Sample(x: try transform.apply(s.x, context: context), y: s.y) }
    }
}

/// A tensor's values on the host, cut into rows along the first axis (thread-safe reads).
struct HostRows: Sendable {
    let floats: [Float]
    let ints: [Int32]
    let rowShape: [Int]
    let dtype: DType
    init(_ t: Tensor) {
        dtype = t.dtype
        rowShape = Array(t.shape.dropFirst())
        if t.dtype == .float32 { floats = t.scalars(); ints = [] } else { ints = t.intScalars(); floats = [] }
    }
    func row(_ i: Int) -> Tensor {
        let n = ShapeMath.count(rowShape)
        if dtype == .float32 { return Tensor(Array(floats[i * n..<(i + 1) * n]), shape: rowShape) }
        return Tensor(Array(ints[i * n..<(i + 1) * n]), shape: rowShape, dtype: dtype)
    }
}
