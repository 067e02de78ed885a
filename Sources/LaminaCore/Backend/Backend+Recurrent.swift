// Composite definitions of the fused recurrent sequence op and its backward, from the primitives
// (matmul, slice, concat, elementwise, select). Step by step, exactly the math of
// ``RecurrentCellKind``; the CPU backend replaces them with strided sgemm and fused gate kernels.

extension Backend {
    public func recurrentSequence(_ p: RecurrentSequenceInputs) -> RecurrentSequenceResult { compositeRecurrentSequence(p) }

    public func recurrentSequenceBackward(_ p: RecurrentSequenceInputs, dOutputs: Tensor?, dStates: [Tensor?],
                                          result: RecurrentSequenceResult) -> RecurrentSequenceGradients {
        compositeRecurrentSequenceBackward(p, dOutputs: dOutputs, dStates: dStates, result: result)
    }

    // MARK: Helpers

    /// `x[:, t, :]` of a `[B, T, F]` tensor as `[B, F]`.
    func timeSlice(_ x: Tensor, _ t: Int) -> Tensor {
        let b = x.shape[0], f = x.shape[2]
        return slice(x, start: [0, t, 0], shape: [b, 1, f], strides: [1, 1, 1]).rawReshaped([b, f])
    }

    /// Columns `k·u ..< (k+1)·u` of a `[R, C]` matrix.
    func block(_ x: Tensor, _ k: Int, _ u: Int) -> Tensor {
        slice(x, start: [0, k * u], shape: [x.shape[0], u], strides: [1, 1])
    }

    /// Stacks `[B, F]` tensors along a new time axis 1: `[B, T, F]`.
    func stackTime(_ xs: [Tensor], batch: Int, features: Int) -> Tensor {
        if xs.isEmpty { return full(0, shape: [batch, 0, features], dtype: .float32) }
        return concat(xs.map { $0.rawReshaped([batch, 1, features]) }, axis: 1)
    }

    func add(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.add, a, b) }
    func sub(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.sub, a, b) }
    func mul(_ a: Tensor, _ b: Tensor) -> Tensor { binary(.mul, a, b) }
    func mm(_ a: Tensor, _ b: Tensor, _ tA: Bool = false, _ tB: Bool = false) -> Tensor { matmul(a, b, transposeA: tA, transposeB: tB) }
    /// `y·(1 - y)`, the derivative of the sigmoid given its output.
    func dSigmoid(_ y: Tensor) -> Tensor { mul(y, sub(scalar(1), y)) }
    /// `1 - y²`, the derivative of tanh given its output.
    func dTanh(_ y: Tensor) -> Tensor { sub(scalar(1), mul(y, y)) }

    /// The input bias `[G·u]` (row 0 of a GRU `resetAfter` bias) and the recurrent bias (row 1) or nil.
    func splitRecurrentBias(_ p: RecurrentSequenceInputs) -> (Tensor?, Tensor?) {
        guard let bias = p.bias else { return (nil, nil) }
        guard p.kind == .gru(resetAfter: true) else { return (bias, nil) }
        let n = 3 * p.units
        return (slice(bias, start: [0, 0], shape: [1, n], strides: [1, 1]).rawReshaped([n]),
                slice(bias, start: [1, 0], shape: [1, n], strides: [1, 1]).rawReshaped([n]))
    }

    // MARK: Forward

    /// The composite definition of `recurrentSequence`.
    public func compositeRecurrentSequence(_ p: RecurrentSequenceInputs) -> RecurrentSequenceResult {
        let b = p.batch, steps = p.steps, u = p.units, g = p.kind.gates
        let (inBias, recBias) = splitRecurrentBias(p)
        var proj = mm(p.x.rawReshaped([b * steps, p.inputSize]), p.kernel)
        if let inBias { proj = add(proj, inBias) }
        proj = proj.rawReshaped([b, steps, g * u])
        let uk = p.recurrentKernel
        var h = p.initialStates[0], c = p.kind == .lstm ? p.initialStates[1] : h
        var gates = [Tensor?](repeating: nil, count: steps), hz = [Tensor?](repeating: nil, count: steps)
        var outs: [Tensor] = [], hs: [Tensor] = [], cs: [Tensor] = []
        for s in 0..<steps {
            let t = p.time(s), xt = timeSlice(proj, t)
            var hc: Tensor, cc = c
            switch p.kind {
            case .simple:
                hc = unary(.tanh, add(xt, mm(h, uk)))
                gates[t] = hc
            case .lstm:
                let z = add(xt, mm(h, uk))
                let i = unary(.sigmoid, block(z, 0, u)), f = unary(.sigmoid, block(z, 1, u))
                let gg = unary(.tanh, block(z, 2, u)), o = unary(.sigmoid, block(z, 3, u))
                cc = add(mul(f, c), mul(i, gg))
                hc = mul(o, unary(.tanh, cc))
                gates[t] = concat([i, f, gg, o], axis: 1)
            case .gru(let resetAfter):
                let zr: Tensor, hh: Tensor, r: Tensor, zg: Tensor
                if resetAfter {
                    var hu = mm(h, uk)
                    if let recBias { hu = add(hu, recBias) }
                    zg = unary(.sigmoid, add(block(xt, 0, u), block(hu, 0, u)))
                    r = unary(.sigmoid, add(block(xt, 1, u), block(hu, 1, u)))
                    hz[t] = block(hu, 2, u)
                    hh = unary(.tanh, add(block(xt, 2, u), mul(r, block(hu, 2, u))))
                } else {
                    let hu = mm(h, slice(uk, start: [0, 0], shape: [u, 2 * u], strides: [1, 1]))
                    zg = unary(.sigmoid, add(block(xt, 0, u), block(hu, 0, u)))
                    r = unary(.sigmoid, add(block(xt, 1, u), block(hu, 1, u)))
                    hh = unary(.tanh, add(block(xt, 2, u), mm(mul(r, h), block(uk, 2, u))))
                }
                zr = zg
                hc = add(mul(zr, h), mul(sub(scalar(1), zr), hh))
                gates[t] = concat([zr, r, hh], axis: 1)
            }
            var out = hc
            if let mask = p.mask {
                let m = slice(mask, start: [0, t], shape: [b, 1], strides: [1, 1])
                h = select(m, hc, h)
                c = select(m, cc, c)
                out = p.zeroOutputForMask ? mul(hc, m) : h
            } else {
                h = hc
                c = cc
            }
            outs.append(out)
            hs.append(h)
            cs.append(c)
        }
        var cache = [stackTime(gates.map { $0! }, batch: b, features: g * u), stackTime(hs, batch: b, features: u)]
        if p.kind == .lstm { cache.append(stackTime(cs, batch: b, features: u)) }
        if p.kind == .gru(resetAfter: true) { cache.append(stackTime(hz.map { $0! }, batch: b, features: u)) }
        let states = p.kind == .lstm ? [h, c] : [h]
        return RecurrentSequenceResult(outputs: stackTime(outs, batch: b, features: u), states: states, cache: cache)
    }
}
