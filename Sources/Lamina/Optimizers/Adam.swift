/// Adam (`keras.optimizers.Adam`) with Keras's update rule, run as one fused in-place backend op:
/// `α = lr·√(1-β₂ᵗ)/(1-β₁ᵗ)`, `m += (g-m)(1-β₁)`, `v += (g²-v)(1-β₂)`, `w -= α·m/(√v̂+ε)`
/// (ε outside the square root), with `v̂ = max(v̂, v)` under AMSGrad.
public class Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let amsgrad: Bool

    public init(learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                amsgrad: Bool = false, weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, name: String = "adam") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"] }

    public override func rule(learningRate: Float) -> OptimizerRule? {
        .adam(AdamHyperparameters(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, step: iterations + 1),
              amsgrad: amsgrad)
    }

    public override var className: String { "Adam" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["beta_1"] = JSONValue(beta1)
        c["beta_2"] = JSONValue(beta2)
        c["epsilon"] = JSONValue(epsilon)
        c["amsgrad"] = .bool(amsgrad)
        return c
    }
}
