import LaminaCore
import Testing

// Tests of the suite itself: it must catch typical fast-backend bugs, and must accept a correct
// backend that accumulates in Float32 in its own order (so the tolerances are not too tight).

/// Forwards to the reference backend, with one deliberate flaw.
final class FaultyBackend: Backend {
    enum Fault: Sendable {
        /// `binary` forgets the last element of results longer than 16 (a SIMD tail bug).
        case dropsBinaryTail
        /// `argReduce` returns the last of tied elements instead of the first.
        case lastTie
        /// Results are left on the reference backend instead of this one.
        case foreignResults
        /// `unary` also writes its result into its input.
        case clobbersInput
        /// Correct, but sums, means, products and 2-D matmuls accumulate in Float32 sequentially.
        case float32Accumulation
    }
    let name = "faulty"
    let fault: Fault
    private let ref = ReferenceBackend.shared
    init(_ fault: Fault) { self.fault = fault }

    private func own(_ t: Tensor) -> Tensor {
        fault == .foreignResults ? t : Tensor(storage: t.storage, shape: t.shape, dtype: t.dtype, backend: self)
    }
    private func floats(_ v: [Float], _ shape: [Int]) -> Tensor {
        own(v.withUnsafeBufferPointer { ref.makeTensor(floats: $0, shape: shape) })
    }

    func makeTensor(floats values: UnsafeBufferPointer<Float>, shape: [Int]) -> Tensor { own(ref.makeTensor(floats: values, shape: shape)) }
    func makeTensor(ints values: UnsafeBufferPointer<Int32>, shape: [Int], dtype: DType) -> Tensor {
        own(ref.makeTensor(ints: values, shape: shape, dtype: dtype))
    }
    func full(_ value: Float, shape: [Int], dtype: DType) -> Tensor { own(ref.full(value, shape: shape, dtype: dtype)) }
    func readFloats(_ x: Tensor) -> [Float] { ref.readFloats(x) }
    func readInts(_ x: Tensor) -> [Int32] { ref.readInts(x) }
    func copy(_ source: Tensor, into destination: Tensor) { ref.copy(source, into: destination) }

    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let y = own(ref.unary(op, x))
        if fault == .clobbersInput { ref.copy(y, into: x) }
        return y
    }
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        let y = own(ref.binary(op, a, b))
        guard fault == .dropsBinaryTail, y.count > 16, y.dtype == .float32 else { return y }
        var v = ref.readFloats(y)
        v[v.count - 1] = 0
        return floats(v, y.shape)
    }
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor { own(ref.select(condition, a, b)) }
    func cast(_ x: Tensor, to dtype: DType) -> Tensor { own(ref.cast(x, to: dtype)) }

    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]) -> Tensor {
        guard fault == .float32Accumulation, x.dtype == .float32, op == .sum || op == .mean || op == .prod else {
            return own(ref.reduce(op, x, axes: axes))
        }
        let outShape = ShapeMath.reducedShape(x.shape, axes: axes, keepDims: false)
        var outStrides = ShapeMath.strides(ShapeMath.reducedShape(x.shape, axes: axes, keepDims: true))
        for a in axes { outStrides[a] = 0 }
        var acc = [Float](repeating: op == .prod ? 1 : 0, count: ShapeMath.count(outShape))
        for (k, v) in ref.readFloats(x).enumerated() {
            var rest = k, target = 0
            for d in stride(from: x.rank - 1, through: 0, by: -1) {
                target += rest % x.shape[d] * outStrides[d]
                rest /= x.shape[d]
            }
            if op == .prod { acc[target] *= v } else { acc[target] += v }
        }
        if op == .mean {
            let n = Float(axes.reduce(1) { $0 * x.shape[$1] })
            acc = acc.map { $0 / n }
        }
        return floats(acc, outShape)
    }
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor {
        guard fault == .lastTie else { return own(ref.argReduce(op, x, axis: axis)) }
        let n = x.shape[axis]
        let v = ref.readFloats(x)
        let outer = ShapeMath.count(Array(x.shape[..<axis])), inner = ShapeMath.count(Array(x.shape[(axis + 1)...]))
        var out = [Int32](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                for k in 0..<n {
                    let cur = v[(o * n + k) * inner + i], b = v[(o * n + best) * inner + i]
                    if op == .argmax ? cur >= b : cur <= b { best = k }
                }
                out[o * inner + i] = Int32(best)
            }
        }
        let shape = ShapeMath.reducedShape(x.shape, axes: [axis], keepDims: false)
        return own(out.withUnsafeBufferPointer { ref.makeTensor(ints: $0, shape: shape, dtype: .int32) })
    }

    func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor { own(ref.permute(x, permutation)) }
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor { own(ref.broadcast(x, to: shape)) }
    func slice(_ x: Tensor, start: [Int], shape: [Int], strides: [Int]) -> Tensor {
        own(ref.slice(x, start: start, shape: shape, strides: strides))
    }
    func unslice(_ x: Tensor, inputShape: [Int], start: [Int], strides: [Int]) -> Tensor {
        own(ref.unslice(x, inputShape: inputShape, start: start, strides: strides))
    }
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Float) -> Tensor { own(ref.pad(x, before: before, after: after, value: value)) }
    func concat(_ xs: [Tensor], axis: Int) -> Tensor { own(ref.concat(xs, axis: axis)) }
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor { own(ref.gather(x, indices: indices, axis: axis)) }
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        own(ref.scatterAdd(updates, indices: indices, axis: axis, shape: shape))
    }

    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        guard fault == .float32Accumulation, a.rank == 2, b.rank == 2 else {
            return own(ref.matmul(a, b, transposeA: transposeA, transposeB: transposeB))
        }
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        let av = ref.readFloats(a), bv = ref.readFloats(b)
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = 0
                for p in 0..<k {
                    s += (transposeA ? av[p * m + i] : av[i * k + p]) * (transposeB ? bv[j * k + p] : bv[p * n + j])
                }
                out[i * n + j] = s
            }
        }
        return floats(out, [m, n])
    }
}

