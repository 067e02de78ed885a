/// Kullback-Leibler divergence between target and predicted distributions
/// (`keras.losses.KLDivergence`): `Σ t·log(t / p)` over the last axis, with both clipped to `[ε, 1]`.
/// Targets and predictions `[batch, …, d]` give per-sample losses `[batch, …]`.
public struct KLDivergence: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "kl_divergence") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t0, p0) = alignedTargets(yTrue, yPred)
        let t = t0.clipped(min: kerasEpsilon, max: 1), p = p0.clipped(min: kerasEpsilon, max: 1)
        return (t * (t / p).log()).sum(axis: -1)
    }
    public var className: String { "KLDivergence" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The Poisson loss (`keras.losses.Poisson`): `mean(p - t·log(p + ε), axis: -1)`.
/// Targets and predictions `[batch, …, d]` give per-sample losses `[batch, …]`.
public struct Poisson: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "poisson") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return (p - t * (p + kerasEpsilon).log()).mean(axis: -1)
    }
    public var className: String { "Poisson" }
    public var config: [String: JSONValue] { baseConfig }
}
