// The composite backward of the fused recurrent sequence op (backpropagation through time from
// the cache of ``RecurrentSequenceResult``), built from the primitives.

extension Backend {
    /// The composite definition of `recurrentSequenceBackward`.
    public func compositeRecurrentSequenceBackward(_ p: RecurrentSequenceInputs, dOutputs: Tensor?, dStates: [Tensor?],
                                                   result: RecurrentSequenceResult) -> RecurrentSequenceGradients {
        let b = p.batch, steps = p.steps, u = p.units, g = p.kind.gates, uk = p.recurrentKernel
        let gatesAll = result.cache[0], hsAll = result.cache[1]
        let extra = result.cache.count > 2 ? result.cache[2] : nil
        var dh = dStates.first.flatMap { $0 } ?? full(0, shape: [b, u], dtype: .float32)
        var dc = dStates.count > 1 ? (dStates[1] ?? full(0, shape: [b, u], dtype: .float32)) : dh
        var dU = full(0, shape: uk.shape, dtype: .float32)
        var dRecBias: Tensor? = p.kind == .gru(resetAfter: true) && p.bias != nil ? full(0, shape: [3 * u], dtype: .float32) : nil
        var dProj = [Tensor?](repeating: nil, count: steps)
        let one = scalar(1)
        for s in stride(from: steps - 1, through: 0, by: -1) {
            let t = p.time(s)
            let m: Tensor? = p.mask.map { slice($0, start: [0, t], shape: [b, 1], strides: [1, 1]) }
            let hPrev = s == 0 ? p.initialStates[0] : timeSlice(hsAll, s - 1)
            if let dOutputs {
                var go = timeSlice(dOutputs, s)
                if p.zeroOutputForMask, let m { go = mul(go, m) }
                dh = add(dh, go)
            }
            let gt = timeSlice(gatesAll, t)
            /// Applies the mask to a gate gradient (zero at skipped steps).
            func masked(_ x: Tensor) -> Tensor { m.map { mul(x, $0) } ?? x }
            /// The carried part of a state gradient: `(1 - m)·d` (nothing when unmasked).
            func carried(_ d: Tensor) -> Tensor? { m.map { mul(d, sub(one, $0)) } }
            switch p.kind {
            case .simple:
                let da = masked(mul(dh, dTanh(gt)))
                dProj[t] = da
                dU = add(dU, mm(hPrev, da, true))
                let back = mm(da, uk, false, true)
                dh = carried(dh).map { add($0, back) } ?? back
            case .lstm:
                let cPrev = s == 0 ? p.initialStates[1] : timeSlice(extra!, s - 1)
                let i = block(gt, 0, u), f = block(gt, 1, u), gg = block(gt, 2, u), o = block(gt, 3, u)
                let tc = unary(.tanh, timeSlice(extra!, s))
                let dcT = add(dc, mul(mul(dh, o), dTanh(tc)))
                let dz = masked(concat([mul(mul(dcT, gg), dSigmoid(i)), mul(mul(dcT, cPrev), dSigmoid(f)),
                                        mul(mul(dcT, i), dTanh(gg)), mul(mul(dh, tc), dSigmoid(o))], axis: 1))
                dProj[t] = dz
                dU = add(dU, mm(hPrev, dz, true))
                let back = mm(dz, uk, false, true)
                let dcNew = mul(dcT, f)
                if let m { dc = select(m, dcNew, dc) } else { dc = dcNew }
                dh = carried(dh).map { add($0, back) } ?? back
            case .gru(let resetAfter):
                let z = block(gt, 0, u), r = block(gt, 1, u), hh = block(gt, 2, u)
                let dzz = mul(mul(dh, sub(hPrev, hh)), dSigmoid(z))
                let dah = mul(mul(dh, sub(one, z)), dTanh(hh))
                let direct = masked(mul(dh, z))
                if resetAfter {
                    let dr = mul(mul(dah, timeSlice(extra!, t)), dSigmoid(r))
                    dProj[t] = masked(concat([dzz, dr, dah], axis: 1))
                    let dhz = masked(concat([dzz, dr, mul(dah, r)], axis: 1))
                    dU = add(dU, mm(hPrev, dhz, true))
                    if let d = dRecBias { dRecBias = add(d, reduce(.sum, dhz, axes: [0])) }
                    let back = add(direct, mm(dhz, uk, false, true))
                    dh = carried(dh).map { add($0, back) } ?? back
                } else {
                    let uh = block(uk, 2, u), uzr = slice(uk, start: [0, 0], shape: [u, 2 * u], strides: [1, 1])
                    let drh = mm(dah, uh, false, true)
                    let dr = mul(mul(drh, hPrev), dSigmoid(r))
                    let dzr = masked(concat([dzz, dr], axis: 1)), dahm = masked(dah)
                    dProj[t] = concat([dzr, dahm], axis: 1)
                    let dUzr = mm(hPrev, dzr, true), dUh = mm(mul(r, hPrev), dahm, true)
                    dU = add(dU, concat([dUzr, dUh], axis: 1))
                    let back = add(add(direct, masked(mul(drh, r))), mm(dzr, uzr, false, true))
                    dh = carried(dh).map { add($0, back) } ?? back
                }
            }
        }
        let dP = stackTime(dProj.map { $0! }, batch: b, features: g * u).rawReshaped([b * steps, g * u])
        let dx = mm(dP, p.kernel, false, true).rawReshaped(p.x.shape)
        let dW = mm(p.x.rawReshaped([b * steps, p.inputSize]), dP, true)
        var dBias: Tensor? = nil
        if p.bias != nil {
            let dIn = reduce(.sum, dP, axes: [0])
            dBias = dRecBias.map { concat([dIn.rawReshaped([1, 3 * u]), $0.rawReshaped([1, 3 * u])], axis: 0) } ?? dIn
        }
        let dInit = p.kind == .lstm ? [dh, dc] : [dh]
        return RecurrentSequenceGradients(dx: dx, dKernel: dW, dRecurrentKernel: dU, dBias: dBias, dInitialStates: dInit)
    }
}
