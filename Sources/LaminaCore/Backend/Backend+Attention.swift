/// Default bodies of the normalization and attention fused ops, built from the primitives (what
/// the reference backend runs, and the spec the CPU kernels are checked against).
extension Backend {
    /// `[rows]` statistics viewed as `[..., 1]` against x `[..., C]`.
    func rowColumn(_ stat: Tensor, like x: Tensor) -> Tensor { stat.rawReshaped(Array(x.shape.dropLast()) + [1]) }

    // MARK: Layer normalization

    public func layerNorm(_ x: Tensor, gamma: Tensor?, beta: Tensor?, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        compositeLayerNorm(x, gamma: gamma, beta: beta, epsilon: epsilon)
    }

    public func compositeLayerNorm(_ x: Tensor, gamma: Tensor?, beta: Tensor?, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let last = x.rank - 1
        let mean = reduce(.mean, x, axes: [last])
        let centered = binary(.sub, x, rowColumn(mean, like: x))
        let variance = reduce(.mean, binary(.mul, centered, centered), axes: [last])
        let inv = unary(.rsqrt, binary(.add, variance, scalar(epsilon)))
        var y = binary(.mul, centered, rowColumn(inv, like: x))
        if let gamma { y = binary(.mul, y, gamma) }
        if let beta { y = binary(.add, y, beta) }
        let rows = [x.count / max(x.shape[last], 1)]
        return (y, mean.rawReshaped(rows), inv.rawReshaped(rows))
    }

