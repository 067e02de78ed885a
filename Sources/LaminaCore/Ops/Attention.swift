// Layer normalization, RMS normalization and scaled dot-product attention, with their backward rules.

extension Tensor {
    /// Layer normalization over the last axis: self `[..., C]`, gamma and beta `[C]` (nil = 1 and 0):
    /// `(x − mean)/sqrt(variance + epsilon)·gamma + beta`, statistics per row (population variance).
    public func layerNormalized(gamma: Tensor?, beta: Tensor?, epsilon: Float) -> Tensor {
        precondition(dtype == .float32 && rank >= 1, "layerNormalized: needs a float32 tensor of rank ≥ 1, got \(dtype) \(ShapeMath.describe(shape))")
        let c = shape[rank - 1]
        for (label, t) in [("gamma", gamma), ("beta", beta)] {
            if let t {
                precondition(t.shape == [c], "layerNormalized: \(label) of shape \(ShapeMath.describe(t.shape)) does not match input \(ShapeMath.describe(shape))")
            }
        }
        let (y, mean, inv) = backend.layerNorm(self, gamma: gamma, beta: beta, epsilon: epsilon)
        let xd = detached(), gd = gamma?.detached(), md = mean.detached(), id = inv.detached()
        var inputs = [self]
        if let gamma { inputs.append(gamma) }
        if let beta { inputs.append(beta) }
        let hasGamma = gamma != nil, hasBeta = beta != nil
        return Tensor.record("layerNorm", y, inputs: inputs) { g, _ in
            let (dx, dg, db) = g.backend.layerNormBackward(g, input: xd, gamma: gd, mean: md, invStd: id)
            return [dx] + (hasGamma ? [dg] : []) + (hasBeta ? [db] : [])
        }
    }

    /// RMS normalization over the last axis: self `[..., C]`, scale `[C]` (nil = 1):
    /// `x·rsqrt(mean(x²) + epsilon)·scale`.
    public func rmsNormalized(scale: Tensor?, epsilon: Float) -> Tensor {
        precondition(dtype == .float32 && rank >= 1, "rmsNormalized: needs a float32 tensor of rank ≥ 1, got \(dtype) \(ShapeMath.describe(shape))")
        if let scale {
            precondition(scale.shape == [shape[rank - 1]], "rmsNormalized: scale of shape \(ShapeMath.describe(scale.shape)) does not match input \(ShapeMath.describe(shape))")
        }
        let (y, inv) = backend.rmsNorm(self, scale: scale, epsilon: epsilon)
        let xd = detached(), sd = scale?.detached(), id = inv.detached()
        return Tensor.record("rmsNorm", y, inputs: scale.map { [self, $0] } ?? [self]) { g, _ in
            let (dx, ds) = g.backend.rmsNormBackward(g, input: xd, scale: sd, invRms: id)
            return sd == nil ? [dx] : [dx, ds]
        }
    }

    /// Scaled dot-product attention (one fused op forward and backward).
    ///
    /// - Parameters:
    ///   - query: `[B, H, Tq, D]`; key `[B, H, Tk, D]`; value `[B, H, Tk, Dv]`.
    ///   - mask: broadcastable to `[B, H, Tq, Tk]` (aligned on the trailing axes), any dtype
    ///     (non-zero = attend), or nil.
    ///   - scale: multiplies `q·kᵀ` (usually `1/sqrt(D)`).
    ///   - causal: query `i` sees only keys `j ≤ i`.
    /// - Returns: the output `[B, H, Tq, Dv]` and the attention probabilities `[B, H, Tq, Tk]`
    ///   (zero where masked; differentiable too). Hidden scores get -1e9 before the softmax, as Keras.
    public static func attention(query q: Tensor, key k: Tensor, value v: Tensor, mask: Tensor? = nil, scale: Float,
                                 causal: Bool = false) -> (output: Tensor, probabilities: Tensor) {
        precondition(q.rank == 4 && k.rank == 4 && v.rank == 4,
                     "attention: query, key and value must be [B, H, T, D], got \(ShapeMath.describe(q.shape)), \(ShapeMath.describe(k.shape)), \(ShapeMath.describe(v.shape))")
        precondition(q.dtype == .float32 && k.dtype == .float32 && v.dtype == .float32, "attention: needs float32 query, key and value")
        precondition(q.backend === k.backend && k.backend === v.backend, "attention: tensors live on different backends")
        precondition(q.shape[0] == k.shape[0] && q.shape[1] == k.shape[1] && q.shape[3] == k.shape[3]
                     && Array(k.shape[0..<3]) == Array(v.shape[0..<3]),
                     "attention: query \(ShapeMath.describe(q.shape)), key \(ShapeMath.describe(k.shape)) and value \(ShapeMath.describe(v.shape)) do not match")
        let scoreShape = [q.shape[0], q.shape[1], q.shape[2], k.shape[2]]
        var m: Tensor? = nil
        if let mask {
            precondition(mask.rank <= 4 && ShapeMath.broadcast(mask.shape, scoreShape) == scoreShape,
                         "attention: mask of shape \(ShapeMath.describe(mask.shape)) does not broadcast to scores \(ShapeMath.describe(scoreShape))")
            precondition(mask.backend === q.backend, "attention: mask lives on another backend")
            let b = mask.detached().dtype == .bool ? mask.detached() : mask.detached().cast(to: .bool)
            m = b.rank == 4 ? b : b.rawReshaped(Array(repeating: 1, count: 4 - b.rank) + b.shape)
        }
        let (out, p) = q.backend.attention(q, k, v, mask: m, scale: scale, causal: causal)
        let qd = q.detached(), kd = k.detached(), vd = v.detached(), pd = p.detached()
        let output = record("attention", out, inputs: [q, k, v]) { g, _ in
            let (dq, dk, dv) = g.backend.attentionBackward(g, dProbabilities: nil, q: qd, k: kd, v: vd, probabilities: pd, scale: scale)
            return [dq, dk, dv]
        }
        let probabilities = record("attentionProbabilities", p, inputs: [q, k]) { g, _ in
            let (dq, dk, _) = g.backend.attentionBackward(nil, dProbabilities: g, q: qd, k: kd, v: vd, probabilities: pd, scale: scale)
            return [dq, dk]
        }
        return (output, probabilities)
    }
}
