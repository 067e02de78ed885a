/// Adadelta (`keras.optimizers.Adadelta`): `ag = ρ·ag + (1-ρ)g²`,
/// `Δ = -√(ad+ε)·g/√(ag+ε)`, `ad = ρ·ad + (1-ρ)Δ²`, `w += lr·Δ`.
public final class Adadelta: Optimizer {
    public let rho: Float
    public let epsilon: Float

    public init(learningRate: LearningRate = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7, weightDecay: Float? = nil,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil, name: String = "adadelta") {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }

    public override func rule(learningRate: Float) -> OptimizerRule? { .adadelta(learningRate: learningRate, rho: rho, epsilon: epsilon) }

    public override var className: String { "Adadelta" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["rho"] = JSONValue(rho)
        c["epsilon"] = JSONValue(epsilon)
        return c
    }
}
