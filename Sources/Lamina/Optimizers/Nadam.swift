/// Nadam, Adam with Nesterov momentum (`keras.optimizers.Nadam`), with Keras's momentum-cache
/// schedule `u_t = β₁(1 - ½·0.96ᵗ)` and its running product ``uProduct`` (see
/// ``NadamHyperparameters`` for the update).
public final class Nadam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// `u_1·…·u_t` after `t` steps (Keras's `_u_product` optimizer variable; 1 before the first step).
    public var uProduct: Float = 1

    public init(learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                name: String = "nadam") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { ["momentum", "velocity"] }

    /// Advances the momentum cache once per step, before any variable is updated (as Keras's
    /// `_backend_update_step`).
    public override func prepareStep() {
        uProduct = uProduct * NadamHyperparameters.momentumCache(beta1: beta1, step: iterations + 1)
    }

    public override func rule(learningRate: Float) -> OptimizerRule? {
        .nadam(NadamHyperparameters(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                    step: iterations + 1, uProduct: uProduct))
    }

    public override var className: String { "Nadam" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["beta_1"] = JSONValue(beta1)
        c["beta_2"] = JSONValue(beta2)
        c["epsilon"] = JSONValue(epsilon)
        return c
    }
}
