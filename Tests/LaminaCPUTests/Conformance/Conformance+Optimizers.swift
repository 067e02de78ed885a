import LaminaCore

// `optimizerUpdate` for every rule of `OptimizerRule`, with and without weight decay, on sizes
// that cover the serial path, chunk edges and the multi-threaded path. The reference runs the
// composite definitions in Backend+Optimizers.swift. Inputs: the parameter, the gradient, then
// the slots; every one of them is returned, so a kernel that writes the wrong slot (or the
// gradient) is caught.

func optimizerRuleCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let sizes: [[Int]] = [[], [0], [1], [7], [17], [1000], [100_003], [3, 5, 7]]
    for s in sizes {
        for (label, rule) in optimizerRules() {
            for decay: Float in [0, 4e-5] {
                let name = "optimizerUpdate \(label)\(decay != 0 ? " weight decay" : "") \(shapes(s))"
                cases.append(ConformanceCase(name, mutatesInputs: true, inputs: { rng in
                    [rng.uniform(s), rng.uniform(s)] + slotInputs(rule, s, &rng)
                }, body: { b, x in
                    b.optimizerUpdate(rule, param: x[0], gradient: x[1], slots: Array(x.dropFirst(2)), decay: decay)
                    return x.map { .tensor($0) }
                }))
            }
        }
    }
    return cases
}

/// Every rule in the configurations that take different paths through the kernels.
private func optimizerRules() -> [(String, OptimizerRule)] {
    let adam = AdamHyperparameters(learningRate: 0.001, step: 3)
    return [
        ("sgd", .sgd(learningRate: 0.01, momentum: 0, nesterov: false)),
        ("sgd momentum", .sgd(learningRate: 0.01, momentum: 0.9, nesterov: false)),
        ("sgd nesterov", .sgd(learningRate: 0.01, momentum: 0.9, nesterov: true)),
        ("adam", .adam(adam, amsgrad: false)),
        ("adam amsgrad", .adam(adam, amsgrad: true)),
        ("rmsprop", .rmsprop(learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false)),
        ("rmsprop momentum", .rmsprop(learningRate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false)),
        ("rmsprop centered", .rmsprop(learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true)),
        ("rmsprop centered momentum", .rmsprop(learningRate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true)),
        ("adagrad", .adagrad(learningRate: 0.01, epsilon: 1e-7)),
        ("adadelta", .adadelta(learningRate: 1, rho: 0.95, epsilon: 1e-7)),
        ("adamax step 1", .adamax(learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1)),
        ("adamax step 9", .adamax(learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 9)),
        ("nadam step 1", .nadam(NadamHyperparameters(learningRate: 0.002, step: 1, uProduct: NadamHyperparameters.momentumCache(beta1: 0.9, step: 1)))),
        ("nadam step 4", .nadam(NadamHyperparameters(learningRate: 0.002, step: 4, uProduct: 0.38))),
        ("lion", .lion(learningRate: 0.001, beta1: 0.9, beta2: 0.99)),
    ]
}

/// Slot values in each slot's natural range: second moments and accumulators are non-negative,
/// and centered RMSprop's mean gradient is small enough that `v - a²` stays positive.
private func slotInputs(_ rule: OptimizerRule, _ s: [Int], _ rng: inout SeededGenerator) -> [HostTensor] {
    switch rule {
    case .sgd(_, let mu, _): return mu != 0 ? [rng.uniform(s, -0.1, 0.1)] : []
    case .adam(_, let amsgrad):
        return [rng.uniform(s, -0.1, 0.1), rng.uniform(s, 0, 0.01)] + (amsgrad ? [rng.uniform(s, 0, 0.01)] : [])
    case let .rmsprop(_, _, mu, _, centered):
        return [rng.uniform(s, 0.02, 0.05)] + (mu > 0 ? [rng.uniform(s, -0.01, 0.01)] : []) + (centered ? [rng.uniform(s, -0.1, 0.1)] : [])
    case .adagrad: return [rng.uniform(s, 0.1, 1)]
    case .adadelta: return [rng.uniform(s, 0, 0.5), rng.uniform(s, 0, 0.5)]
    case .adamax: return [rng.uniform(s, -0.1, 0.1), rng.uniform(s, 0, 0.5)]
    case .nadam: return [rng.uniform(s, -0.1, 0.1), rng.uniform(s, 0, 0.01)]
    case .lion: return [rng.uniform(s, -0.1, 0.1)]
    }
}
