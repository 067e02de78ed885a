/// Cross-entropy between one-hot (or soft) targets and predicted probabilities or logits
/// (`keras.losses.CategoricalCrossentropy`). Targets and predictions have the same shape
/// `[batch, …, classes]`; per-sample losses drop `axis`.
///
/// Probabilities are renormalised to sum to 1 along `axis` and clipped to `[ε, 1-ε]`; logits go
/// through a log-softmax. `labelSmoothing` mixes the targets with `1 / classes` (the class count
/// is the targets' last dimension, as in Keras).
public struct CategoricalCrossentropy: Loss, LossConvertible {
    public var fromLogits: Bool
    public var labelSmoothing: Float
    public var axis: Int
    public var reduction: Reduction
    public var name: String

    public init(fromLogits: Bool = false, labelSmoothing: Float = 0, axis: Int = -1,
                reduction: Reduction = .sumOverBatchSize, name: String = "categorical_crossentropy") {
        self.fromLogits = fromLogits; self.labelSmoothing = labelSmoothing; self.axis = axis
        self.reduction = reduction; self.name = name
    }

    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var (target, p) = alignedTargets(yTrue, yPred)
        if labelSmoothing != 0 {
            let classes = Float(target.shape[target.rank - 1])
            target = target * (1 - labelSmoothing) + labelSmoothing / classes
        }
        return categoricalCrossentropy(target, p, fromLogits: fromLogits, axis: axis)
    }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        let t = yTrue.dropFirst(), p = yPred.dropFirst()
        let ok = t.count == p.count && zip(t, p).allSatisfy { $1 == nil || $0 == $1 }
        if !ok {
            throw LaminaError.shape("Arguments `target` and `output` must have the same shape. Received: target.shape=\(describeShape([nil] + t.map { Optional($0) })), output.shape=\(describeShape(yPred)) (model \"\(model)\", loss \(name))")
        }
    }

    public var className: String { "CategoricalCrossentropy" }
    public var config: [String: JSONValue] {
        baseConfig.merging(["from_logits": .bool(fromLogits), "label_smoothing": JSONValue(labelSmoothing),
                            "axis": JSONValue(axis)]) { $1 }
    }
}

/// Keras's backend `categorical_crossentropy`: `-Σ target · log p` along `axis`.
func categoricalCrossentropy(_ target: Tensor, _ output: Tensor, fromLogits: Bool, axis: Int) -> Tensor {
    let logProb: Tensor
    if fromLogits {
        logProb = output.logSoftmax(axis: axis)
    } else {
        let p = output / output.sum(axis: axis, keepDims: true)
        logProb = p.clipped(min: kerasEpsilon, max: 1 - kerasEpsilon).log()
    }
    return -(target * logProb).sum(axis: axis)
}

/// Cross-entropy between integer class ids and predicted probabilities or logits
/// (`keras.losses.SparseCategoricalCrossentropy`). Predictions are `[batch, …, classes]` (classes
/// on `axis`); targets have the predictions' shape without the class axis, or with a 1 there.
///
/// Entries whose id is `ignoreClass` get loss 0 and are masked out: with the default reduction the
/// mean runs over the other entries only, as in Keras.
public struct SparseCategoricalCrossentropy: Loss, LossConvertible {
    public var fromLogits: Bool
    public var ignoreClass: Int?
    public var axis: Int
    public var reduction: Reduction
    public var name: String

    public init(fromLogits: Bool = false, ignoreClass: Int? = nil, axis: Int = -1,
                reduction: Reduction = .sumOverBatchSize, name: String = "sparse_categorical_crossentropy") {
        self.fromLogits = fromLogits; self.ignoreClass = ignoreClass; self.axis = axis
        self.reduction = reduction; self.name = name
    }

    /// Predictions with the class axis last.
    func classesLast(_ yPred: Tensor) -> Tensor {
        let a = ShapeMath.normalizeAxis(axis, rank: yPred.rank, op: name)
        if a == yPred.rank - 1 { return yPred }
        var perm = Array(0..<yPred.rank)
        perm.remove(at: a)
        perm.append(a)
        return yPred.permuted(perm)
    }

    /// Class ids (float32) shaped like the predictions without their class axis.
    func ids(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var t = yTrue
        if t.rank == yPred.rank {
            let a = ShapeMath.normalizeAxis(axis, rank: t.rank, op: name)
            if t.shape[a] == 1 { t = t.squeezing(axes: [a]) }
        }
        return t.cast(to: .float32).detached()
    }

    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let p = classesLast(yPred)
        var labels = ids(yTrue, yPred)
        var valid: Tensor? = nil
        if let ignoreClass {
            let v = labels.notEqual(Float(ignoreClass))
            labels = Tensor.where(v, labels, labels.zerosLike())
            valid = v
        }
        let intLabels = labels.cast(to: .int32)
        var loss: Tensor
        if fromLogits {
            loss = p.softmaxCrossEntropy(labels: intLabels)
        } else {
            loss = categoricalCrossentropy(intLabels.oneHot(depth: p.shape[p.rank - 1]), p, fromLogits: false, axis: -1)
        }
        if let valid { loss = Tensor.where(valid, loss, loss.zerosLike()) }
        return loss
    }

    public func perSampleMask(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor? {
        guard let ignoreClass else { return nil }
        return ids(yTrue, yPred).notEqual(Float(ignoreClass))
    }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        var t = Array(yTrue.dropFirst())
        var p = Array(yPred.dropFirst())
        let a = ShapeMath.normalizeAxis(axis, rank: yPred.count, op: name) - 1
        if a >= 0 && a < p.count { p.remove(at: a) }
        if t.count == p.count + 1 && a >= 0 && a < t.count && t[a] == 1 { t.remove(at: a) }
        let ok = t.count == p.count && zip(t, p).allSatisfy { $1 == nil || $0 == $1 }
        if !ok {
            throw LaminaError.shape("\(name): targets of shape \(describeShape([nil] + Array(yTrue.dropFirst()).map { Optional($0) })) must be class ids with the shape of the output \(describeShape(yPred)) without its class axis (model \"\(model)\")")
        }
    }

    public var className: String { "SparseCategoricalCrossentropy" }
    public var config: [String: JSONValue] {
        baseConfig.merging(["from_logits": .bool(fromLogits), "ignore_class": JSONValue(ignoreClass)]) { $1 }
    }
}
