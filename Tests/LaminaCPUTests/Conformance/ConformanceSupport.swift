import LaminaCore
import Testing

// The backend conformance suite: every primitive and fused op of `Backend`, run on a backend under
// test and on `ReferenceBackend.shared` (the executable spec) with the same inputs, then compared.
//
// A case owns a name, a tolerance, an input generator and a body. The runner generates the inputs
// on the host with a generator seeded from the case name (so a case's data never depends on which
// other cases exist), uploads the same values to both backends, calls the body (which calls the
// Backend method directly) on each, and compares shape, dtype and every value of every output.

// MARK: - Seeded data

/// SplitMix64: small, fast and reproducible on every platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `n` floats uniform in `lo..<hi`.
    mutating func floats(_ n: Int, _ lo: Float, _ hi: Float) -> [Float] {
        (0..<n).map { _ in Float.random(in: lo..<hi, using: &self) }
    }
    /// `n` floats with |x| in `lo..<hi` and a random sign (keeps divisors away from 0).
    mutating func signedFloats(_ n: Int, magnitude lo: Float, _ hi: Float) -> [Float] {
        (0..<n).map { _ in Float.random(in: lo..<hi, using: &self) * (Bool.random(using: &self) ? 1 : -1) }
    }
    /// `n` integer-valued floats in `lo...hi`: sums and products of these are exact in Float32, so
    /// long reductions and GEMMs can be compared exactly and a lost chunk edge cannot hide.
    mutating func integralFloats(_ n: Int, _ lo: Int, _ hi: Int) -> [Float] {
        (0..<n).map { _ in Float(Int.random(in: lo...hi, using: &self)) }
    }
    mutating func ints(_ n: Int, _ lo: Int32, _ hi: Int32) -> [Int32] {
        (0..<n).map { _ in Int32.random(in: lo...hi, using: &self) }
    }
    mutating func bools(_ n: Int) -> [Int32] { (0..<n).map { _ in Bool.random(using: &self) ? 1 : 0 } }
}

/// FNV-1a of the case name: the seed of that case's inputs.
func stableSeed(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

// MARK: - Host tensors

/// A tensor's values on the host: what a case uploads and what a backend's result reads back as.
struct HostTensor: Sendable {
    var shape: [Int]
    var dtype: DType
    /// The values when `dtype == .float32`.
    var floats: [Float] = []
    /// The values when `dtype` is `.int32` or `.bool`.
    var ints: [Int32] = []

    static func f(_ shape: [Int], _ values: [Float]) -> HostTensor {
        precondition(values.count == ShapeMath.count(shape), "HostTensor: \(values.count) values for \(shape)")
        return HostTensor(shape: shape, dtype: .float32, floats: values)
    }
    static func i(_ shape: [Int], _ values: [Int32], dtype: DType = .int32) -> HostTensor {
        precondition(values.count == ShapeMath.count(shape), "HostTensor: \(values.count) values for \(shape)")
        precondition(dtype != .float32)
        return HostTensor(shape: shape, dtype: dtype, ints: values)
    }

    var count: Int { ShapeMath.count(shape) }
    func value(_ k: Int) -> Double { dtype == .float32 ? Double(floats[k]) : Double(ints[k]) }

    func upload(to b: any Backend) -> Tensor {
        if dtype == .float32 { return floats.withUnsafeBufferPointer { b.makeTensor(floats: $0, shape: shape) } }
        return ints.withUnsafeBufferPointer { b.makeTensor(ints: $0, shape: shape, dtype: dtype) }
    }

    /// Reads `t` back through `backend` (the backend under test, never `t.backend`).
    static func download(_ t: Tensor, via backend: any Backend) -> HostTensor {
        if t.dtype == .float32 { return HostTensor(shape: t.shape, dtype: .float32, floats: backend.readFloats(t)) }
        return HostTensor(shape: t.shape, dtype: t.dtype, ints: backend.readInts(t))
    }
}

/// Convenience for building inputs inside a case's generator.
extension SeededGenerator {
    mutating func uniform(_ shape: [Int], _ lo: Float = -1, _ hi: Float = 1) -> HostTensor {
        .f(shape, floats(ShapeMath.count(shape), lo, hi))
    }
    mutating func integral(_ shape: [Int], _ lo: Int = -3, _ hi: Int = 3) -> HostTensor {
        .f(shape, integralFloats(ShapeMath.count(shape), lo, hi))
    }
    mutating func int32(_ shape: [Int], _ lo: Int32 = -100, _ hi: Int32 = 100) -> HostTensor {
        .i(shape, ints(ShapeMath.count(shape), lo, hi))
    }
    mutating func bool(_ shape: [Int]) -> HostTensor { .i(shape, bools(ShapeMath.count(shape)), dtype: .bool) }
}

// MARK: - Cases

/// How close a float result must be: `|actual - expected| ≤ abs + rel·|expected|`. Int and bool
/// results are always compared exactly; NaN matches NaN and infinities must match exactly.
struct Tolerance: Sendable, CustomStringConvertible {
    var rel: Double
    var abs: Double
    static let exact = Tolerance(rel: 0, abs: 0)
    /// Simple float arithmetic: a few ulps.
    static let standard = Tolerance(rel: 1e-5, abs: 1e-6)
    /// exp, pow, expm1 and friends, where fast approximations are allowed a little more.
    static let transcendental = Tolerance(rel: 1e-4, abs: 1e-5)
    /// Accumulating `length` terms of magnitude ≤ `scale` in Float32, in any order.
    static func accumulation(length: Int, scale: Double = 1) -> Tolerance {
        Tolerance(rel: 1e-5, abs: 1e-6 + 2e-7 * Double(length) * scale)
    }
    var description: String { rel == 0 && abs == 0 ? "exact" : "rel \(rel), abs \(abs)" }
}

/// What a case body returns: result tensors (read back through the backend that made them) or
/// values already read back (for the `readFloats`/`readInts` cases).
enum ConformanceOutput {
    case tensor(Tensor)
    case values(HostTensor)
}

/// One operation on one set of input shapes and dtypes.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// `op dtype shapes…`, e.g. `binary.add float32 (3, 1)×(1, 4)`. Also the seed of the inputs.
    let name: String
    let tolerance: Tolerance
    /// Per-output tolerances when outputs differ in scale (e.g. a loss and its probabilities).
    let outputTolerances: [Tolerance]?
    /// True for the in-place ops; otherwise the runner also checks that inputs were left alone.
    let mutatesInputs: Bool
    let makeInputs: @Sendable (inout SeededGenerator) -> [HostTensor]
    let body: @Sendable (any Backend, [Tensor]) -> [ConformanceOutput]

    init(_ name: String, tolerance: Tolerance = .standard, outputTolerances: [Tolerance]? = nil, mutatesInputs: Bool = false,
         inputs: @escaping @Sendable (inout SeededGenerator) -> [HostTensor],
         body: @escaping @Sendable (any Backend, [Tensor]) -> [ConformanceOutput]) {
        self.name = name
        self.tolerance = tolerance
        self.outputTolerances = outputTolerances
        self.mutatesInputs = mutatesInputs
        self.makeInputs = inputs
        self.body = body
    }

    var testDescription: String { name }
}

