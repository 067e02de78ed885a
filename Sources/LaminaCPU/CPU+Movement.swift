import LaminaCore

extension CPUBackend {
    /// Copies strided runs of 4-byte elements: the workhorse of permute, broadcast, slice, pad
    /// and concat. `loop` has two operands: 0 = destination offsets, 1 = source offsets.
    @inline(__always)
    func copyRuns(_ loop: StridedLoop, from src: UnsafeMutablePointer<Int32>, to dst: UnsafeMutablePointer<Int32>) {
        let sd = loop.innerStride(0), ss = loop.innerStride(1)
        loop.forEachRun(grain: 65_536) { _, offs, n in
            let d = dst + offs[0], s = src + offs[1]
            if sd == 1 && ss == 1 {
                d.update(from: s, count: n)
            } else if ss == 0 {
                d.update(repeating: s[0], count: n)
            } else {
                for k in 0..<n { d[k * sd] = s[k * ss] }
            }
        }
    }

    public func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor {
        let shape = permutation.map { x.shape[$0] }
        let out = empty(shape, x.dtype)
        let r = x.rank
        if r >= 2, permutation == Array(0..<(r - 2)) + [r - 1, r - 2], x.shape[r - 1] > 1, x.shape[r - 2] > 1 {
            // A (batched) matrix transpose: cache-blocked.
            let rows = x.shape[r - 1], cols = x.shape[r - 2], batch = x.count / Swift.max(rows * cols, 1)
            transpose(i(x), i(out), batch: batch, rows: rows, cols: cols)
            return out
        }
        let inStrides = ShapeMath.strides(x.shape)
        copyRuns(StridedLoop(shape: shape, operands: [ShapeMath.strides(shape), permutation.map { inStrides[$0] }]),
                 from: i(x), to: i(out))
        return out
    }

    /// Cache-blocked transpose of `batch` matrices `[cols, rows]` in `s` into `[rows, cols]` in `d`.
    func transpose(_ s: UnsafeMutablePointer<Int32>, _ d: UnsafeMutablePointer<Int32>, batch: Int, rows: Int, cols: Int) {
        let block = 32, rowBlocks = (rows + block - 1) / block
        Parallel.forEach(batch * rowBlocks, grain: 8) { range in
            for t in range {
                let b = t / rowBlocks, r0 = (t % rowBlocks) * block
                let src = s + b * rows * cols, dst = d + b * rows * cols
                for c0 in stride(from: 0, to: cols, by: block) {
                    for r in r0..<Swift.min(r0 + block, rows) {
                        for c in c0..<Swift.min(c0 + block, cols) { dst[r * cols + c] = src[c * rows + r] }
                    }
                }
            }
        }
    }

    public func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        let out = empty(shape, x.dtype)
        copyRuns(StridedLoop(shape: shape, operands: [ShapeMath.strides(shape), ShapeMath.broadcastStrides(x.shape, to: shape)]),
                 from: i(x), to: i(out))
        return out
    }

    /// Offset and per-axis strides of a strided window into a tensor of `shape`.
    static func window(_ shape: [Int], start: [Int], strides: [Int]) -> (Int, [Int]) {
        let base = ShapeMath.strides(shape)
        return (zip(start, base).reduce(0) { $0 + $1.0 * $1.1 }, zip(strides, base).map { $0 * $1 })
    }

    public func slice(_ x: Tensor, start: [Int], shape: [Int], strides: [Int]) -> Tensor {
        let out = empty(shape, x.dtype)
        guard out.count > 0 else { return out }
        let (offset, st) = CPUBackend.window(x.shape, start: start, strides: strides)
        copyRuns(StridedLoop(shape: shape, operands: [ShapeMath.strides(shape), st]), from: i(x) + offset, to: i(out))
        return out
    }

    public func unslice(_ x: Tensor, inputShape: [Int], start: [Int], strides: [Int]) -> Tensor {
        let out = full(0, shape: inputShape, dtype: x.dtype)
        guard x.count > 0 else { return out }
        let (offset, st) = CPUBackend.window(inputShape, start: start, strides: strides)
        copyRuns(StridedLoop(shape: x.shape, operands: [st, ShapeMath.strides(x.shape)]), from: i(x), to: i(out) + offset)
        return out
    }

    public func pad(_ x: Tensor, before: [Int], after: [Int], value: Float) -> Tensor {
        let shape = (0..<x.rank).map { x.shape[$0] + before[$0] + after[$0] }
        let out = full(value, shape: shape, dtype: x.dtype)
        guard x.count > 0 else { return out }
        let (offset, st) = CPUBackend.window(shape, start: before, strides: [Int](repeating: 1, count: x.rank))
        copyRuns(StridedLoop(shape: x.shape, operands: [st, ShapeMath.strides(x.shape)]), from: i(x), to: i(out) + offset)
        return out
    }

    public func concat(_ xs: [Tensor], axis: Int) -> Tensor {
        var shape = xs[0].shape
        shape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
        let out = empty(shape, xs[0].dtype)
        var start = [Int](repeating: 0, count: shape.count)
        let unit = [Int](repeating: 1, count: shape.count)
        for x in xs {
            if x.count > 0 {
                let (offset, st) = CPUBackend.window(shape, start: start, strides: unit)
                copyRuns(StridedLoop(shape: x.shape, operands: [st, ShapeMath.strides(x.shape)]), from: i(x), to: i(out) + offset)
            }
            start[axis] += x.shape[axis]
        }
        return out
    }

    public func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor {
        let outer = ShapeMath.count(Array(x.shape[..<axis])), n = x.shape[axis]
        let inner = ShapeMath.count(Array(x.shape[(axis + 1)...]))
        let shape = Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...])
        let out = empty(shape, x.dtype)
        let m = indices.count, idx = i(indices), s = i(x), d = i(out)
        Parallel.forEach(outer * m, grain: Swift.max(1, 65_536 / Swift.max(inner, 1))) { range in
            for r in range {
                let o = r / m, j = Int(idx[r % m])
                (d + r * inner).update(from: s + (o * n + j) * inner, count: inner)
            }
        }
        return out
    }

    public func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        let outer = ShapeMath.count(Array(shape[..<axis])), n = shape[axis]
        let inner = ShapeMath.count(Array(shape[(axis + 1)...]))
        let out = full(0, shape: shape, dtype: updates.dtype)
        let m = indices.count, idx = i(indices)
        // Parallel over the outer index only, so repeated indices never race.
        if updates.dtype == .float32 {
            let u = f(updates), d = f(out)
            Parallel.forEach(outer, grain: Swift.max(1, 65_536 / Swift.max(m * inner, 1))) { range in
                for o in range {
                    for j in 0..<m {
                        let dst = d + (o * n + Int(idx[j])) * inner, src = u + (o * m + j) * inner
                        for c in 0..<inner { dst[c] += src[c] }
                    }
                }
            }
        } else {
            let u = i(updates), d = i(out)
            for o in 0..<outer {
                for j in 0..<m {
                    let dst = d + (o * n + Int(idx[j])) * inner, src = u + (o * m + j) * inner
                    for c in 0..<inner { dst[c] = dst[c] &+ src[c] }
                }
            }
        }
        return out
    }
}
