import CLaminaCPU
import LaminaCore

/// The optimizer steps: one fused, multi-threaded pass over the parameter and its slots per step
/// (instead of ~10 temporary tensors per parameter per step). SGD and Adam run the vectorised C
/// kernels of optimizers.c; the other rules are Swift loops. Every kernel first applies the
/// decoupled weight decay `w -= w·decay` when `decay != 0`, then the rule, element by element in
/// the order of Keras's `update_step` (see ``OptimizerRule``).
extension CPUBackend {
    public func sgdUpdate(_ param: Tensor, gradient: Tensor, velocity: Tensor?, learningRate lr: Float, momentum mu: Float, nesterov: Bool) {
        sgdKernel(param, gradient, velocity, lr, mu, nesterov, decay: 0)
    }

    public func adamUpdate(_ param: Tensor, gradient: Tensor, m: Tensor, v: Tensor, vHat: Tensor?, _ h: AdamHyperparameters) {
        adamKernel(param, gradient, m, v, vHat, h, decay: 0)
    }

    public func optimizerUpdate(_ rule: OptimizerRule, param: Tensor, gradient: Tensor, slots s: [Tensor], decay: Float) {
        precondition(s.count == rule.slotCount, "optimizerUpdate(\(rule.name)): \(s.count) slots, expected \(rule.slotCount)")
        switch rule {
        case let .sgd(lr, mu, nesterov): sgdKernel(param, gradient, s.first, lr, mu, nesterov, decay: decay)
        case let .adam(h, amsgrad): adamKernel(param, gradient, s[0], s[1], amsgrad ? s[2] : nil, h, decay: decay)
        case let .rmsprop(lr, rho, mu, eps, centered):
            rmspropKernel(param, gradient, velocity: s[0], momentum: mu > 0 ? s[1] : nil, average: centered ? s[s.count - 1] : nil,
                          lr: lr, rho: rho, mu: mu, eps: eps, decay: decay)
        case let .adagrad(lr, eps): adagradKernel(param, gradient, s[0], lr: lr, eps: eps, decay: decay)
        case let .adadelta(lr, rho, eps): adadeltaKernel(param, gradient, s[0], s[1], lr: lr, rho: rho, eps: eps, decay: decay)
        case let .adamax(lr, b1, b2, eps, step):
            adamaxKernel(param, gradient, s[0], s[1], alpha: OptimizerRule.adamaxStepSize(learningRate: lr, beta1: b1, step: step),
                         b1: b1, b2: b2, eps: eps, decay: decay)
        case let .nadam(h): nadamKernel(param, gradient, s[0], s[1], h, decay: decay)
        case let .lion(lr, b1, b2): lionKernel(param, gradient, s[0], lr: lr, b1: b1, b2: b2, decay: decay)
        }
    }

    private static let grain = 65_536

    private func sgdKernel(_ param: Tensor, _ gradient: Tensor, _ velocity: Tensor?, _ lr: Float, _ mu: Float, _ nesterov: Bool, decay: Float) {
        let w = f(param), g = f(gradient), v = velocity.map { f($0) }
        Parallel.forEach(param.count, grain: Self.grain) { r in
            let o = r.lowerBound
            lamina_sgd_update(w + o, g + o, v.map { $0 + o }, r.count, lr, mu, nesterov ? 1 : 0, decay)
        }
    }

    private func adamKernel(_ param: Tensor, _ gradient: Tensor, _ m: Tensor, _ v: Tensor, _ vHat: Tensor?, _ h: AdamHyperparameters, decay: Float) {
        let w = f(param), g = f(gradient), pm = f(m), pv = f(v), ph = vHat.map { f($0) }
        let alpha = h.adamStepSize, b1 = 1 - h.beta1, b2 = 1 - h.beta2, eps = h.epsilon
        Parallel.forEach(param.count, grain: Self.grain) { r in
            let o = r.lowerBound
            lamina_adam_update(w + o, g + o, pm + o, pv + o, ph.map { $0 + o }, r.count, alpha, b1, b2, eps, decay)
        }
    }

