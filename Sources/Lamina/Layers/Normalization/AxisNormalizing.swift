import LaminaCore

/// A layer that normalizes each example over the axes `axis` and holds weights of the shape of
/// those axes (``LayerNormalization``, ``RMSNormalization``).
protocol AxisNormalizing: Layer {
    var axis: [Int] { get }
}

extension AxisNormalizing {
    /// `axis` as sorted non-negative axes of a rank-`rank` input.
    func axes(rank: Int) throws -> [Int] {
        try axis.map { a in
            guard a >= -rank && a < rank else {
                throw LaminaError.value("Layer \"\(name)\": axis \(a) is out of bounds for inputs of rank \(rank). Received: axis=\(axis)")
            }
            return a < 0 ? a + rank : a
        }.sorted()
    }

    /// The sizes of the normalized axes of inputs of this shape: the shape of the weights.
    func normalizedDims(_ shape: [Int?]) throws -> [Int] {
        try axes(rank: shape.count).map { a -> Int in
            guard let d = shape[a] else {
                throw LaminaError.shape("Layer \"\(name)\": the normalized axis \(a) of inputs of shape \(describeShape(shape)) must be defined")
            }
            return d
        }
    }

    /// When `axes` are the trailing axes of `input`: `input` as `[outer, inner]`, for the fused
    /// kernels, and `inner`, the product of the normalized sizes; nil otherwise.
    func flattenedTrailing(_ input: Tensor, axes: [Int]) -> (flat: Tensor, inner: Int)? {
        guard axes == Array((input.rank - axes.count)..<input.rank) else { return nil }
        let inner = axes.reduce(1) { $0 * input.shape[$1] }
        return (input.reshaped(Array(input.shape.prefix(input.rank - axes.count)) + [inner]), inner)
    }

    /// The shape the weights broadcast as against `input`: its sizes on `axes`, 1 elsewhere.
    func weightBroadcastShape(_ input: Tensor, axes: [Int]) -> [Int] {
        var shape = [Int](repeating: 1, count: input.rank)
        for a in axes { shape[a] = input.shape[a] }
        return shape
    }
}
