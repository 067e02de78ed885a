import CLaminaCPU
import LaminaCore

/// Scaled dot-product attention: per (batch, head) one sgemm for the scores `scale·Q·Kᵀ`, a fused
/// masked softmax over all rows in parallel (hidden places set to -1e9 before, 0 after), and one
/// sgemm for `P·V`. The backward pass runs the four products of the rule in
/// `compositeAttentionBackward` with the softmax gradient fused in between.
extension CPUBackend {
    public func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Float, causal: Bool) -> (output: Tensor, probabilities: Tensor) {
        let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let tk = k.shape[2], dv = v.shape[3], bh = b * h
        let probs = empty([b, h, tq, tk], .float32), out = empty([b, h, tq, dv], .float32)
        let pq = f(q), pk = f(k), pv = f(v), pp = f(probs), po = f(out)
        for t in 0..<bh {
            sgemm(false, true, m: tq, n: tk, k: d, alpha: scale, pq + t * tq * d, lda: d, pk + t * tk * d, ldb: d,
                  beta: 0, pp + t * tq * tk, ldc: tk)
        }
        let full = mask.map { $0.shape == probs.shape ? $0 : broadcast($0, to: probs.shape) }
        let pm = full.map { i($0) }
        let rows = bh * tq
        if tk > 0 {
            Parallel.forEach(rows, grain: Swift.max(1, 8192 / tk)) { range in
                for r in range {
                    let row = pp + r * tk, qi = r % tq
                    let limit = causal ? Swift.min(qi + 1, tk) : tk
                    var hidden = limit < tk
                    if let pm {
                        let mr = pm + r * tk
                        for j in 0..<limit where mr[j] == 0 { row[j] = -1e9; hidden = true }
                    }
                    for j in limit..<tk { row[j] = -1e9 }
                    lamina_softmax_rows(row, row, 1, tk, 0)
                    if hidden {
                        for j in limit..<tk { row[j] = 0 }
                        if let pm { let mr = pm + r * tk; for j in 0..<limit where mr[j] == 0 { row[j] = 0 } }
                    }
                }
            }
        }
        for t in 0..<bh {
            sgemm(false, false, m: tq, n: dv, k: tk, pp + t * tq * tk, lda: tk, pv + t * tk * dv, ldb: dv,
                  beta: 0, po + t * tq * dv, ldc: dv)
        }
        return (out, probs)
    }

    public func attentionBackward(_ dOutput: Tensor?, dProbabilities: Tensor?, q: Tensor, k: Tensor, v: Tensor,
                                  probabilities p: Tensor, scale: Float) -> (Tensor, Tensor, Tensor?) {
        let (b, h, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let tk = k.shape[2], dv = v.shape[3], bh = b * h
        let dQ = empty(q.shape, .float32), dK = empty(k.shape, .float32)
        guard dOutput != nil || dProbabilities != nil else {
            return (self.full(0, shape: q.shape, dtype: .float32), self.full(0, shape: k.shape, dtype: .float32), nil)
        }
        let dS = empty(p.shape, .float32)
        let pq = f(q), pk = f(k), pv = f(v), pp = f(p), ps = f(dS)
        if let dProbabilities { ps.update(from: f(dProbabilities), count: p.count) }
        var dV: Tensor? = nil
        if let dOutput {
            let dvT = empty(v.shape, .float32)
            let pdo = f(dOutput), pdv = f(dvT)
            for t in 0..<bh {
                sgemm(true, false, m: tk, n: dv, k: tq, pp + t * tq * tk, lda: tk, pdo + t * tq * dv, ldb: dv,
                      beta: 0, pdv + t * tk * dv, ldc: dv)
                sgemm(false, true, m: tq, n: tk, k: dv, pdo + t * tq * dv, lda: dv, pv + t * tk * dv, ldb: dv,
                      beta: dProbabilities == nil ? 0 : 1, ps + t * tq * tk, ldc: tk)
            }
            dV = dvT
        }
        Parallel.forEach(bh * tq, grain: Swift.max(1, 8192 / Swift.max(tk, 1))) { range in
            for r in range {
                let pr = pp + r * tk, sr = ps + r * tk
                var dot: Float = 0
                for j in 0..<tk { dot += sr[j] * pr[j] }
                for j in 0..<tk { sr[j] = scale * pr[j] * (sr[j] - dot) }
            }
        }
        let pdq = f(dQ), pdk = f(dK)
        for t in 0..<bh {
            sgemm(false, false, m: tq, n: d, k: tk, ps + t * tq * tk, lda: tk, pk + t * tk * d, ldb: d,
                  beta: 0, pdq + t * tq * d, ldc: d)
            sgemm(true, false, m: tk, n: d, k: tq, ps + t * tq * tk, lda: tk, pq + t * tq * d, ldb: d,
                  beta: 0, pdk + t * tk * d, ldc: d)
        }
        return (dQ, dK, dV)
    }
}
