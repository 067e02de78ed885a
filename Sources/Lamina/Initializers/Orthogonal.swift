/// A random orthogonal matrix times `gain` (Keras `Orthogonal`): the Q factor of a normal matrix of
/// shape `(max(rows, cols), min(rows, cols))`, its columns multiplied by the signs of R's diagonal
/// (which makes Q unique), transposed when there are fewer rows than columns, where
/// `rows = prod(shape[..<last])` and `cols = shape.last`. So `WᵀW = gain²·I` (or `WWᵀ` when wide).
public struct Orthogonal: Initializer {
    public let gain: Float
    public let seed: Int?
    public init(gain: Float = 1, seed: Int? = nil) { self.gain = gain; self.seed = seed }

    public func callAsFunction(_ shape: [Int]) -> Tensor {
        precondition(shape.count >= 2, "The tensor to initialize must be at least two-dimensional. Received: shape=\(shape) of rank \(shape.count).")
        let rows = shape.dropLast().reduce(1, *), cols = shape[shape.count - 1]
        let m = max(rows, cols), n = min(rows, cols)
        let a = Tensor.randomNormal([m, n], seed: seed).scalars().map(Double.init)
        let q = Orthogonal.signedQ(a, rows: m, columns: n)
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                // (rows, cols) layout: q itself when tall, its transpose when wide.
                let v = Float(q[i * n + j]) * gain
                if rows >= cols { out[i * n + j] = v } else { out[j * m + i] = v }
            }
        }
        return Tensor(out, shape: shape)
    }

    /// The thin Q factor (m×n, m ≥ n, row-major) of `a` by Householder reflections, with column j
    /// multiplied by `sign(R[j][j])` (0 when R's diagonal entry is 0, as `ops.sign`).
    static func signedQ(_ input: [Double], rows m: Int, columns n: Int) -> [Double] {
        var a = input
        var reflectors: [[Double]] = []
        var signs = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var v = (k..<m).map { a[$0 * n + k] }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm == 0 { reflectors.append([]); continue }
            let alpha = v[0] > 0 ? -norm : norm  // R[k][k]
            v[0] -= alpha
            let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in v.indices { v[i] /= vNorm }
            for j in k..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * a[i * n + j] }
                for i in k..<m { a[i * n + j] -= 2 * v[i - k] * dot }
            }
            signs[k] = alpha > 0 ? 1 : -1
            reflectors.append(v)
        }
        // Q = H_0 · … · H_{n-1} applied to the first n columns of the identity.
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n { q[j * n + j] = 1 }
        for k in stride(from: n - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
            let v = reflectors[k]
            for j in 0..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * q[i * n + j] }
                for i in k..<m { q[i * n + j] -= 2 * v[i - k] * dot }
            }
        }
        for i in 0..<m { for j in 0..<n { q[i * n + j] *= signs[j] } }
        return q
    }

    public var className: String { "Orthogonal" }
    public var config: [String: JSONValue] { ["seed": JSONValue(seed), "gain": JSONValue(gain)] }
}
