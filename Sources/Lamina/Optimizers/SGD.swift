/// Stochastic gradient descent with optional (Nesterov) momentum (`keras.optimizers.SGD`):
/// `m = momentum·m - lr·g; w += m` (Nesterov: `w += momentum·m - lr·g`); plain `w -= lr·g`
/// without momentum.
public final class SGD: Optimizer {
    public let momentum: Float
    public let nesterov: Bool

    public init(learningRate: LearningRate = 0.01, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float? = nil,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil, name: String = "sgd") {
        precondition(momentum >= 0 && momentum <= 1, "`momentum` must be a float between [0, 1]. Received: momentum=\(momentum)")
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, name: name)
    }

    public override var slotNames: [String] { momentum != 0 ? ["momentum"] : [] }

    public override func rule(learningRate: Float) -> OptimizerRule? {
        .sgd(learningRate: learningRate, momentum: momentum, nesterov: nesterov)
    }

    public override var className: String { "SGD" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["momentum"] = JSONValue(momentum)
        c["nesterov"] = .bool(nesterov)
        return c
    }
}
