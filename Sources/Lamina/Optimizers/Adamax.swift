/// Adamax, Adam with the infinity norm (`keras.optimizers.Adamax`): `m += (g-m)(1-β₁)`,
/// `u = max(β₂·u, |g|)`, `w -= lr·m/((1-β₁ᵗ)(u+ε))`.
public final class Adamax: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float

    public init(learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                name: String = "adamax") {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { ["momentum", "norm"] }

    public override func rule(learningRate: Float) -> OptimizerRule? {
        .adamax(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, step: iterations + 1)
    }

    public override var className: String { "Adamax" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["beta_1"] = JSONValue(beta1)
        c["beta_2"] = JSONValue(beta2)
        c["epsilon"] = JSONValue(epsilon)
        return c
    }
}