    public func layerNormBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor?, mean: Tensor, invStd: Tensor) -> (Tensor, Tensor, Tensor) {
        compositeLayerNormBackward(dy, input: x, gamma: gamma, mean: mean, invStd: invStd)
    }

    /// `dx = invStd·(g − mean(g) − x̂·mean(g·x̂))` with `g = dy·gamma`.
    public func compositeLayerNormBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor?, mean: Tensor, invStd: Tensor) -> (Tensor, Tensor, Tensor) {
        let last = x.rank - 1
        let lead = Array(0..<last)
        let inv = rowColumn(invStd, like: x)
        let xhat = binary(.mul, binary(.sub, x, rowColumn(mean, like: x)), inv)
        let dGamma = reduce(.sum, binary(.mul, dy, xhat), axes: lead)
        let dBeta = reduce(.sum, dy, axes: lead)
        let g = gamma.map { binary(.mul, dy, $0) } ?? dy
        let gMean = rowColumn(reduce(.mean, g, axes: [last]), like: x)
        let gxMean = rowColumn(reduce(.mean, binary(.mul, g, xhat), axes: [last]), like: x)
        let dx = binary(.mul, binary(.sub, binary(.sub, g, gMean), binary(.mul, xhat, gxMean)), inv)
        return (dx, dGamma, dBeta)
    }

    // MARK: RMS normalization

    public func rmsNorm(_ x: Tensor, scale: Tensor?, epsilon: Float) -> (Tensor, Tensor) {
        compositeRMSNorm(x, scale: scale, epsilon: epsilon)
    }

    public func compositeRMSNorm(_ x: Tensor, scale: Tensor?, epsilon: Float) -> (Tensor, Tensor) {
        let last = x.rank - 1
        let inv = unary(.rsqrt, binary(.add, reduce(.mean, binary(.mul, x, x), axes: [last]), scalar(epsilon)))
        var y = binary(.mul, x, rowColumn(inv, like: x))
        if let scale { y = binary(.mul, y, scale) }
        return (y, inv.rawReshaped([x.count / max(x.shape[last], 1)]))
    }

    public func rmsNormBackward(_ dy: Tensor, input x: Tensor, scale: Tensor?, invRms: Tensor) -> (Tensor, Tensor) {
        compositeRMSNormBackward(dy, input: x, scale: scale, invRms: invRms)
    }

    /// `dx = r·g − x·r³·mean(g·x)` with `g = dy·scale`, `r = invRms`.
    public func compositeRMSNormBackward(_ dy: Tensor, input x: Tensor, scale: Tensor?, invRms: Tensor) -> (Tensor, Tensor) {
        let last = x.rank - 1
        let r = rowColumn(invRms, like: x)
        let dScale = reduce(.sum, binary(.mul, dy, binary(.mul, x, r)), axes: Array(0..<last))
        let g = scale.map { binary(.mul, dy, $0) } ?? dy
        let gx = rowColumn(reduce(.mean, binary(.mul, g, x), axes: [last]), like: x)
        let r3 = binary(.mul, binary(.mul, r, r), r)
        let dx = binary(.sub, binary(.mul, g, r), binary(.mul, binary(.mul, x, r3), gx))
        return (dx, dScale)
    }

    // MARK: Attention

    /// Where query `i` may see key `j` (`j ≤ i`): bool `[1, 1, Tq, Tk]`.
    public func causalMask(queries: Int, keys: Int) -> Tensor {
        let rows = (0..<Int32(queries)).map { $0 }, cols = (0..<Int32(keys)).map { $0 }
        let r = rows.withUnsafeBufferPointer { makeTensor(ints: $0, shape: [1, 1, queries, 1], dtype: .int32) }
        let c = cols.withUnsafeBufferPointer { makeTensor(ints: $0, shape: [1, 1, 1, keys], dtype: .int32) }
        return binary(.greaterEqual, r, c)
    }

    /// The combined mask of `attention` (explicit mask and causal), or nil.
    func attentionMask(_ mask: Tensor?, causal: Bool, queries: Int, keys: Int) -> Tensor? {
        guard causal else { return mask.map { $0.dtype == .bool ? $0 : cast($0, to: .bool) } }
        let c = causalMask(queries: queries, keys: keys)
        guard let mask else { return c }
        return binary(.logicalAnd, mask.dtype == .bool ? mask : cast(mask, to: .bool), c)
    }

    public func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Float, causal: Bool) -> (output: Tensor, probabilities: Tensor) {
        compositeAttention(q, k, v, mask: mask, scale: scale, causal: causal)
    }

    public func compositeAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Float, causal: Bool) -> (output: Tensor, probabilities: Tensor) {
        var s = binary(.mul, matmul(q, k, transposeA: false, transposeB: true), self.scalar(scale))
        var p: Tensor
        if let m = attentionMask(mask, causal: causal, queries: q.shape[2], keys: k.shape[2]) {
            s = select(m, s, self.scalar(-1e9))
            p = select(m, softmax(s, axis: 3), self.scalar(0))
        } else {
            p = softmax(s, axis: 3)
        }
        if p.shape != s.shape { p = broadcast(p, to: s.shape) }
        return (matmul(p, v, transposeA: false, transposeB: false), p)
    }

    public func attentionBackward(_ dOutput: Tensor?, dProbabilities: Tensor?, q: Tensor, k: Tensor, v: Tensor,
                                  probabilities p: Tensor, scale: Float) -> (Tensor, Tensor, Tensor?) {
        compositeAttentionBackward(dOutput, dProbabilities: dProbabilities, q: q, k: k, v: v, probabilities: p, scale: scale)
    }

    /// `dV = Pᵀ·dO`, `dP = dO·Vᵀ (+ dProbabilities)`, `dS = scale·P·(dP − Σ dP·P)`, `dQ = dS·K`, `dK = dSᵀ·Q`.
    public func compositeAttentionBackward(_ dOutput: Tensor?, dProbabilities: Tensor?, q: Tensor, k: Tensor, v: Tensor,
                                           probabilities p: Tensor, scale: Float) -> (Tensor, Tensor, Tensor?) {
        var dP = dProbabilities
        var dV: Tensor? = nil
        if let dOutput {
            dV = matmul(p, dOutput, transposeA: true, transposeB: false)
            let d = matmul(dOutput, v, transposeA: false, transposeB: true)
            dP = dP.map { binary(.add, $0, d) } ?? d
        }
        guard let dP else {
            return (full(0, shape: q.shape, dtype: .float32), full(0, shape: k.shape, dtype: .float32), nil)
        }
        let dS = binary(.mul, softmaxBackward(dP, output: p, axis: 3), self.scalar(scale))
        let dQ = matmul(dS, k, transposeA: false, transposeB: false)
        let dK = matmul(dS, q, transposeA: true, transposeB: false)
        return (dQ, dK, dV)
    }
}
