import LaminaCore

extension CPUBackend {
    /// One fused, multi-threaded pass over the parameter and its slots (instead of ~10 temporary
    /// tensors per parameter per step).
    public func sgdUpdate(_ param: Tensor, gradient: Tensor, velocity: Tensor?, learningRate lr: Float, momentum mu: Float, nesterov: Bool) {
        let w = f(param), g = f(gradient), n = param.count
        guard let velocity else {
            Parallel.forEach(n, grain: 65_536) { r in for k in r { w[k] -= lr * g[k] } }
            return
        }
        let v = f(velocity)
        Parallel.forEach(n, grain: 65_536) { r in
            if nesterov {
                for k in r { let nv = mu * v[k] - lr * g[k]; v[k] = nv; w[k] += mu * nv - lr * g[k] }
            } else {
                for k in r { let nv = mu * v[k] - lr * g[k]; v[k] = nv; w[k] += nv }
            }
        }
    }

    public func adamUpdate(_ param: Tensor, gradient: Tensor, m: Tensor, v: Tensor, vHat: Tensor?, _ h: AdamHyperparameters) {
        let w = f(param), g = f(gradient), pm = f(m), pv = f(v), n = param.count
        let alpha = h.adamStepSize, b1 = 1 - h.beta1, b2 = 1 - h.beta2, eps = h.epsilon
        let ph = vHat.map { f($0) }
        Parallel.forEach(n, grain: 65_536) { r in
            for k in r {
                let gk = g[k]
                let mk = pm[k] + (gk - pm[k]) * b1
                let vk = pv[k] + (gk * gk - pv[k]) * b2
                pm[k] = mk
                pv[k] = vk
                var denom = vk
                if let ph {
                    denom = Swift.max(ph[k], vk)
                    ph[k] = denom
                }
                w[k] -= alpha * mk / (denom.squareRoot() + eps)
            }
        }
    }
}
