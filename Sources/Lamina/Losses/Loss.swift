/// How per-element losses become the scalar that is minimised (Keras `reduction`).
public enum Reduction: String, Sendable, CaseIterable {
    /// Weighted sum divided by the number of elements (Keras's default).
    case sumOverBatchSize = "sum_over_batch_size"
    case sum
    /// Same as `sumOverBatchSize`.
    case mean
    /// Weighted sum divided by the sum of the weights.
    case meanWithSampleWeight = "mean_with_sample_weight"
    /// No reduction: the per-sample losses.
    case none
}

/// A loss function (Keras `keras.losses.Loss`): per-sample values, then sample weights, a Keras
/// mask and the reduction, exactly as Keras applies them (`losses/loss.py`).
public protocol Loss: KerasObject {
    /// The name used in logs and configs (`"categorical_crossentropy"`).
    var name: String { get }
    var reduction: Reduction { get }
    /// The loss of each sample: typically the mean over the last axis, so the shape is
    /// `yPred.shape.dropLast()`.
    func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor
    /// Throws when targets of shape `yTrue` cannot go with predictions of shape `yPred` (batch
    /// first, `nil` where unknown). A default accepts equal shapes up to trailing 1s.
    func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws
}

extension Loss {
    /// The reduced loss: `perSample`, weighted by `sampleWeight` (broadcast) and by `mask`
    /// (valid entries re-weighted by total / valid as Keras does), then reduced.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) -> Tensor {
        let values = perSample(yTrue, yPred)
        return reduceWeighted(values, sampleWeight: sampleWeight, mask: mask, reduction: reduction)
    }
}

/// Keras's `reduce_weighted_values` with `apply_mask`.
public func reduceWeighted(_ values: Tensor, sampleWeight: Tensor?, mask: Tensor?, reduction: Reduction) -> Tensor {
    var weight = sampleWeight?.cast(to: .float32)
    if var m = mask?.cast(to: .float32) {
        m = m.reshaped(alignedShape(m.shape, to: values.rank))
        if reduction == .sumOverBatchSize || reduction == .mean {
            let total = Float(ShapeMath.count(m.shape))
            let valid = m.sum()
            m = m * (total / valid.maximum(Tensor.full(1, shape: [], on: m.backend)))
        }
        weight = weight.map { $0.reshaped(alignedShape($0.shape, to: values.rank)) * m } ?? m
    }
    var v = values
    if let w = weight { v = v * w.reshaped(alignedShape(w.shape, to: values.rank)) }
    switch reduction {
    case .none: return v
    case .sum: return v.sum()
    case .sumOverBatchSize, .mean:
        return v.sum() / Float(Swift.max(v.count, 1))
    case .meanWithSampleWeight:
        guard let w = weight else { return v.sum() / Float(Swift.max(v.count, 1)) }
        let wsum = (w.broadcast(to: ShapeMath.broadcast(w.shape, values.shape) ?? values.shape)).sum()
        return v.sum() / wsum
    }
}

/// Drops trailing size-1 axes or appends size-1 axes so a weight of shape `shape` lines up with
/// per-sample values of rank `rank` from the left (batch first), as Keras squeezes / expands.
func alignedShape(_ shape: [Int], to rank: Int) -> [Int] {
    var s = shape
    while s.count > rank, s.last == 1 { s.removeLast() }
    while s.count < rank { s.append(1) }
    return s
}
