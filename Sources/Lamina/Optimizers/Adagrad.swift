/// Adagrad (`keras.optimizers.Adagrad`): `acc += g²; w -= lr·g/√(acc+ε)`, with the accumulator
/// starting at `initialAccumulatorValue`.
public final class Adagrad: Optimizer {
    public let initialAccumulatorValue: Float
    public let epsilon: Float

    public init(learningRate: LearningRate = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                name: String = "adagrad") {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { ["accumulator"] }

    public override func initialSlot(_ index: Int, for variable: Variable) -> Tensor {
        Tensor.full(initialAccumulatorValue, shape: variable.shape, on: variable.value.backend)
    }

    public override func rule(learningRate: Float) -> OptimizerRule? { .adagrad(learningRate: learningRate, epsilon: epsilon) }

    public override var className: String { "Adagrad" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["initial_accumulator_value"] = JSONValue(initialAccumulatorValue)
        c["epsilon"] = JSONValue(epsilon)
        return c
    }
}
