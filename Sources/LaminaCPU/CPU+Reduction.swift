import LaminaCore

extension CPUBackend {
    /// Reductions work on the view `[outer, reduced, inner]`: when the reduced axes are one
    /// contiguous block this is free; otherwise the input is first permuted so that they are.
    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]) -> Tensor {
        let outShape = ShapeMath.reducedShape(x.shape, axes: axes, keepDims: false)
        if axes.isEmpty {
            // Reducing over no axis leaves every element as it is.
            let out = empty(outShape, x.dtype)
            copy(x, into: out)
            return out
        }
        guard let first = axes.first, axes.last! - first + 1 == axes.count else {
            let kept = (0..<x.rank).filter { !axes.contains($0) }
            let moved = permute(x, kept + axes)
            return reduce(op, moved, axes: Array(kept.count..<x.rank))
        }
        let outer = ShapeMath.count(Array(x.shape[..<first]))
        let n = ShapeMath.count(Array(x.shape[first...axes.last!]))
        let inner = ShapeMath.count(Array(x.shape[(axes.last! + 1)...]))
        let out = empty(outShape, x.dtype)
        if x.dtype == .float32 {
            CPUBackend.reduceFloat(op, f(x), f(out), outer: outer, n: n, inner: inner)
        } else {
            CPUBackend.reduceInt(op, i(x), i(out), outer: outer, n: n, inner: inner)
        }
        return out
    }

    static func reduceFloat(_ op: ReduceOp, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                            outer: Int, n: Int, inner: Int) {
        let initial: Float
        switch op {
        case .sum, .mean: initial = 0
        case .prod: initial = 1
        case .max: initial = -.infinity
        case .min: initial = .infinity
        }
        let scale: Float = op == .mean ? 1 / Float(n) : 1
        if inner == 1 {
            // One contiguous row per output: 16 accumulators, then a tree sum.
            Parallel.forEach(outer, grain: max(1, 32_768 / max(n, 1))) { rows in
                for o in rows {
                    let row = x + o * n
                    switch op {
                    case .sum, .mean:
                        y[o] = CPUBackend.sum(row, n) * scale
                    case .prod:
                        var s: Float = 1
                        for j in 0..<n { s *= row[j] }
                        y[o] = s
                    case .max, .min:
                        var s = initial
                        for j in 0..<n {
                            let v = row[j]
                            if v.isNaN || s.isNaN { s = .nan; break }
                            s = op == .max ? Swift.max(s, v) : Swift.min(s, v)
                        }
                        y[o] = s
                    }
                }
            }
            return
        }
        // Column reductions: accumulate whole inner rows (vectorisable across `inner`).
        Parallel.forEach(outer * inner, grain: 16_384) { range in
            var start = range.lowerBound
            while start < range.upperBound {
                let o = start / inner, c0 = start % inner
                let c1 = Swift.min(inner, c0 + (range.upperBound - start))
                let dst = y + o * inner
                for c in c0..<c1 { dst[c] = initial }
                for j in 0..<n {
                    let src = x + (o * n + j) * inner
                    switch op {
                    case .sum, .mean: for c in c0..<c1 { dst[c] += src[c] }
                    case .prod: for c in c0..<c1 { dst[c] *= src[c] }
                    case .max: for c in c0..<c1 { let v = src[c]; dst[c] = v.isNaN || dst[c].isNaN ? .nan : Swift.max(dst[c], v) }
                    case .min: for c in c0..<c1 { let v = src[c]; dst[c] = v.isNaN || dst[c].isNaN ? .nan : Swift.min(dst[c], v) }
                    }
                }
                if op == .mean { for c in c0..<c1 { dst[c] *= scale } }
                start += c1 - c0
            }
        }
    }

    /// Sum of `n` floats with 16 independent accumulators (vectorisable, and more accurate than
    /// one running sum).
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var k = 0
        while k + 16 <= n {
            acc += UnsafeRawPointer(p + k).loadUnaligned(as: SIMD16<Float>.self)
            k += 16
        }
        var s = acc.sum()
        while k < n { s += p[k]; k += 1 }
        return s
    }

    static func reduceInt(_ op: ReduceOp, _ x: UnsafeMutablePointer<Int32>, _ y: UnsafeMutablePointer<Int32>,
                          outer: Int, n: Int, inner: Int) {
        for o in 0..<outer {
            for c in 0..<inner {
                var s: Int32
                switch op {
                case .sum, .mean: s = 0
                case .prod: s = 1
                case .max: s = .min
                case .min: s = .max
                }
                for j in 0..<n {
                    let v = x[(o * n + j) * inner + c]
                    switch op {
                    case .sum, .mean: s = s &+ v
                    case .prod: s = s &* v
                    case .max: s = Swift.max(s, v)
                    case .min: s = Swift.min(s, v)
                    }
                }
                // Matches the reference: the mean truncates toward zero; an empty max/min is 0.
                if op == .mean { s = n == 0 ? 0 : s / Int32(n) }
                if n == 0 && (op == .max || op == .min) { s = 0 }
                y[o * inner + c] = s
            }
        }
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        let outer = ShapeMath.count(Array(x.shape[..<axis])), n = x.shape[axis]
        let inner = ShapeMath.count(Array(x.shape[(axis + 1)...]))
        let out = empty(ShapeMath.reducedShape(x.shape, axes: [axis], keepDims: false), .int32)
        let y = i(out)
        @inline(__always) func scan<T: Comparable>(_ p: UnsafeMutablePointer<T>, _ isNaN: (T) -> Bool) {
            Parallel.forEach(outer * inner, grain: max(1, 32_768 / max(n, 1))) { range in
                for idx in range {
                    let o = idx / inner, c = idx % inner
                    let base = p + o * n * inner + c
                    var best = 0
                    var bv = base[0]
                    if !isNaN(bv) {
                        for k in 1..<Swift.max(n, 1) {
                            let v = base[k * inner]
                            if isNaN(v) { best = k; break }
                            if op == .argmax ? v > bv : v < bv { best = k; bv = v }
                        }
                    }
                    y[idx] = Int32(best)
                }
            }
        }
        if x.dtype == .float32 { scan(f(x)) { $0.isNaN } } else { scan(i(x)) { _ in false } }
        return out
    }
}