/// Shape list rendering for case names: `(3, 1)×(1, 4)`.
func shapes(_ s: [Int]...) -> String { s.map(ShapeMath.describe).joined(separator: "×") }
func shapeList(_ s: [[Int]]) -> String { s.map(ShapeMath.describe).joined(separator: "×") }

/// The op families, one test function each.
enum ConformanceFamily: String, CaseIterable, Sendable {
    case memory, elementwise, reduction, movement, indexing, linalg, fused, recurrent, vision, attention
}

/// Every case of one family (or of all families).
func conformanceCases(_ family: ConformanceFamily? = nil) -> [ConformanceCase] {
    let families = family.map { [$0] } ?? ConformanceFamily.allCases
    return families.flatMap { f -> [ConformanceCase] in
        switch f {
        case .memory: return memoryCases()
        case .elementwise: return elementwiseCases()
        case .reduction: return reductionCases()
        case .movement: return movementCases()
        case .indexing: return indexingCases()
        case .linalg: return linalgCases()
        case .fused: return fusedCases()
        case .recurrent: return recurrentCases()
        case .vision: return visionCases()
        case .attention: return attentionCases()
        }
    }
}

/// Deterministic random choices made while *listing* cases (random shapes, axes, permutations).
struct CaseListRandom {
    var rng: SeededGenerator
    init(_ family: String) { rng = SeededGenerator(seed: stableSeed("shapes/" + family)) }

