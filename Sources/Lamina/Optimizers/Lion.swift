/// Lion (`keras.optimizers.Lion`): `w -= lr·sign(β₁·m + (1-β₁)g)`, then `m = β₂·m + (1-β₂)g`.
public final class Lion: Optimizer {
    public let beta1: Float
    public let beta2: Float

    public init(learningRate: LearningRate = 0.001, beta1: Float = 0.9, beta2: Float = 0.99, weightDecay: Float? = nil,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil, name: String = "lion") {
        precondition(beta1 > 0 && beta1 <= 1, "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
                         + "degenerates to SignSGD. Received: beta_1=\(beta1).")
        self.beta1 = beta1
        self.beta2 = beta2
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { ["momentum"] }

    public override func rule(learningRate: Float) -> OptimizerRule? { .lion(learningRate: learningRate, beta1: beta1, beta2: beta2) }

    public override var className: String { "Lion" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["beta_1"] = JSONValue(beta1)
        c["beta_2"] = JSONValue(beta2)
        return c
    }
}
