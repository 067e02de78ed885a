#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReferenceBackend {
    static func apply(_ op: UnaryOp, _ x: Double) -> Double {
        switch op {
        case .neg: return -x
        case .abs: return Swift.abs(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : x)
        case .square: return x * x
        case .exp: return Glibc.exp(x)
        case .log: return Glibc.log(x)
        case .sqrt: return x.squareRoot()
        case .rsqrt: return 1 / x.squareRoot()
        case .reciprocal: return 1 / x
        case .tanh: return Glibc.tanh(x)
        case .sigmoid: return 1 / (1 + Glibc.exp(-x))
        case .relu: return x > 0 ? x : 0
        case .softplus: return Glibc.log1p(Glibc.exp(-Swift.abs(x))) + Swift.max(x, 0)
        case .sin: return Glibc.sin(x)
        case .cos: return Glibc.cos(x)
        case .erf: return Glibc.erf(x)
        case .log1p: return Glibc.log1p(x)
        case .expm1: return Glibc.expm1(x)
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        case .round: return x.rounded(.toNearestOrEven)
        case .logicalNot: return x == 0 ? 1 : 0
        }
    }

    static func apply(_ op: BinaryOp, _ a: Double, _ b: Double, integer: Bool) -> Double {
        switch op {
        case .add: return a + b
        case .sub: return a - b
        case .mul:
            // Exact, then wrapped: a Double product of two int32 can exceed 2^53 and lose low bits.
            if integer { return Double(Int32(truncatingIfNeeded: Int64(a) &* Int64(b))) }
            return a * b
        case .div:
            if integer { return b == 0 ? 0 : (a / b).rounded(.down) }
            return a / b
        case .pow:
            if integer { return Double(intPow(Int32(a), Int32(b))) }
            return Glibc.pow(a, b)
        case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        case .mod:
            if integer && b == 0 { return 0 }
            return a - (a / b).rounded(.down) * b
        case .equal: return a == b ? 1 : 0
        case .notEqual: return a != b ? 1 : 0
        case .less: return a < b ? 1 : 0
        case .lessEqual: return a <= b ? 1 : 0
        case .greater: return a > b ? 1 : 0
        case .greaterEqual: return a >= b ? 1 : 0
        case .logicalAnd: return a != 0 && b != 0 ? 1 : 0
        case .logicalOr: return a != 0 || b != 0 ? 1 : 0
        }
    }

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        store(load(x).map { ReferenceBackend.apply(op, $0) }, shape: x.shape, dtype: x.dtype)
    }

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = ShapeMath.broadcast(a.shape, b.shape)!
        let av = load(a), bv = load(b)
        let ao = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(a.shape, to: shape))
        let bo = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(b.shape, to: shape))
        let integer = a.dtype != .float32
        let out = zip(ao, bo).map { ReferenceBackend.apply(op, av[$0], bv[$1], integer: integer) }
        return store(out, shape: shape, dtype: op.isComparison ? .bool : a.dtype)
    }

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = ShapeMath.broadcast(ShapeMath.broadcast(a.shape, b.shape)!, condition.shape)!
        let cv = load(condition), av = load(a), bv = load(b)
        let co = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(condition.shape, to: shape))
        let ao = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(a.shape, to: shape))
        let bo = ReferenceBackend.offsets(shape, strides: ShapeMath.broadcastStrides(b.shape, to: shape))
        let out = (0..<co.count).map { cv[co[$0]] != 0 ? av[ao[$0]] : bv[bo[$0]] }
        return store(out, shape: shape, dtype: a.dtype)
    }

    public func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]) -> Tensor {
        let outShape = ShapeMath.reducedShape(x.shape, axes: axes, keepDims: false)
        var strides = ShapeMath.strides(ShapeMath.reducedShape(x.shape, axes: axes, keepDims: true))
        for a in axes { strides[a] = 0 }
        let target = ReferenceBackend.offsets(x.shape, strides: strides)
        let n = ShapeMath.count(outShape)
        let initial: Double
        switch op {
        case .sum, .mean: initial = 0
        case .prod: initial = 1
        case .max: initial = -.infinity
        case .min: initial = .infinity
        }
        var acc = [Double](repeating: initial, count: n)
        for (i, v) in load(x).enumerated() {
            let t = target[i]
            switch op {
            case .sum, .mean: acc[t] += v
            case .prod:
                // Wrap int32 products at every step (see `.mul`), so they stay exact.
                acc[t] = x.dtype == .float32 ? acc[t] * v : Double(Int32(truncatingIfNeeded: Int64(acc[t]) &* Int64(v)))
            case .max: acc[t] = v.isNaN || acc[t].isNaN ? .nan : Swift.max(acc[t], v)
            case .min: acc[t] = v.isNaN || acc[t].isNaN ? .nan : Swift.min(acc[t], v)
            }
        }
        if op == .mean {
            let count = Double(axes.reduce(1) { $0 * x.shape[$1] })
            acc = acc.map { $0 / count }
        }
        return store(acc, shape: outShape, dtype: x.dtype)
    }

    public func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        let outer = ShapeMath.count(Array(x.shape[..<axis])), n = x.shape[axis]
        let inner = ShapeMath.count(Array(x.shape[(axis + 1)...]))
        let v = load(x)
        var out = [Double](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                for k in 1..<max(n, 1) {
                    let cur = v[(o * n + k) * inner + i], ref = v[(o * n + best) * inner + i]
                    if ref.isNaN { break }
                    if cur.isNaN || (op == .argmax ? cur > ref : cur < ref) { best = k }
                }
                out[o * inner + i] = Double(best)
            }
        }
        return store(out, shape: ShapeMath.reducedShape(x.shape, axes: [axis], keepDims: false), dtype: .int32)
    }

    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let ra = a.rank, rb = b.rank
        let m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2], k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1]
        let n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1]
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = ShapeMath.broadcast(batchA, batchB)!
        let aOff = ReferenceBackend.offsets(batch, strides: ShapeMath.broadcastStrides(batchA, to: batch))
        let bOff = ReferenceBackend.offsets(batch, strides: ShapeMath.broadcastStrides(batchB, to: batch))
        let av = load(a), bv = load(b)
        let aRows = a.shape[ra - 2], aCols = a.shape[ra - 1], bRows = b.shape[rb - 2], bCols = b.shape[rb - 1]
        var out = [Double](repeating: 0, count: aOff.count * m * n)
        for (bi, (ao, bo)) in zip(aOff, bOff).enumerated() {
            let aBase = ao * aRows * aCols, bBase = bo * bRows * bCols
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        let x = transposeA ? av[aBase + p * aCols + i] : av[aBase + i * aCols + p]
                        let y = transposeB ? bv[bBase + j * bCols + p] : bv[bBase + p * bCols + j]
                        s += x * y
                    }
                    out[(bi * m + i) * n + j] = s
                }
            }
        }
        return store(out, shape: batch + [m, n], dtype: .float32)
    }
}

extension ReferenceBackend {
    /// Integer power with wrap-around, 0 for negative exponents other than bases ±1 (as NumPy
    /// raises for those, and int results cannot hold fractions). Inlinable: the CPU backend's
    /// integer `pow` kernel calls it per element.
    @inlinable
    public static func intPow(_ base: Int32, _ exponent: Int32) -> Int32 {
        if exponent < 0 { return base == 1 ? 1 : (base == -1 ? (exponent % 2 == 0 ? 1 : -1) : 0) }
        var result: Int32 = 1, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            b = b &* b
            e >>= 1
        }
        return result
    }
}
