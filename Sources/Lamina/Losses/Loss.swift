/// How per-element losses become the scalar that is minimised (Keras `reduction`).
public enum Reduction: String, Sendable, CaseIterable {
    /// Weighted sum divided by the number of elements of the per-sample losses (Keras's default).
    case sumOverBatchSize = "sum_over_batch_size"
    /// Weighted sum.
    case sum
    /// Same as `sumOverBatchSize`.
    case mean
    /// Weighted sum divided by the sum of the sample weights (by the element count without weights).
    case meanWithSampleWeight = "mean_with_sample_weight"
    /// No reduction: the weighted per-sample losses.
    case none
}

/// A loss function (Keras `keras.losses.Loss`): per-sample values, then sample weights, a Keras
/// mask and the reduction, exactly as Keras applies them (`losses/loss.py`).
public protocol Loss: KerasObject {
    /// The name used in logs and configs (`"categorical_crossentropy"`).
    var name: String { get }
    var reduction: Reduction { get }
    /// The loss of each sample: typically the mean over the last axis, so for targets and
    /// predictions of shape `[batch, d0, …, dN]` the result has shape `[batch, d0, …, dN-1]`.
    func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor
    /// The Keras mask the loss puts on its own per-sample values (`1` where an entry counts), or
    /// `nil` when every entry counts. Shaped like `perSample`. Only losses that ignore entries
    /// (`SparseCategoricalCrossentropy(ignoreClass:)`) return one.
    func perSampleMask(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor?
    /// Throws when targets of shape `yTrue` cannot go with predictions of shape `yPred` (batch
    /// first, `nil` where unknown). A default accepts equal shapes up to trailing 1s.
    func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws
}

extension Loss {
    public func perSampleMask(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor? { nil }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        try defaultCheckShapes(yTrue: yTrue, yPred: yPred, model: model)
    }

    /// The reduced loss (Keras `Loss.__call__`): `perSample`, then `sampleWeight` and the mask
    /// (`mask` of the predictions combined with the loss's own `perSampleMask`) folded into one
    /// weight as Keras's `apply_mask` does, then `reduction`. Shape `[]`, or the per-sample shape
    /// for `.none`.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) -> Tensor {
        let values = perSample(yTrue, yPred)
        var combined = mask
        if let own = perSampleMask(yTrue, yPred) {
            combined = combined.map { $0.cast(to: .float32) * own.cast(to: .float32) } ?? own
        }
        return reduceWeighted(values, sampleWeight: sampleWeight, mask: combined, reduction: reduction)
    }

    /// The standard config: `name` and `reduction`.
    var baseConfig: [String: JSONValue] { ["name": .string(name), "reduction": .string(reduction.rawValue)] }
}

/// Keras's `reduce_weighted_values` with `apply_mask` (`losses/loss.py`).
///
/// - A mask (`values`' shape, 1 = valid) becomes a weight: with `.sumOverBatchSize`/`.mean` valid
///   entries get `total / valid` (so the mean runs over valid entries only), otherwise 1; it
///   multiplies `sampleWeight`.
/// - The weight is lined up with `values` as Keras's `squeeze_or_expand_to_same_rank` does (a
///   trailing size-1 axis is dropped or added when the ranks differ by one); a weight of lower rank
///   whose shape starts like `values`' shape (e.g. `[batch]` against `[batch, steps]`) is also
///   given trailing 1s so it applies per sample.
/// - `.meanWithSampleWeight` divides by the sum of the weight as given (not broadcast), as Keras
///   does; divisions by zero give 0 (`divide_no_nan`).
public func reduceWeighted(_ values: Tensor, sampleWeight: Tensor?, mask: Tensor?, reduction: Reduction) -> Tensor {
    var v = values
    var weight = sampleWeight?.cast(to: .float32).detached()
    if let mask {
        var m = mask.cast(to: .float32).detached()
        if reduction == .sumOverBatchSize || reduction == .mean {
            let total = Float(m.count)
            let valid = m.sum().item()
            m = m * (valid == 0 ? 0 : total / valid)
        }
        weight = weight.map { maskedWeight(m, $0) } ?? m
    }
    if var w = weight {
        (v, w) = squeezeOrExpandToSameRank(v, w)
        if w.rank < v.rank, Array(v.shape.prefix(w.rank)) == w.shape {
            w = w.reshaped(w.shape + Array(repeating: 1, count: v.rank - w.rank))
        }
        v = v * w
        weight = w
    }
    if reduction == .none || v.rank == 0 || v.shape == [0] { return v }
    let total = v.sum()
    switch reduction {
    case .sum, .none:
        return total
    case .sumOverBatchSize, .mean, .meanWithSampleWeight:
        if reduction == .meanWithSampleWeight, let w = weight {
            let divisor = w.sum()
            let zero = divisor.equal(0)
            return Tensor.where(zero, total.zerosLike(), total / Tensor.where(zero, divisor.onesLike(), divisor))
        }
        let count = v.count
        return count == 0 ? total.zerosLike() : total / Float(count)
    }
}