    /// A random shape of `rank`, dims drawn mostly from small sizes with the odd 0 and 1.
    mutating func shape(rank: Int, allowEmpty: Bool = true) -> [Int] {
        let dims = allowEmpty ? [0, 1, 1, 2, 3, 4, 5, 7] : [1, 1, 2, 3, 4, 5, 7]
        return (0..<rank).map { _ in dims.randomElement(using: &rng)! }
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func bool() -> Bool { Bool.random(using: &rng) }
    mutating func permutation(_ n: Int) -> [Int] { Array(0..<n).shuffled(using: &rng) }
    mutating func subset(of n: Int) -> [Int] { (0..<n).filter { _ in Bool.random(using: &rng) } }

    /// Two shapes that broadcast, with size-1 and missing dims in random positions on either side.
    mutating func broadcastPair(rank: Int) -> ([Int], [Int]) {
        let out = shape(rank: rank)
        var a = out, b = out
        for d in 0..<rank {
            switch int(0...3) {
            case 0: a[d] = 1
            case 1: b[d] = 1
            default: break
            }
        }
        let dropA = int(0...rank) == 0 ? int(0...rank) : 0, dropB = int(0...rank) == 0 ? int(0...rank) : 0
        return (Array(a.dropFirst(dropA)), Array(b.dropFirst(dropB)))
    }
}

// MARK: - Running and comparing

/// Runs `c` on `backend` and on the reference, returning one message per disagreement.
func conformanceProblems(_ c: ConformanceCase, on backend: any Backend,
                         reference: any Backend = ReferenceBackend.shared) -> [String] {
    var rng = SeededGenerator(seed: stableSeed(c.name))
    let host = c.makeInputs(&rng)
    let expected = c.body(reference, host.map { $0.upload(to: reference) }).map { read($0, via: reference) }
    let inputs = host.map { $0.upload(to: backend) }
    let outputs = c.body(backend, inputs)

    var problems: [String] = []
    for (k, out) in outputs.enumerated() {
        if case .tensor(let t) = out, t.backend !== backend {
            problems.append("output \(k): result tensor belongs to backend '\(t.backend.name)', not '\(backend.name)'")
        }
    }
    let actual = outputs.map { read($0, via: backend) }
    if actual.count != expected.count {
        problems.append("expected \(expected.count) outputs, got \(actual.count)")
    }
    for (k, (e, a)) in zip(expected, actual).enumerated() {
        let tol = c.outputTolerances.map { k < $0.count ? $0[k] : c.tolerance } ?? c.tolerance
        if let p = compare(expected: e, actual: a, tolerance: tol) { problems.append("output \(k): \(p)") }
    }
    if !c.mutatesInputs {
        for (k, (h, t)) in zip(host, inputs).enumerated() {
            if let p = compare(expected: h, actual: HostTensor.download(t, via: backend), tolerance: .exact) {
                problems.append("input \(k) was modified: \(p)")
            }
        }
    }
    return problems.map { "\(c.name) [\(backend.name) vs reference]: \($0)" }
}

/// Runs `c` and records an issue naming the op, the shapes and the first mismatching element.
func checkConformance(_ c: ConformanceCase, on backend: any Backend) {
    let problems = conformanceProblems(c, on: backend)
    #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
}

private func read(_ o: ConformanceOutput, via backend: any Backend) -> HostTensor {
    switch o {
    case .tensor(let t): return HostTensor.download(t, via: backend)
    case .values(let h): return h
    }
}

/// Multi-index of flat position `k` in `shape`, for messages.
func multiIndex(_ k: Int, in shape: [Int]) -> [Int] {
    var rest = k
    var idx = [Int](repeating: 0, count: shape.count)
    for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
        idx[d] = rest % shape[d]
        rest /= shape[d]
    }
    return idx
}

/// nil if `actual` matches `expected`, else a description of the first difference.
func compare(expected e: HostTensor, actual a: HostTensor, tolerance: Tolerance) -> String? {
    if e.shape != a.shape { return "shape: expected \(ShapeMath.describe(e.shape)), got \(ShapeMath.describe(a.shape))" }
    if e.dtype != a.dtype { return "dtype: expected \(e.dtype), got \(a.dtype)" }
    let n = e.count
    let stored = e.dtype == .float32 ? a.floats.count : a.ints.count
    if stored != n { return "read back \(stored) values for shape \(ShapeMath.describe(e.shape)) (\(n) elements)" }
    let tol = e.dtype == .float32 ? tolerance : .exact
    var first: Int?
    var bad = 0
    var worst = 0.0
    for k in 0..<n {
        let x = e.value(k), y = a.value(k)
        let ok: Bool
        if x.isNaN || y.isNaN { ok = x.isNaN && y.isNaN }
        else if x.isInfinite || y.isInfinite { ok = x == y }
        else {
            let diff = Swift.abs(x - y)
            ok = diff <= tol.abs + tol.rel * Swift.abs(x)
            if !ok { worst = max(worst, diff) }
        }
        if !ok {
            bad += 1
            if first == nil { first = k }
        }
    }
    guard let k = first else { return nil }
    let x = e.value(k), y = a.value(k)
    return "value at \(multiIndex(k, in: e.shape)) (flat \(k)) of \(ShapeMath.describe(e.shape)) \(e.dtype): "
        + "expected \(x), got \(y) (|diff| \(Swift.abs(x - y)), tolerance \(tol)); "
        + "\(bad) of \(n) elements differ, largest finite |diff| \(worst)"
}
