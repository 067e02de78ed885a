// Gather / take, one-hot, and their backward rules.

extension Tensor {
    /// Picks slices of `axis` by int32 `indices`; the result has shape
    /// `shape[..<axis] + indices.shape + shape[(axis+1)...]` (like `numpy.take`). Indices must be in
    /// `0..<shape[axis]`; negative indices count from the end.
    public func gather(_ indices: Tensor, axis: Int = 0) -> Tensor {
        precondition(indices.dtype == .int32, "gather: indices must be int32, got \(indices.dtype)")
        precondition(indices.backend === backend, "gather: indices live on another backend")
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "gather")
        let n = shape[a]
        let raw = indices.intScalars()
        if let bad = raw.first(where: { $0 < -Int32(n) || $0 >= Int32(n) }) {
            preconditionFailure("gather: index \(bad) is out of range for axis \(axis) of size \(n)")
        }
        let idx = raw.contains(where: { $0 < 0 })
            ? Tensor(raw.map { $0 < 0 ? $0 + Int32(n) : $0 }, shape: indices.shape, on: backend) : indices
        let y = backend.gather(self, indices: idx, axis: a)
        let inShape = shape, idxD = idx.detached()
        return Tensor.record("gather", y, inputs: [self]) { g, _ in
            [g.backend.scatterAdd(g, indices: idxD, axis: a, shape: inShape)]
        }
    }

    /// One-hot float vectors of length `depth` for int32 class ids: shape `shape + [depth]`.
    /// Ids outside `0..<depth` give all-zero rows (as in Keras).
    public func oneHot(depth: Int) -> Tensor {
        precondition(dtype == .int32, "oneHot: needs int32 ids, got \(dtype)")
        let range = Tensor.arange(0, Float(depth), dtype: .int32, on: backend)
        return expandingDims(at: -1).equal(range).cast(to: .float32)
    }
}
