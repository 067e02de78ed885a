import CLaminaCPU
import LaminaCore

/// Scaled dot-product attention: per (batch, head) one sgemm for the scores `scale·Q·Kᵀ`, a fused
/// masked softmax of its rows (hidden places set to -1e9 before, 0 after), and one sgemm for
/// `P·V`. The backward pass runs the four products of the rule in `compositeAttentionBackward`
/// with the softmax gradient fused in between. Small heads (below the BLAS threading threshold)
/// run in parallel over (batch, head), each on one thread, instead of one after the other.
extension CPUBackend {
    public func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Float, causal: Bool) -> (output: Tensor, probabilities: Tensor) {
        let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let tk = k.shape[2], dv = v.shape[3], bh = b * h
        let probs = empty([b, h, tq, tk], .float32), out = empty([b, h, tq, dv], .float32)
        let pq = f(q), pk = f(k), pv = f(v), pp = f(probs), po = f(out)
        let full = mask.map { $0.shape == probs.shape ? $0 : broadcast($0, to: probs.shape) }
        let pm = full.map { i($0) }
        batchedProducts(count: bh, flops: 2 * tq * tk * Swift.max(d, dv)) { t in
            let scores = pp + t * tq * tk
            sgemm(false, true, m: tq, n: tk, k: d, alpha: scale, pq + t * tq * d, lda: d, pk + t * tk * d, ldb: d,
                  beta: 0, scores, ldc: tk)
            if tk > 0 {
                for qi in 0..<tq {
                    let row = scores + qi * tk
                    let limit = causal ? Swift.min(qi + 1, tk) : tk
                    var hidden = limit < tk
                    let mr = pm.map { $0 + (t * tq + qi) * tk }
                    if let mr { for j in 0..<limit where mr[j] == 0 { row[j] = -1e9; hidden = true } }
                    for j in limit..<tk { row[j] = -1e9 }
                    lamina_softmax_rows(row, row, 1, tk, 0)
                    if hidden {
                        for j in limit..<tk { row[j] = 0 }
                        if let mr { for j in 0..<limit where mr[j] == 0 { row[j] = 0 } }
                    }
                }
            }
            sgemm(false, false, m: tq, n: dv, k: tk, scores, lda: tk, pv + t * tk * dv, ldb: dv,
                  beta: 0, po + t * tq * dv, ldc: dv)
        }
        return (out, probs)
    }

    public func attentionBackward(_ dOutput: Tensor?, dProbabilities: Tensor?, q: Tensor, k: Tensor, v: Tensor,
                                  probabilities p: Tensor, scale: Float) -> (Tensor, Tensor, Tensor?) {
        let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let tk = k.shape[2], dv = v.shape[3], bh = b * h
        guard dOutput != nil || dProbabilities != nil else {
            return (self.full(0, shape: q.shape, dtype: .float32), self.full(0, shape: k.shape, dtype: .float32), nil)
        }
        let dQ = empty(q.shape, .float32), dK = empty(k.shape, .float32), dS = empty(p.shape, .float32)
        let dV = dOutput == nil ? nil : empty(v.shape, .float32)
        let pq = f(q), pk = f(k), pv = f(v), pp = f(p), ps = f(dS), pdq = f(dQ), pdk = f(dK)
        let pdo = dOutput.map { f($0) }, pdv = dV.map { f($0) }, pdp = dProbabilities.map { f($0) }
        batchedProducts(count: bh, flops: 2 * tq * tk * Swift.max(d, dv)) { t in
            let pt = pp + t * tq * tk, st = ps + t * tq * tk
            if let pdp { st.update(from: pdp + t * tq * tk, count: tq * tk) }
            if let pdo, let pdv {
                sgemm(true, false, m: tk, n: dv, k: tq, pt, lda: tk, pdo + t * tq * dv, ldb: dv, beta: 0, pdv + t * tk * dv, ldc: dv)
                sgemm(false, true, m: tq, n: tk, k: dv, pdo + t * tq * dv, lda: dv, pv + t * tk * dv, ldb: dv,
                      beta: pdp == nil ? 0 : 1, st, ldc: tk)
            }
            for r in 0..<tq {
                let pr = pt + r * tk, sr = st + r * tk
                var dot: Float = 0
                for j in 0..<tk { dot += sr[j] * pr[j] }
                for j in 0..<tk { sr[j] = scale * pr[j] * (sr[j] - dot) }
            }
            sgemm(false, false, m: tq, n: d, k: tk, st, lda: tk, pk + t * tk * d, ldb: d, beta: 0, pdq + t * tq * d, ldc: d)
            sgemm(true, false, m: tk, n: d, k: tq, st, lda: tk, pq + t * tq * d, ldb: d, beta: 0, pdk + t * tk * d, ldc: d)
        }
        return (dQ, dK, dV)
    }
}
