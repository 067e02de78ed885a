/// Activation functions with arguments, as functions on tensors (any shape, unless an axis is taken).
public enum Activations {
    /// Keras's `relu` with all its options (`activations.py ReLU.static_call`):
    /// values above `threshold` pass (clipped to `maxValue` if given), and below it
    /// `negativeSlope · (x - threshold)` is added.
    public static func relu(_ x: Tensor, negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0) -> Tensor {
        if negativeSlope != 0 && maxValue == nil && threshold == 0 {
            return leakyRelu(x, negativeSlope: negativeSlope)
        }
        let negativePart: Tensor? = negativeSlope != 0 ? (threshold != 0 ? (threshold - x).relu() : (-x).relu()) : nil
        var y: Tensor
        var clipMax = maxValue != nil
        if threshold != 0 {
            y = Tensor.where(x.greater(threshold), x, x.zerosLike())
        } else if maxValue == 6 {
            y = relu6(x)
            clipMax = false
        } else {
            y = x.relu()
        }
        if clipMax, let maxValue { y = y.clipped(min: 0, max: maxValue) }
        if let negativePart { y = y - negativePart * negativeSlope }
        return y
    }

    /// `x` for x ≥ 0, `negativeSlope · x` otherwise (derivative 1 at 0, as JAX).
    public static func leakyRelu(_ x: Tensor, negativeSlope: Float = 0.2) -> Tensor {
        Tensor.where(x.greaterEqual(0), x, x * negativeSlope)
    }

    /// `min(max(x, 0), 6)`, with derivative 1 only on the open interval (0, 6) (JAX's `relu6`).
    public static func relu6(_ x: Tensor) -> Tensor {
        let inside = x.greater(0).logicalAnd(x.less(6))
        let outside = Tensor.where(x.greaterEqual(6), Tensor.full(6, shape: [], on: x.backend), Tensor.full(0, shape: [], on: x.backend))
        return Tensor.where(inside, x, outside)
    }

    /// `relu6(x + 3) / 6`.
    public static func hardSigmoid(_ x: Tensor) -> Tensor { relu6(x + 3) / 6 }

    /// Sparsemax along `axis`: `max(x - τ, 0)` where τ makes each slice sum to 1. The support is
    /// found on the host; τ is then written with differentiable ops, so gradients are exact.
    public static func sparsemax(_ x: Tensor, axis: Int = -1) -> Tensor {
        precondition(x.rank >= 1, "sparsemax: needs a tensor of rank ≥ 1")
        let a = axis < 0 ? axis + x.rank : axis
        precondition(a >= 0 && a < x.rank, "sparsemax: axis \(axis) is out of range for rank \(x.rank)")
        var perm = Array(0..<x.rank)
        perm.remove(at: a)
        perm.append(a)
        var inverse = [Int](repeating: 0, count: x.rank)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        let xt = x.permuted(perm)
        let n = xt.shape[xt.rank - 1]
        let values = xt.detached().scalars()
        let rows = n == 0 ? 0 : values.count / n
        var support = [Float](repeating: 0, count: values.count)
        var sizes = [Float](repeating: 1, count: rows)
        for r in 0..<rows {
            let row = Array(values[(r * n)..<((r + 1) * n)])
            let order = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
            var cumsum: Float = 0, k = 0
            for (j, idx) in order.enumerated() {
                cumsum += row[idx]
                if row[idx] - (cumsum - 1) / Float(j + 1) > 0 { k = j + 1 }
            }
            for idx in order.prefix(k) { support[r * n + idx] = 1 }
            sizes[r] = Float(max(k, 1))
        }
        let s = Tensor(support, shape: xt.shape, on: x.backend)
        let k = Tensor(sizes, shape: Array(xt.shape.dropLast()) + [1], on: x.backend)
        let tau = ((xt * s).sum(axis: -1, keepDims: true) - 1) / k
        return (xt - tau).relu().permuted(inverse)
    }
}
