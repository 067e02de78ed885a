/// RMSprop (`keras.optimizers.RMSprop`), Keras's default `compile` optimizer:
/// `v = ρv + (1-ρ)g²`; centered: `a = ρa + (1-ρ)g` and `d = v - a²`, else `d = v`;
/// `inc = lr·g/√(d+ε)` (ε inside the square root); with momentum `m = μm + inc; w -= m`,
/// else `w -= inc`.
public final class RMSprop: Optimizer {
    public let rho: Float
    public let momentum: Float
    public let epsilon: Float
    public let centered: Bool

    public init(learningRate: LearningRate = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                centered: Bool = false, weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, name: String = "rm_sprop") {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] {
        ["velocity"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["average_gradient"] : [])
    }

    public override func rule(learningRate: Float) -> OptimizerRule? {
        .rmsprop(learningRate: learningRate, rho: rho, momentum: momentum, epsilon: epsilon, centered: centered)
    }

    public override var className: String { "RMSprop" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["rho"] = JSONValue(rho)
        c["momentum"] = JSONValue(momentum)
        c["epsilon"] = JSONValue(epsilon)
        c["centered"] = .bool(centered)
        return c
    }
}
