/// Keras's `convert_binary_labels_to_hinge`: when every target is 0 or 1 they become -1 or 1;
/// other targets are left alone.
func hingeLabels(_ yTrue: Tensor) -> Tensor {
    let isBinary = yTrue.scalars().allSatisfy { $0 == 0 || $0 == 1 }
    return isBinary ? yTrue * 2 - 1 : yTrue
}

/// The hinge loss (`keras.losses.Hinge`): `mean(max(1 - t·p, 0), axis: -1)` for targets in
/// {-1, 1} (0/1 targets are converted). Shapes `[batch, …, d]` → `[batch, …]`.
public struct Hinge: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "hinge") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return (1 - hingeLabels(t) * p).relu().mean(axis: -1)
    }
    public var className: String { "Hinge" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The squared hinge loss (`keras.losses.SquaredHinge`): `mean(max(1 - t·p, 0)², axis: -1)`,
/// targets as for ``Hinge``.
public struct SquaredHinge: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "squared_hinge") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        return (1 - hingeLabels(t) * p).relu().squared().mean(axis: -1)
    }
    public var className: String { "SquaredHinge" }
    public var config: [String: JSONValue] { baseConfig }
}

/// The categorical hinge loss (`keras.losses.CategoricalHinge`): `max(neg - pos + 1, 0)` with
/// `pos = Σ t·p` and `neg = max((1 - t)·p)` over the last axis, for one-hot targets.
/// Shapes `[batch, …, classes]` → `[batch, …]`.
public struct CategoricalHinge: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "categorical_hinge") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (t, p) = alignedTargets(yTrue, yPred)
        let pos = (t * p).sum(axis: -1)
        let neg = ((1 - t) * p).max(axis: -1)
        return (neg - pos + 1).maximum(pos.scalar(0))
    }
    public var className: String { "CategoricalHinge" }
    public var config: [String: JSONValue] { baseConfig }
}
