import LaminaCore
import Testing

/// The backend every LaminaCore test runs on.
let reference = ReferenceBackend.shared

/// Runs `body` on the reference backend.
func onReference<R>(_ body: () throws -> R) rethrows -> R {
    try withBackend(reference, body)
}

/// Seeded uniform values in `[low, high)` (never touches the global random stream).
func uniform(_ shape: [Int], _ low: Float = -2, _ high: Float = 2, seed: Int) -> Tensor {
    Tensor.randomUniform(shape, low: low, high: high, seed: seed, on: reference)
}

/// Seeded values with `low ≤ |x| < high` and random signs: away from the kinks of relu, abs, sign
/// and from the poles of 1/x.
func awayFromZero(_ shape: [Int], _ low: Float = 0.3, _ high: Float = 2, seed: Int) -> Tensor {
    let magnitudes = Tensor.randomUniform(shape, low: low, high: high, seed: seed, on: reference).scalars()
    let signs = Tensor.randomUniform(shape, seed: seed &+ 1, on: reference).scalars()
    return Tensor(zip(magnitudes, signs).map { $1 < 0.5 ? -$0 : $0 }, shape: shape, on: reference)
}

/// Pairwise distinct values `offset + spacing·k` in a seeded order, so max/min/argmax have no ties
/// and no two elements are within `spacing` of each other.
func distinct(_ shape: [Int], spacing: Float = 0.25, offset: Float = 0, seed: Int) -> Tensor {
    let n = shape.reduce(1, *)
    let keys = Tensor.randomUniform([n], seed: seed, on: reference).scalars()
    let order = (0..<n).sorted { keys[$0] < keys[$1] }
    var values = [Float](repeating: 0, count: n)
    for (rank, index) in order.enumerated() { values[index] = offset + spacing * Float(rank - n / 2) }
    return Tensor(values, shape: shape, on: reference)
}

/// `0, 1, 2, …` in `shape`.
func iota(_ shape: [Int]) -> Tensor {
    Tensor((0..<shape.reduce(1, *)).map(Float.init), shape: shape, on: reference)
}

/// Element-wise comparison within `tolerance · max(1, |expected|)`.
func expectClose(_ actual: Tensor, _ expected: [Float], shape: [Int]? = nil, tolerance: Float = 1e-5,
                 _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    if let shape { #expect(actual.shape == shape, comment, sourceLocation: sourceLocation) }
    let values = actual.scalars()
    #expect(values.count == expected.count, comment, sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(values, expected).enumerated()
    where !(Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e))) {
        Issue.record("element \(i): \(a) is not close to \(e)\(comment.map { " (\($0))" } ?? "")", sourceLocation: sourceLocation)
        return
    }
}

/// A pair of operand shapes for broadcasting tests.
struct ShapePair: Sendable, CustomTestStringConvertible {
    var a: [Int]
    var b: [Int]
    var testDescription: String { "\(a) with \(b)" }
}

/// The broadcasting cases every binary op is checked on.
let broadcastPairs: [ShapePair] = [
    ShapePair(a: [2, 3, 4], b: [2, 3, 4]),
    ShapePair(a: [2, 3, 4], b: [3, 1]),
    ShapePair(a: [2, 3, 4], b: [4]),
    ShapePair(a: [2, 3, 4], b: []),
    ShapePair(a: [3, 1], b: [2, 3, 4]),
    ShapePair(a: [2, 1, 4], b: [3, 1]),
]
