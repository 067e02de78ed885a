/// Anything `compile` accepts as an optimizer: an ``Optimizer`` or a Keras name (`"adam"`).
public protocol OptimizerConvertible { func makeOptimizer() throws -> Optimizer }
/// Anything `compile` accepts as a loss: a ``Loss`` or a Keras name (`"mse"`).
public protocol LossConvertible { func makeLoss() throws -> any Loss }
/// Anything `compile` accepts as a metric: a ``Metric`` or a Keras name (`"accuracy"`), resolved
/// once the shapes of the targets and predictions are known.
public protocol MetricConvertible { func makeMetric(yTrue: [Int], yPred: [Int], loss: (any Loss)?) throws -> Metric }

extension String: OptimizerConvertible, LossConvertible, MetricConvertible {
    public func makeOptimizer() throws -> Optimizer { try Optimizers.named(self) }
    public func makeLoss() throws -> any Loss { try Losses.named(self) }
    public func makeMetric(yTrue: [Int], yPred: [Int], loss: (any Loss)?) throws -> Metric {
        try Metrics.named(self, yTrue: yTrue, yPred: yPred, loss: loss)
    }
}

extension Optimizer: OptimizerConvertible {
    public func makeOptimizer() throws -> Optimizer { self }
}

extension Metric: MetricConvertible {
    public func makeMetric(yTrue: [Int], yPred: [Int], loss: (any Loss)?) throws -> Metric { self }
}

/// Wraps a ``Loss`` value for `compile(loss:)`.
extension LossConvertible where Self: Loss {
    public func makeLoss() throws -> any Loss { self }
}
