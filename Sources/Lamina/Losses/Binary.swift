/// Element-wise binary cross-entropy as Keras's backend computes it: from logits
/// `t·softplus(-x) + (1-t)·softplus(x)`, from probabilities `-(t·log p + (1-t)·log(1-p))` with `p`
/// clipped to `[ε, 1-ε]`. Same shapes in and out.
func binaryCrossentropy(_ target: Tensor, _ output: Tensor, fromLogits: Bool) -> Tensor {
    if fromLogits {
        return target * (-output).softplus() + (1 - target) * output.softplus()
    }
    let p = output.clipped(min: kerasEpsilon, max: 1 - kerasEpsilon)
    return -(target * p.log() + (1 - target) * (1 - p).log())
}

/// Checks that targets and predictions have equal shapes up to Keras's trailing-1 squeeze/expand.
func checkSameShape(_ loss: any Loss, yTrue: [Int], yPred: [Int?], model: String) throws {
    let (t, p) = squeezeOrExpandShapes(yTrue, yPred.map { $0 ?? -1 })
    let ok = t.count == p.count && zip(t.dropFirst(), p.dropFirst()).allSatisfy { $1 == -1 || $0 == $1 }
    if !ok {
        throw LaminaError.shape("Arguments `target` and `output` must have the same shape. Received: target.shape=\(describeShape([nil] + yTrue.dropFirst().map { Optional($0) })), output.shape=\(describeShape(yPred)) (model \"\(model)\", loss \(loss.name))")
    }
}

/// Cross-entropy for binary (0/1 or soft) targets (`keras.losses.BinaryCrossentropy`). Targets and
/// predictions `[batch, …, d]` (a target without the trailing 1 of `[batch, 1]` predictions is
/// accepted); the per-sample loss is the mean over `axis`. `labelSmoothing` squeezes targets
/// towards ½: `t·(1 - s) + s/2`.
public struct BinaryCrossentropy: Loss, LossConvertible, BinaryLikeLoss {
    public var fromLogits: Bool
    public var labelSmoothing: Float
    public var axis: Int
    public var reduction: Reduction
    public var name: String

    public init(fromLogits: Bool = false, labelSmoothing: Float = 0, axis: Int = -1,
                reduction: Reduction = .sumOverBatchSize, name: String = "binary_crossentropy") {
        self.fromLogits = fromLogits; self.labelSmoothing = labelSmoothing; self.axis = axis
        self.reduction = reduction; self.name = name
    }

    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var (t, p) = alignedTargets(yTrue, yPred)
        if labelSmoothing != 0 { t = t * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        return binaryCrossentropy(t, p, fromLogits: fromLogits).mean(axis: axis)
    }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        try checkSameShape(self, yTrue: yTrue, yPred: yPred, model: model)
    }

    public var className: String { "BinaryCrossentropy" }
    public var config: [String: JSONValue] {
        baseConfig.merging(["from_logits": .bool(fromLogits), "label_smoothing": JSONValue(labelSmoothing),
                            "axis": JSONValue(axis)]) { $1 }
    }
}

/// Binary cross-entropy scaled by a focal factor that down-weights easy examples
/// (`keras.losses.BinaryFocalCrossentropy`, Lin et al. 2018): `(1 - p_t)^gamma · bce` with
/// `p_t = t·p + (1-t)·(1-p)`, times `alpha` for class 1 and `1 - alpha` for class 0 when
/// `applyClassBalancing`; then the mean over `axis`. Shapes as for ``BinaryCrossentropy``.
public struct BinaryFocalCrossentropy: Loss, LossConvertible, BinaryLikeLoss {
    public var applyClassBalancing: Bool
    public var alpha: Float
    public var gamma: Float
    public var fromLogits: Bool
    public var labelSmoothing: Float
    public var axis: Int
    public var reduction: Reduction
    public var name: String

    public init(applyClassBalancing: Bool = false, alpha: Float = 0.25, gamma: Float = 2, fromLogits: Bool = false,
                labelSmoothing: Float = 0, axis: Int = -1, reduction: Reduction = .sumOverBatchSize,
                name: String = "binary_focal_crossentropy") {
        self.applyClassBalancing = applyClassBalancing; self.alpha = alpha; self.gamma = gamma
        self.fromLogits = fromLogits; self.labelSmoothing = labelSmoothing; self.axis = axis
        self.reduction = reduction; self.name = name
    }

    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var (t, p) = alignedTargets(yTrue, yPred)
        if labelSmoothing != 0 { t = t * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        if fromLogits { p = p.sigmoid() }
        let bce = binaryCrossentropy(t, p, fromLogits: false)
        let pT = t * p + (1 - t) * (1 - p)
        var focal = (1 - pT).pow(gamma) * bce
        if applyClassBalancing {
            focal = (t * alpha + (1 - t) * (1 - alpha)) * focal
        }
        return focal.mean(axis: axis)
    }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        try checkSameShape(self, yTrue: yTrue, yPred: yPred, model: model)
    }

    public var className: String { "BinaryFocalCrossentropy" }
    public var config: [String: JSONValue] {
        baseConfig.merging(["from_logits": .bool(fromLogits), "label_smoothing": JSONValue(labelSmoothing),
                            "axis": JSONValue(axis), "apply_class_balancing": .bool(applyClassBalancing),
                            "alpha": JSONValue(alpha), "gamma": JSONValue(gamma)]) { $1 }
    }
}
