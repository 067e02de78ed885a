/// Permutes the axes after the batch (`keras.layers.Permute`). `dims` is 1-based like Keras:
/// `Permute([2, 1])` swaps the two axes of `[batch, a, b]`, giving `[batch, b, a]`.
///
/// - Input: rank `dims.count + 1`. Output: `[batch, d[dims[0]], d[dims[1]], …]`.
public final class Permute: Layer {
    public let dims: [Int]

    public init(_ dims: [Int], name: String? = nil) throws {
        guard dims.sorted() == Array(1...max(dims.count, 1)) || dims.isEmpty else {
            throw LaminaError.value("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=\(dims)")
        }
        self.dims = dims
        super.init(name: name)
        inputSpec = [InputSpec(rank: dims.count + 1)]
    }

    public override class var className: String { "Permute" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { input.permuted([0] + dims) }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        return [[s[0]] + dims.map { s[$0] }]
    }

    public override var config: [String: JSONValue] { ["dims": JSONValue(dims)] }
}

/// Repeats a vector `n` times (`keras.layers.RepeatVector`).
///
/// - Input: `[batch, features]`. Output: `[batch, n, features]`.
public final class RepeatVector: Layer {
    public let n: Int

    public init(_ n: Int, name: String? = nil) throws {
        guard n > 0 else { throw LaminaError.value("Argument `n` should be a positive integer. Received: n=\(n)") }
        self.n = n
        super.init(name: name)
        inputSpec = [InputSpec(rank: 2)]
    }

    public override class var className: String { "RepeatVector" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        input.expandingDims(at: 1).broadcast(to: [input.shape[0], n, input.shape[1]])
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [[inputShapes[0][0], n, inputShapes[0][1]]]
    }

    public override var config: [String: JSONValue] { ["n": JSONValue(n)] }
}