private func problems(_ name: String, on backend: any Backend) -> [String] {
    let matching = conformanceCases().filter { $0.name == name }
    #expect(matching.count == 1, "no single case named \(name)")
    return matching.flatMap { conformanceProblems($0, on: backend) }
}

@Suite("Conformance suite self-checks")
struct ConformanceSelfTests {
    @Test func catchesADroppedSIMDTail() {
        let p = problems("binary.add float32 (100003,)×(100003,)", on: FaultyBackend(.dropsBinaryTail))
        #expect(p.count == 1)
        #expect(p.first?.contains("binary.add float32 (100003,)×(100003,)") == true)
        #expect(p.first?.contains("value at [100002] (flat 100002)") == true, "\(p)")
        #expect(problems("binary.add float32 (7,)×(7,)", on: FaultyBackend(.dropsBinaryTail)).isEmpty)
    }

    @Test func catchesTiesResolvedToTheLastIndex() {
        let p = problems("argReduce.argmax float32 (17, 1000) axis 1", on: FaultyBackend(.lastTie))
        #expect(p.first?.contains("int32") == true, "\(p)")
        #expect(problems("argReduce.argmax float32 distinct (17, 1000) axis 1", on: FaultyBackend(.lastTie)).isEmpty)
    }

    @Test func catchesResultsOnTheWrongBackend() {
        let p = problems("unary.exp float32 (7,)", on: FaultyBackend(.foreignResults))
        #expect(p.contains { $0.contains("belongs to backend 'reference'") }, "\(p)")
    }

    @Test func catchesOpsThatOverwriteTheirInputs() {
        let p = problems("unary.exp float32 (1000,)", on: FaultyBackend(.clobbersInput))
        #expect(p.contains { $0.contains("input 0 was modified") }, "\(p)")
    }

    @Test("accepts Float32 accumulation in any order", arguments: [ConformanceFamily.reduction, .linalg, .fused])
    func acceptsFloat32Accumulation(_ family: ConformanceFamily) {
        let backend = FaultyBackend(.float32Accumulation)
        let failures = conformanceCases(family).flatMap { conformanceProblems($0, on: backend) }
        #expect(failures.isEmpty, Comment(rawValue: failures.prefix(5).joined(separator: "\n")))
    }

    @Test func everyCaseNameIsUnique() {
        var seen = Set<String>()
        let duplicates = conformanceCases().map(\.name).filter { !seen.insert($0).inserted }
        #expect(duplicates.isEmpty, "\(duplicates.prefix(5))")
    }

    /// The reference specifies two's-complement wrapping for int32 arithmetic (NumPy's behaviour).
    @Test func referenceInt32ArithmeticWraps() {
        let r = ReferenceBackend.shared
        let a: [Int32] = [.max, 123_456_789, -2_000_000_000, 46_341, -7]
        let b: [Int32] = [.max, 987_654_321, 3, 46_341, 3]
        let ta = a.withUnsafeBufferPointer { r.makeTensor(ints: $0, shape: [5], dtype: .int32) }
        let tb = b.withUnsafeBufferPointer { r.makeTensor(ints: $0, shape: [5], dtype: .int32) }
        #expect(r.readInts(r.binary(.mul, ta, tb)) == zip(a, b).map { $0 &* $1 })
        #expect(r.readInts(r.binary(.add, ta, tb)) == zip(a, b).map { $0 &+ $1 })
        #expect(r.readInts(r.binary(.sub, ta, tb)) == zip(a, b).map { $0 &- $1 })
        #expect(r.readInts(r.reduce(.prod, ta, axes: [0])) == [a.reduce(1, &*)])
    }
}
