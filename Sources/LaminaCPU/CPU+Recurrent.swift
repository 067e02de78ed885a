import CLaminaCPU
import LaminaCore

// The fused recurrent sequence: the input projection of every step in one sgemm
// (X[B·T, in]·W into the gate buffer), then per step one sgemm h·U accumulated (beta = 1) into that
// step's strided slice of the gate buffer, and one pass of fused gate math per batch row with the
// C vector sigmoid/tanh. All buffers stay batch-major [B, T, …]; steps are strided views.

extension CPUBackend {
    /// A strided matrix view: row `r` starts at `base + r·ld`.
    struct View { var base: UnsafeMutablePointer<Float>; var ld: Int }

    /// `h` before step `s`: the initial state or the carried state of step `s - 1`.
    @inline(__always)
    func previous(_ initial: Tensor, _ carried: Tensor, _ s: Int, steps: Int, units u: Int) -> View {
        s == 0 ? View(base: f(initial), ld: u) : View(base: f(carried) + (s - 1) * u, ld: steps * u)
    }

    public func recurrentSequence(_ p: RecurrentSequenceInputs) -> RecurrentSequenceResult {
        if fusedRecurrent(p) { return fusedRecurrentSequence(p) }
        let b = p.batch, steps = p.steps, inSize = p.inputSize, u = p.units, gu = p.kind.gates * u
        let resetAfter = p.kind == .gru(resetAfter: true), isLSTM = p.kind == .lstm
        let gates = empty([b, steps, gu], .float32), hs = empty([b, steps, u], .float32), outs = empty([b, steps, u], .float32)
        let cs = isLSTM ? empty([b, steps, u], .float32) : nil
        let hz = resetAfter ? empty([b, steps, u], .float32) : nil
        let pg = f(gates), rows = b * steps
        if let bias = p.bias {
            let pb = f(bias)
            for r in 0..<rows { (pg + r * gu).update(from: pb, count: gu) }
        }
        sgemm(false, false, m: rows, n: gu, k: inSize, f(p.x), lda: inSize, f(p.kernel), ldb: gu,
              beta: p.bias == nil ? 0 : 1, pg, ldc: gu)
        let pu = UnsafePointer(f(p.recurrentKernel)), recBias = resetAfter ? p.bias.map { f($0) + gu } : nil
        let hu = resetAfter ? empty([b, gu], .float32) : nil
        let rh = p.kind == .gru(resetAfter: false) ? empty([b, u], .float32) : nil
        let mask = p.mask.map { UnsafePointer(f($0)) }
        let ldz = steps * gu, ldh = steps * u
        for s in 0..<steps {
            let t = p.time(s), zt = pg + t * gu
            let hp = previous(p.initialStates[0], hs, s, steps: steps, units: u)
            let cp = isLSTM ? previous(p.initialStates[1], cs!, s, steps: steps, units: u) : hp
            switch p.kind {
            case .simple, .lstm:
                sgemm(false, false, m: b, n: gu, k: u, hp.base, lda: hp.ld, pu, ldb: gu, beta: 1, zt, ldc: ldz)
            case .gru(true):
                let ph = f(hu!)
                if let recBias { for r in 0..<b { (ph + r * gu).update(from: recBias, count: gu) } }
                sgemm(false, false, m: b, n: gu, k: u, hp.base, lda: hp.ld, pu, ldb: gu, beta: recBias == nil ? 0 : 1, ph, ldc: gu)
            case .gru(false):
                sgemm(false, false, m: b, n: 2 * u, k: u, hp.base, lda: hp.ld, pu, ldb: gu, beta: 1, zt, ldc: ldz)
                let prh = f(rh!)
                for r in 0..<b {
                    let row = zt + r * ldz, h = hp.base + r * hp.ld
                    lamina_vsigmoid(row, row, 2 * u)
                    for j in 0..<u { prh[r * u + j] = row[u + j] * h[j] }
                }
                sgemm(false, false, m: b, n: u, k: u, prh, lda: u, pu + 2 * u, ldb: gu, beta: 1, zt + 2 * u, ldc: ldz)
            }
            var tmp = [Float](repeating: 0, count: 2 * u)
            tmp.withUnsafeMutableBufferPointer { tb in
                let cand = tb.baseAddress!, cc = cand + u
                for r in 0..<b {
                    let row = zt + r * ldz, h = hp.base + r * hp.ld
                    switch p.kind {
                    case .simple:
                        lamina_vtanh(row, row, u)
                        cand.update(from: row, count: u)
                    case .lstm:
                        let c = cp.base + r * cp.ld
                        lamina_vsigmoid(row, row, 2 * u)
                        lamina_vtanh(row + 2 * u, row + 2 * u, u)
                        lamina_vsigmoid(row + 3 * u, row + 3 * u, u)
                        for j in 0..<u { cc[j] = row[u + j] * c[j] + row[j] * row[2 * u + j] }
                        lamina_vtanh(cc, cand, u)
                        for j in 0..<u { cand[j] *= row[3 * u + j] }
                    case .gru(let ra):
                        if ra {
                            let hur = f(hu!) + r * gu, hzr = f(hz!) + (r * steps + t) * u
                            for j in 0..<(2 * u) { row[j] += hur[j] }
                            lamina_vsigmoid(row, row, 2 * u)
                            for j in 0..<u { hzr[j] = hur[2 * u + j]; row[2 * u + j] += row[u + j] * hur[2 * u + j] }
                        }
                        lamina_vtanh(row + 2 * u, row + 2 * u, u)
                        for j in 0..<u { let z = row[j]; cand[j] = z * h[j] + (1 - z) * row[2 * u + j] }
                    }
                    let on = mask.map { $0[r * steps + t] != 0 } ?? true
                    let hrow = f(hs) + r * ldh + s * u, orow = f(outs) + r * ldh + s * u
                    if on {
                        hrow.update(from: cand, count: u)
                        if isLSTM { (f(cs!) + r * ldh + s * u).update(from: cc, count: u) }
                    } else {
                        hrow.update(from: h, count: u)
                        if isLSTM { (f(cs!) + r * ldh + s * u).update(from: cp.base + r * cp.ld, count: u) }
                    }
                    if !on && p.zeroOutputForMask { orow.update(repeating: 0, count: u) } else { orow.update(from: hrow, count: u) }
                }
            }
        }
        var states: [Tensor] = []
        for (k, carried) in ([hs] + (cs.map { [$0] } ?? [])).enumerated() {
            let last = previous(p.initialStates[k], carried, steps, steps: steps, units: u)
            let st = empty([b, u], .float32), d = f(st)
            for r in 0..<b { (d + r * u).update(from: last.base + r * last.ld, count: u) }
            states.append(st)
        }
        var cache = [gates, hs]
        if let cs { cache.append(cs) }
        if let hz { cache.append(hz) }
        return RecurrentSequenceResult(outputs: outs, states: states, cache: cache)
    }
}