    private func rmspropKernel(_ param: Tensor, _ gradient: Tensor, velocity: Tensor, momentum: Tensor?, average: Tensor?,
                               lr: Float, rho: Float, mu: Float, eps: Float, decay: Float) {
        let w = f(param), g = f(gradient), pv = f(velocity), n = param.count
        let pmom = momentum.map { f($0) }, pavg = average.map { f($0) }
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k]
                let vk = rho * pv[k] + (1 - rho) * (gk * gk)
                pv[k] = vk
                var d = vk
                if let pavg {
                    let ak = rho * pavg[k] + (1 - rho) * gk
                    pavg[k] = ak
                    d = vk - ak * ak
                }
                let inc = lr * gk / (d + eps).squareRoot()
                if let pmom {
                    let mk = mu * pmom[k] + inc
                    pmom[k] = mk
                    w[k] = wk - mk
                } else {
                    w[k] = wk - inc
                }
            }
        }
    }

    private func adagradKernel(_ param: Tensor, _ gradient: Tensor, _ accumulator: Tensor, lr: Float, eps: Float, decay: Float) {
        let w = f(param), g = f(gradient), acc = f(accumulator), n = param.count
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k]
                let a = acc[k] + gk * gk
                acc[k] = a
                w[k] = wk - lr * gk / (a + eps).squareRoot()
            }
        }
    }

    private func adadeltaKernel(_ param: Tensor, _ gradient: Tensor, _ accGrad: Tensor, _ accDelta: Tensor,
                                lr: Float, rho: Float, eps: Float, decay: Float) {
        let w = f(param), g = f(gradient), ag = f(accGrad), ad = f(accDelta), n = param.count
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k]
                let agk = rho * ag[k] + (1 - rho) * (gk * gk)
                ag[k] = agk
                let delta = -((ad[k] + eps).squareRoot() * gk / (agk + eps).squareRoot())
                ad[k] = rho * ad[k] + (1 - rho) * (delta * delta)
                w[k] = wk + lr * delta
            }
        }
    }

    private func adamaxKernel(_ param: Tensor, _ gradient: Tensor, _ m: Tensor, _ u: Tensor,
                              alpha: Float, b1: Float, b2: Float, eps: Float, decay: Float) {
        let w = f(param), g = f(gradient), pm = f(m), pu = f(u), n = param.count
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k]
                let mk = pm[k] + (gk - pm[k]) * (1 - b1)
                let uk = Swift.max(b2 * pu[k], Swift.abs(gk))
                pm[k] = mk
                pu[k] = uk
                w[k] = wk - alpha * mk / (uk + eps)
            }
        }
    }

    private func nadamKernel(_ param: Tensor, _ gradient: Tensor, _ m: Tensor, _ v: Tensor, _ h: NadamHyperparameters, decay: Float) {
        let w = f(param), g = f(gradient), pm = f(m), pv = f(v), n = param.count
        let (cM, cG, cV) = h.coefficients
        let lr = h.learningRate, b1 = 1 - h.beta1, b2 = 1 - h.beta2, eps = h.epsilon
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k]
                let mk = pm[k] + (gk - pm[k]) * b1
                let vk = pv[k] + (gk * gk - pv[k]) * b2
                pm[k] = mk
                pv[k] = vk
                let mHat = cM * mk + cG * gk
                w[k] = wk - lr * mHat / ((cV * vk).squareRoot() + eps)
            }
        }
    }

    private func lionKernel(_ param: Tensor, _ gradient: Tensor, _ m: Tensor, lr: Float, b1: Float, b2: Float, decay: Float) {
        let w = f(param), g = f(gradient), pm = f(m), n = param.count
        Parallel.forEach(n, grain: Self.grain) { r in
            for k in r {
                var wk = w[k]
                if decay != 0 { wk -= wk * decay }
                let gk = g[k], mk = pm[k]
                let c = b1 * mk + (1 - b1) * gk
                let s: Float = c > 0 ? 1 : (c < 0 ? -1 : c)
                w[k] = wk - lr * s
                pm[k] = b2 * mk + (1 - b2) * gk
            }
        }
    }
}
