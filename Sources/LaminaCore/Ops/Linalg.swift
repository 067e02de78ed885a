// Matrix products and the fused linear layer.

extension Tensor {
    /// Matrix product with NumPy `matmul` semantics: `[..., M, K] × [..., K, N] → [..., M, N]` with
    /// broadcast batch dimensions; a rank-1 operand is treated as a row (left) or column (right)
    /// vector and that axis is dropped from the result. `transposeA`/`transposeB` transpose the
    /// last two axes of the operand first, without a copy.
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(dtype == .float32 && other.dtype == .float32,
                     "matmul: needs float32 tensors, got \(dtype) and \(other.dtype)")
        precondition(backend === other.backend, "matmul: tensors live on different backends")
        precondition(rank >= 1 && other.rank >= 1, "matmul: scalars cannot be multiplied as matrices")
        let a = rank == 1 ? reshaped([1, shape[0]]) : self
        let b = other.rank == 1 ? other.reshaped([other.shape[0], 1]) : other
        let k1 = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
        let k2 = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2]
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = ShapeMath.broadcast(batchA, batchB)
        precondition(k1 == k2 && batch != nil,
                     "matmul: shapes \(ShapeMath.describe(shape))\(transposeA ? "ᵀ" : "") and \(ShapeMath.describe(other.shape))\(transposeB ? "ᵀ" : "") are incompatible")
        var y = Tensor.matmulRecorded(a, b, transposeA, transposeB)
        if rank == 1 { y = y.squeezing(axes: [-2]) }
        if other.rank == 1 { y = y.squeezing(axes: [-1]) }
        return y
    }

    private static func matmulRecorded(_ a: Tensor, _ b: Tensor, _ tA: Bool, _ tB: Bool) -> Tensor {
        let y = a.backend.matmul(a, b, transposeA: tA, transposeB: tB)
        let ad = a.detached(), bd = b.detached()
        return record("matmul", y, inputs: [a, b]) { g, needs in
            let ga: Tensor?, gb: Tensor?
            switch (tA, tB) {
            case (false, false):
                ga = needs[0] ? g.matmul(bd, transposeB: true) : nil
                gb = needs[1] ? ad.matmul(g, transposeA: true) : nil
            case (true, false):
                ga = needs[0] ? bd.matmul(g, transposeB: true) : nil
                gb = needs[1] ? ad.matmul(g) : nil
            case (false, true):
                ga = needs[0] ? g.matmul(bd) : nil
                gb = needs[1] ? g.matmul(ad, transposeA: true) : nil
            case (true, true):
                ga = needs[0] ? bd.matmul(g, transposeA: true, transposeB: true) : nil
                gb = needs[1] ? g.matmul(ad, transposeA: true, transposeB: true) : nil
            }
            return [ga?.summed(toShape: ad.shape), gb?.summed(toShape: bd.shape)]
        }
    }

    /// The fused dense layer `x · weight + bias` over the last axis: x `[..., in]`,
    /// weight `[in, out]`, bias `[out]` → `[..., out]`.
    public func linear(weight: Tensor, bias: Tensor? = nil) -> Tensor {
        precondition(weight.rank == 2 && rank >= 1 && shape[rank - 1] == weight.shape[0],
                     "linear: input of shape \(ShapeMath.describe(shape)) does not match weight of shape \(ShapeMath.describe(weight.shape))")
        if let bias {
            precondition(bias.shape == [weight.shape[1]],
                         "linear: bias of shape \(ShapeMath.describe(bias.shape)) does not match \(weight.shape[1]) units")
        }
        precondition(dtype == .float32 && weight.dtype == .float32, "linear: needs float32 tensors")
        let y = backend.linear(self, weight: weight, bias: bias)
        let xd = detached(), wd = weight.detached(), hasBias = bias != nil
        var inputs = [self, weight]
        if let bias { inputs.append(bias) }
        return Tensor.record("linear", y, inputs: inputs) { g, _ in
            let (dx, dw, db) = g.backend.linearBackward(g, x: xd, weight: wd, hasBias: hasBias)
            return hasBias ? [dx, dw, db] : [dx, dw]
        }
    }
}