/// Sample weights times the weight made from a mask, lined up as Keras's `apply_mask` does
/// (`squeeze_or_expand_to_same_rank`). Where Keras's broadcasting fails or misreads the weights —
/// per-sample weights `[batch]` against a mask `[batch, steps]` — the weights get trailing 1s
/// and apply per sample, as `[batch, 1]` weights do in Keras.
func maskedWeight(_ mask: Tensor, _ weight: Tensor) -> Tensor {
    let (m, w) = squeezeOrExpandToSameRank(mask, weight)
    let shape = maskedWeightShapes(m.shape, w.shape).weight
    return (shape == w.shape ? w : w.reshaped(shape)) * m
}

/// The weight shape `maskedWeight` multiplies with the mask (after `squeezeOrExpandShapes`).
func maskedWeightShapes(_ mask: [Int], _ weight: [Int]) -> (mask: [Int], weight: [Int]) {
    var w = weight
    if w.count < mask.count, Array(mask.prefix(w.count)) == w {
        w += Array(repeating: 1, count: mask.count - w.count)
    }
    return (mask, w)
}

/// Whether sample weights of shape `weight` can be combined with a mask of shape `mask`.
func maskWeightShapesAgree(_ mask: [Int], _ weight: [Int]) -> Bool {
    let (m, w) = squeezeOrExpandShapes(mask, weight)
    let lined = maskedWeightShapes(m, w)
    return ShapeMath.broadcast(lined.mask, lined.weight) != nil
}

/// Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly one and the longer
/// tensor ends in a size-1 axis, that axis is squeezed — or, if the shorter one has rank 1 and
/// `expandRank1`, the shorter one gets a trailing 1 instead.
func squeezeOrExpandToSameRank(_ x1: Tensor, _ x2: Tensor, expandRank1: Bool = true) -> (Tensor, Tensor) {
    let s = squeezeOrExpandShapes(x1.shape, x2.shape, expandRank1: expandRank1)
    return (s.0 == x1.shape ? x1 : x1.reshaped(s.0), s.1 == x2.shape ? x2 : x2.reshaped(s.1))
}

/// The shapes `squeezeOrExpandToSameRank` gives.
func squeezeOrExpandShapes(_ a: [Int], _ b: [Int], expandRank1: Bool = true) -> ([Int], [Int]) {
    var x1 = a, x2 = b
    if a.count == b.count + 1, a.last == 1 {
        if b.count == 1 && expandRank1 { x2.append(1) } else { x1.removeLast() }
    }
    if b.count == a.count + 1, b.last == 1 {
        if a.count == 1 && expandRank1 { x1.append(1) } else { x2.removeLast() }
    }
    return (x1, x2)
}

extension Tensor {
    /// Ones with this tensor's shape and dtype.
    func onesLike() -> Tensor { Tensor.full(1, shape: shape, dtype: dtype, on: backend) }
}

/// Targets cast to float32 and lined up with the predictions as every Keras
/// `LossFunctionWrapper` does before calling its function.
func alignedTargets(_ yTrue: Tensor, _ yPred: Tensor) -> (Tensor, Tensor) {
    squeezeOrExpandToSameRank(yTrue.cast(to: .float32), yPred)
}
