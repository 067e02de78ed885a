import CLaminaCPU
import LaminaCore

// Backpropagation through time for the fused recurrent sequence: per step one pass of gate
// gradients per batch row (written into the step's slice of dZ [B, T, G·u]), dU accumulated with
// one sgemm (beta = 1) and dh_prev with another; dW and dX with one sgemm each at the end.

extension CPUBackend {
    public func recurrentSequenceBackward(_ p: RecurrentSequenceInputs, dOutputs: Tensor?, dStates: [Tensor?],
                                          result: RecurrentSequenceResult) -> RecurrentSequenceGradients {
        if fusedRecurrent(p) { return fusedRecurrentSequenceBackward(p, dOutputs: dOutputs, dStates: dStates, result: result) }
        let b = p.batch, steps = p.steps, inSize = p.inputSize, u = p.units, gu = p.kind.gates * u
        let isLSTM = p.kind == .lstm, resetAfter = p.kind == .gru(resetAfter: true)
        let gates = result.cache[0], hs = result.cache[1], extra = result.cache.count > 2 ? result.cache[2] : nil
        let dP = empty([b, steps, gu], .float32), pd = f(dP)
        let dU = full(0, shape: p.recurrentKernel.shape, dtype: .float32), pdU = f(dU)
        let recBiasGrad = resetAfter && p.bias != nil ? full(0, shape: [gu], dtype: .float32) : nil
        func stateGrad(_ k: Int) -> Tensor {
            if k < dStates.count, let d = dStates[k] { return copied(d) }
            return full(0, shape: [b, u], dtype: .float32)
        }
        var dh = stateGrad(0), dhNext = empty([b, u], .float32)
        let dc = isLSTM ? stateGrad(1) : dh
        let dhz = resetAfter ? empty([b, gu], .float32) : nil
        let drh = p.kind == .gru(resetAfter: false) ? empty([b, u], .float32) : nil
        let rh = drh != nil ? empty([b, u], .float32) : nil
        let pu = UnsafePointer(f(p.recurrentKernel)), pgates = f(gates)
        let mask = p.mask.map { UnsafePointer(f($0)) }, dOut = dOutputs.map { UnsafePointer(f($0)) }
        let ldz = steps * gu, ldh = steps * u
        var tc = [Float](repeating: 0, count: u)
        for s in stride(from: steps - 1, through: 0, by: -1) {
            let t = p.time(s), dzt = pd + t * gu, gt = pgates + t * gu
            let hp = previous(p.initialStates[0], hs, s, steps: steps, units: u)
            let cp = isLSTM ? previous(p.initialStates[1], extra!, s, steps: steps, units: u) : hp
            let pdh = f(dh), pdn = f(dhNext), pdc = f(dc)
            for r in 0..<b {
                let on = mask.map { $0[r * steps + t] != 0 } ?? true
                let g = pdh + r * u, next = pdn + r * u, z = dzt + r * ldz, a = gt + r * ldz
                if let dOut, on || !p.zeroOutputForMask {
                    let o = dOut + r * ldh + s * u
                    for j in 0..<u { g[j] += o[j] }
                }
                guard on else {
                    z.update(repeating: 0, count: gu)
                    next.update(from: g, count: u)
                    if let dhz { (f(dhz) + r * gu).update(repeating: 0, count: gu) }
                    if let rh { (f(rh) + r * u).update(repeating: 0, count: u) }
                    continue
                }
                let h = hp.base + r * hp.ld
                switch p.kind {
                case .simple:
                    for j in 0..<u { z[j] = g[j] * (1 - a[j] * a[j]) }
                    next.update(repeating: 0, count: u)
                case .lstm:
                    let c = cp.base + r * cp.ld, dcr = pdc + r * u
                    tc.withUnsafeMutableBufferPointer { lamina_vtanh(f(extra!) + r * ldh + s * u, $0.baseAddress!, u) }
                    for j in 0..<u {
                        let i = a[j], fg = a[u + j], gg = a[2 * u + j], o = a[3 * u + j], th = tc[j]
                        let dct = dcr[j] + g[j] * o * (1 - th * th)
                        z[j] = dct * gg * i * (1 - i)
                        z[u + j] = dct * c[j] * fg * (1 - fg)
                        z[2 * u + j] = dct * i * (1 - gg * gg)
                        z[3 * u + j] = g[j] * th * o * (1 - o)
                        dcr[j] = dct * fg
                    }
                    next.update(repeating: 0, count: u)
                case .gru(let ra):
                    for j in 0..<u {
                        let zz = a[j], hh = a[2 * u + j]
                        z[j] = g[j] * (h[j] - hh) * zz * (1 - zz)
                        z[2 * u + j] = g[j] * (1 - zz) * (1 - hh * hh)
                        next[j] = g[j] * zz
                    }
                    if ra {
                        let hzr = f(extra!) + (r * steps + t) * u, d = f(dhz!) + r * gu
                        for j in 0..<u {
                            let rr = a[u + j]
                            z[u + j] = z[2 * u + j] * hzr[j] * rr * (1 - rr)
                            d[j] = z[j]; d[u + j] = z[u + j]; d[2 * u + j] = z[2 * u + j] * rr
                        }
                    }
                }
            }
            switch p.kind {
            case .simple, .lstm:
                sgemm(true, false, m: u, n: gu, k: b, hp.base, lda: hp.ld, dzt, ldb: ldz, beta: 1, pdU, ldc: gu)
                sgemm(false, true, m: b, n: u, k: gu, dzt, lda: ldz, pu, ldb: gu, beta: 1, pdn, ldc: u)
            case .gru(true):
                let d = f(dhz!)
                sgemm(true, false, m: u, n: gu, k: b, hp.base, lda: hp.ld, d, ldb: gu, beta: 1, pdU, ldc: gu)
                sgemm(false, true, m: b, n: u, k: gu, d, lda: gu, pu, ldb: gu, beta: 1, pdn, ldc: u)
                if let recBiasGrad {
                    let pr = f(recBiasGrad)
                    for r in 0..<b { for j in 0..<gu { pr[j] += d[r * gu + j] } }
                }
            case .gru(false):
                let pdr = f(drh!), prh = f(rh!)
                sgemm(false, true, m: b, n: u, k: u, dzt + 2 * u, lda: ldz, pu + 2 * u, ldb: gu, beta: 0, pdr, ldc: u)
                for r in 0..<b where mask.map({ $0[r * steps + t] != 0 }) ?? true {
                    let a = gt + r * ldz, z = dzt + r * ldz, h = hp.base + r * hp.ld, next = pdn + r * u
                    for j in 0..<u {
                        let rr = a[u + j], d = pdr[r * u + j]
                        z[u + j] = d * h[j] * rr * (1 - rr)
                        next[j] += d * rr
                        prh[r * u + j] = rr * h[j]
                    }
                }
                sgemm(true, false, m: u, n: 2 * u, k: b, hp.base, lda: hp.ld, dzt, ldb: ldz, beta: 1, pdU, ldc: gu)
                sgemm(true, false, m: u, n: u, k: b, prh, lda: u, dzt + 2 * u, ldb: ldz, beta: 1, pdU + 2 * u, ldc: gu)
                sgemm(false, true, m: b, n: u, k: 2 * u, dzt, lda: ldz, pu, ldb: gu, beta: 1, pdn, ldc: u)
            }
            swap(&dh, &dhNext)
        }
        let dx = empty(p.x.shape, .float32), dW = empty(p.kernel.shape, .float32)
        sgemm(false, true, m: b * steps, n: inSize, k: gu, pd, lda: gu, f(p.kernel), ldb: gu, beta: 0, f(dx), ldc: inSize)
        sgemm(true, false, m: inSize, n: gu, k: b * steps, f(p.x), lda: inSize, pd, ldb: gu, beta: 0, f(dW), ldc: gu)
        var dBias: Tensor? = nil
        if p.bias != nil {
            let dIn = reduce(.sum, dP.rawReshaped([b * steps, gu]), axes: [0])
            dBias = recBiasGrad.map { concat([dIn.rawReshaped([1, gu]), $0.rawReshaped([1, gu])], axis: 0) } ?? dIn
        }
        return RecurrentSequenceGradients(dx: dx, dKernel: dW, dRecurrentKernel: dU, dBias: dBias,
                                          dInitialStates: isLSTM ? [dh, dc] : [dh])
    }

    func copied(_ t: Tensor) -> Tensor {
        let out = empty(t.shape, .float32)
        out.count > 0 ? f(out).update(from: f(t), count: out.count) : ()
        return out
    }
}
