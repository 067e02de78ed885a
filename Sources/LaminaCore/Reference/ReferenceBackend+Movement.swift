extension ReferenceBackend {
    public func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor {
        let inStrides = ShapeMath.strides(x.shape)
        let shape = permutation.map { x.shape[$0] }
        let v = load(x)
        let offs = ReferenceBackend.offsets(shape, strides: permutation.map { inStrides[$0] })
        return store(offs.map { v[$0] }, shape: shape, dtype: x.dtype)
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        let v = load(x)
        let offs = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(x.shape, to: shape))
        return store(offs.map { v[$0] }, shape: shape, dtype: x.dtype)
    }

    static func sliceOffsets(inputShape: [Int], start: [Int], shape: [Int], strides: [Int]) -> [Int] {
        let inStrides = ShapeMath.strides(inputShape)
        let base = zip(start, inStrides).reduce(0) { $0 + $1.0 * $1.1 }
        return offsets(shape, strides: zip(strides, inStrides).map { $0 * $1 }).map { $0 + base }
    }

    public func slice(_ x: Tensor, start: [Int], shape: [Int], strides: [Int]) -> Tensor {
        let v = load(x)
        let offs = ReferenceBackend.sliceOffsets(inputShape: x.shape, start: start, shape: shape, strides: strides)
        return store(offs.map { v[$0] }, shape: shape, dtype: x.dtype)
    }

    public func unslice(_ x: Tensor, inputShape: [Int], start: [Int], strides: [Int]) -> Tensor {
        var out = [Double](repeating: 0, count: ShapeMath.count(inputShape))
        let offs = ReferenceBackend.sliceOffsets(inputShape: inputShape, start: start, shape: x.shape, strides: strides)
        for (v, o) in zip(load(x), offs) { out[o] = v }
        return store(out, shape: inputShape, dtype: x.dtype)
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Float) -> Tensor {
        let shape = (0..<x.rank).map { x.shape[$0] + before[$0] + after[$0] }
        var out = [Double](repeating: Double(value), count: ShapeMath.count(shape))
        let offs = ReferenceBackend.sliceOffsets(inputShape: shape, start: before, shape: x.shape,
                                                 strides: [Int](repeating: 1, count: x.rank))
        for (v, o) in zip(load(x), offs) { out[o] = v }
        return store(out, shape: shape, dtype: x.dtype)
    }

    public func concat(_ xs: [Tensor], axis: Int) -> Tensor {
        var shape = xs[0].shape
        shape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
        var out = [Double](repeating: 0, count: ShapeMath.count(shape))
        var start = [Int](repeating: 0, count: shape.count)
        for x in xs {
            let offs = ReferenceBackend.sliceOffsets(inputShape: shape, start: start, shape: x.shape,
                                                     strides: [Int](repeating: 1, count: x.rank))
            for (v, o) in zip(load(x), offs) { out[o] = v }
            start[axis] += x.shape[axis]
        }
        return store(out, shape: shape, dtype: xs[0].dtype)
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        let outer = ShapeMath.count(Array(x.shape[..<axis])), n = x.shape[axis]
        let inner = ShapeMath.count(Array(x.shape[(axis + 1)...]))
        let v = load(x), idx = load(indices).map { Int($0) }
        var out: [Double] = []
        out.reserveCapacity(outer * idx.count * inner)
        for o in 0..<outer {
            for j in idx {
                for i in 0..<inner { out.append(v[(o * n + j) * inner + i]) }
            }
        }
        let shape = Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...])
        return store(out, shape: shape, dtype: x.dtype)
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        let outer = ShapeMath.count(Array(shape[..<axis])), n = shape[axis]
        let inner = ShapeMath.count(Array(shape[(axis + 1)...]))
        let u = load(updates), idx = load(indices).map { Int($0) }
        var out = [Double](repeating: 0, count: ShapeMath.count(shape))
        var p = 0
        for o in 0..<outer {
            for j in idx {
                for i in 0..<inner {
                    out[(o * n + j) * inner + i] += u[p]
                    p += 1
                }
            }
        }
        return store(out, shape: shape, dtype: updates.dtype)
    }
}
