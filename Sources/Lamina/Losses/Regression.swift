/// Keras's epsilon for clipping and safe division (`backend.epsilon()`).
let kerasEpsilon: Float = 1e-7

/// Mean of squared differences over the last axis (`keras.losses.MeanSquaredError`):
/// `mean((yTrue - yPred)², axis: -1)`. Targets and predictions `[batch, d0, …, dN]` give
/// per-sample losses `[batch, d0, …, dN-1]`.
public struct MeanSquaredError: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "mean_squared_error") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return (t - p).squared().mean(axis: -1)
    }
    public var className: String { "MeanSquaredError" }
    public var config: [String: JSONValue] { baseConfig }
}

/// Mean of absolute differences over the last axis (`keras.losses.MeanAbsoluteError`):
/// `mean(|yTrue - yPred|, axis: -1)`; shapes as for ``MeanSquaredError``.
public struct MeanAbsoluteError: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "mean_absolute_error") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return (t - p).abs().mean(axis: -1)
    }
    public var className: String { "MeanAbsoluteError" }
    public var config: [String: JSONValue] { baseConfig }
}

/// Mean absolute percentage error (`keras.losses.MeanAbsolutePercentageError`):
/// `100 · mean(|(yTrue - yPred) / max(|yTrue|, ε)|, axis: -1)`; shapes as for ``MeanSquaredError``.
public struct MeanAbsolutePercentageError: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "mean_absolute_percentage_error") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return ((t - p) / t.abs().maximum(t.scalar(kerasEpsilon))).abs().mean(axis: -1) * 100
    }
    public var className: String { "MeanAbsolutePercentageError" }
    public var config: [String: JSONValue] { baseConfig }
}

/// Mean squared logarithmic error (`keras.losses.MeanSquaredLogarithmicError`):
/// `mean((log(max(yPred, ε) + 1) - log(max(yTrue, ε) + 1))², axis: -1)`.
public struct MeanSquaredLogarithmicError: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "mean_squared_logarithmic_error") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        let first = (p.maximum(p.scalar(kerasEpsilon)) + 1).log()
        let second = (t.maximum(t.scalar(kerasEpsilon)) + 1).log()
        return (first - second).squared().mean(axis: -1)
    }
    public var className: String { "MeanSquaredLogarithmicError" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The Huber loss (`keras.losses.Huber`): per element `½e²` where `|e| ≤ delta`, else
/// `delta·|e| - ½delta²`, with `e = yPred - yTrue`; then the mean over the last axis.
/// Keras's config omits `delta`, and so does this one.
public struct Huber: Loss, LossConvertible {
    public var delta: Float
    public var reduction: Reduction
    public var name: String
    public init(delta: Float = 1, reduction: Reduction = .sumOverBatchSize, name: String = "huber_loss") {
        self.delta = delta; self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        let error = p - t
        let absError = error.abs()
        let quadratic = error.squared() * 0.5
        let linear = absError * delta - 0.5 * delta * delta
        return Tensor.where(absError.lessEqual(delta), quadratic, linear).mean(axis: -1)
    }
    public var className: String { "Huber" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The logarithm of the hyperbolic cosine of the error (`keras.losses.LogCosh`):
/// `mean(x + softplus(-2x) - log 2, axis: -1)` with `x = yPred - yTrue`.
public struct LogCosh: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "log_cosh") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        let x = p - t
        return (x + (x * -2).softplus() - Float(0.6931471805599453)).mean(axis: -1)
    }
    public var className: String { "LogCosh" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The negative cosine similarity along `axis` (`keras.losses.CosineSimilarity`):
/// `-Σ l2normalize(yTrue) · l2normalize(yPred)`, where a zero vector normalises to zero (the
/// inverse norm is capped at `1/ε`). Keras's config omits `axis`, and so does this one.
public struct CosineSimilarity: Loss, LossConvertible {
    public var axis: Int
    public var reduction: Reduction
    public var name: String
    public init(axis: Int = -1, reduction: Reduction = .sumOverBatchSize, name: String = "cosine_similarity") {
        self.axis = axis; self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return -(l2Normalized(t, axis: axis) * l2Normalized(p, axis: axis)).sum(axis: axis)
    }
    public var className: String { "CosineSimilarity" }
    public var config: [String: JSONValue] { baseConfig }
}

/// Keras's `ops.normalize(x, axis, order: 2)`: `x · min(rsqrt(Σx²), 1/ε)`.
func l2Normalized(_ x: Tensor, axis: Int) -> Tensor {
    let inverseNorm = x.squared().sum(axis: axis, keepDims: true).rsqrt()
    return x * inverseNorm.minimum(x.scalar(1 / kerasEpsilon))
}

extension Tensor {
    /// A float32 scalar on this tensor's backend, for elementwise ops with broadcasting.
    func scalar(_ v: Float) -> Tensor { Tensor.full(v, shape: [], on: backend) }
}
