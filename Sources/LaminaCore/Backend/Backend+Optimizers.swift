/// Default bodies of the optimizer steps, built from the primitives: the executable spec of each
/// rule (the reference backend runs these). Each writes its results into `param` and the slots
/// with `copy`; a fast backend overrides them with one fused pass (see `CPU+Optimizer.swift`).
extension Backend {
    public func sgdUpdate(_ param: Tensor, gradient g: Tensor, velocity: Tensor?, learningRate: Float, momentum: Float, nesterov: Bool) {
        compositeSgdUpdate(param, gradient: g, velocity: velocity, learningRate: learningRate, momentum: momentum, nesterov: nesterov)
    }

    /// The composite definition of `sgdUpdate`, for backends that override it only for some inputs.
    public func compositeSgdUpdate(_ param: Tensor, gradient g: Tensor, velocity: Tensor?, learningRate: Float, momentum: Float, nesterov: Bool) {
        let lrG = binary(.mul, g, scalar(learningRate))
        guard let velocity else {
            copy(binary(.sub, param, lrG), into: param)
            return
        }
        let v = binary(.sub, binary(.mul, velocity, scalar(momentum)), lrG)
        copy(v, into: velocity)
        let step = nesterov ? binary(.sub, binary(.mul, v, scalar(momentum)), lrG) : v
        copy(binary(.add, param, step), into: param)
    }

    public func adamUpdate(_ param: Tensor, gradient g: Tensor, m: Tensor, v: Tensor, vHat: Tensor?, _ h: AdamHyperparameters) {
        compositeAdamUpdate(param, gradient: g, m: m, v: v, vHat: vHat, h)
    }

    /// The composite definition of `adamUpdate`, for backends that override it only for some inputs.
    public func compositeAdamUpdate(_ param: Tensor, gradient g: Tensor, m: Tensor, v: Tensor, vHat: Tensor?, _ h: AdamHyperparameters) {
        let alpha = h.adamStepSize
        let newM = binary(.add, m, binary(.mul, binary(.sub, g, m), scalar(1 - h.beta1)))
        let newV = binary(.add, v, binary(.mul, binary(.sub, binary(.mul, g, g), v), scalar(1 - h.beta2)))
        copy(newM, into: m)
        copy(newV, into: v)
        var denominatorSource = newV
        if let vHat {
            let mx = binary(.maximum, vHat, newV)
            copy(mx, into: vHat)
            denominatorSource = mx
        }
        let denom = binary(.add, unary(.sqrt, denominatorSource), scalar(h.epsilon))
        copy(binary(.sub, param, binary(.div, binary(.mul, newM, scalar(alpha)), denom)), into: param)
    }

    public func optimizerUpdate(_ rule: OptimizerRule, param: Tensor, gradient: Tensor, slots: [Tensor], decay: Float) {
        compositeOptimizerUpdate(rule, param: param, gradient: gradient, slots: slots, decay: decay)
    }

    /// The composite definition of `optimizerUpdate`, for backends that override it only for some
    /// rules. SGD and Adam go through this backend's `sgdUpdate` / `adamUpdate`.
    public func compositeOptimizerUpdate(_ rule: OptimizerRule, param w: Tensor, gradient g: Tensor, slots: [Tensor], decay: Float) {
        precondition(slots.count == rule.slotCount, "optimizerUpdate(\(rule.name)): \(slots.count) slots, expected \(rule.slotCount)")
        if decay != 0 { copy(binary(.sub, w, binary(.mul, w, scalar(decay))), into: w) }
        // a·x + b·y, the moving averages every rule keeps.
        func mix(_ a: Float, _ x: Tensor, _ b: Float, _ y: Tensor) -> Tensor {
            binary(.add, binary(.mul, x, scalar(a)), binary(.mul, y, scalar(b)))
        }
        let g2 = binary(.mul, g, g)
        switch rule {
        case let .sgd(lr, mu, nesterov):
            sgdUpdate(w, gradient: g, velocity: slots.first, learningRate: lr, momentum: mu, nesterov: nesterov)
        case let .adam(h, amsgrad):
            adamUpdate(w, gradient: g, m: slots[0], v: slots[1], vHat: amsgrad ? slots[2] : nil, h)
        case let .rmsprop(lr, rho, mu, eps, centered):
            let v = mix(rho, slots[0], 1 - rho, g2)
            copy(v, into: slots[0])
            var d = v
            if centered {
                let avg = slots[slots.count - 1]
                let a = mix(rho, avg, 1 - rho, g)
                copy(a, into: avg)
                d = binary(.sub, v, binary(.mul, a, a))
            }
            let inc = binary(.div, binary(.mul, g, scalar(lr)), unary(.sqrt, binary(.add, d, scalar(eps))))
            if mu > 0 {
                let mom = binary(.add, binary(.mul, slots[1], scalar(mu)), inc)
                copy(mom, into: slots[1])
                copy(binary(.sub, w, mom), into: w)
            } else {
                copy(binary(.sub, w, inc), into: w)
            }
        case let .adagrad(lr, eps):
            let acc = binary(.add, slots[0], g2)
            copy(acc, into: slots[0])
            let step = binary(.div, binary(.mul, g, scalar(lr)), unary(.sqrt, binary(.add, acc, scalar(eps))))
            copy(binary(.sub, w, step), into: w)
        case let .adadelta(lr, rho, eps):
            let ag = mix(rho, slots[0], 1 - rho, g2)
            copy(ag, into: slots[0])
            let rmsDelta = unary(.sqrt, binary(.add, slots[1], scalar(eps)))
            let delta = unary(.neg, binary(.div, binary(.mul, rmsDelta, g), unary(.sqrt, binary(.add, ag, scalar(eps)))))
            copy(mix(rho, slots[1], 1 - rho, binary(.mul, delta, delta)), into: slots[1])
            copy(binary(.add, w, binary(.mul, delta, scalar(lr))), into: w)
        case let .adamax(lr, beta1, beta2, eps, step):
            let m = binary(.add, slots[0], binary(.mul, binary(.sub, g, slots[0]), scalar(1 - beta1)))
            let u = binary(.maximum, binary(.mul, slots[1], scalar(beta2)), unary(.abs, g))
            copy(m, into: slots[0])
            copy(u, into: slots[1])
            let alpha = OptimizerRule.adamaxStepSize(learningRate: lr, beta1: beta1, step: step)
            copy(binary(.sub, w, binary(.div, binary(.mul, m, scalar(alpha)), binary(.add, u, scalar(eps)))), into: w)
        case let .nadam(h):
            let (cM, cG, cV) = h.coefficients
            let m = binary(.add, slots[0], binary(.mul, binary(.sub, g, slots[0]), scalar(1 - h.beta1)))
            let v = binary(.add, slots[1], binary(.mul, binary(.sub, g2, slots[1]), scalar(1 - h.beta2)))
            copy(m, into: slots[0])
            copy(v, into: slots[1])
            let mHat = mix(cM, m, cG, g)
            let denom = binary(.add, unary(.sqrt, binary(.mul, v, scalar(cV))), scalar(h.epsilon))
            copy(binary(.sub, w, binary(.div, binary(.mul, mHat, scalar(h.learningRate)), denom)), into: w)
        case let .lion(lr, beta1, beta2):
            let direction = unary(.sign, mix(beta1, slots[0], 1 - beta1, g))
            copy(binary(.sub, w, binary(.mul, direction, scalar(lr))), into: w)
            copy(mix(beta2, slots[0], 1 - beta2, g), into: slots[0])
        }
    }
}
