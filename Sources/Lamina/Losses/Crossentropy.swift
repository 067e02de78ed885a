/// Keras's epsilon for clipping probabilities (`backend.epsilon()`).
let kerasEpsilon: Float = 1e-7

/// Cross-entropy between one-hot (or soft) targets and predicted probabilities or logits
/// (`keras.losses.CategoricalCrossentropy`). Targets and predictions have the same shape.
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
        var target = yTrue.cast(to: .float32)
        if labelSmoothing > 0 {
            let classes = Float(yPred.shape[ShapeMath.normalizeAxis(axis, rank: yPred.rank, op: name)])
            target = target * (1 - labelSmoothing) + labelSmoothing / classes
        }
        if fromLogits {
            return -(target * yPred.logSoftmax(axis: axis)).sum(axis: axis)
        }
        let p = (yPred / yPred.sum(axis: axis, keepDims: true)).clipped(min: kerasEpsilon, max: 1 - kerasEpsilon)
        return -(target * p.log()).sum(axis: axis)
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
        ["name": .string(name), "reduction": .string(reduction.rawValue), "from_logits": .bool(fromLogits),
         "label_smoothing": JSONValue(labelSmoothing), "axis": JSONValue(axis)]
    }
}

/// Cross-entropy between integer class ids and predicted probabilities or logits
/// (`keras.losses.SparseCategoricalCrossentropy`). Targets have the predictions' shape without the
/// class axis (or with a trailing 1). `ignoreClass` entries contribute nothing.
public struct SparseCategoricalCrossentropy: Loss, LossConvertible {
    public var fromLogits: Bool
    public var ignoreClass: Int?
    public var reduction: Reduction
    public var name: String

    public init(fromLogits: Bool = false, ignoreClass: Int? = nil, reduction: Reduction = .sumOverBatchSize,
                name: String = "sparse_categorical_crossentropy") {
        self.fromLogits = fromLogits; self.ignoreClass = ignoreClass; self.reduction = reduction; self.name = name
    }

    /// Class ids shaped like the predictions without their class axis.
    func ids(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var t = yTrue
        if t.rank == yPred.rank && t.shape.last == 1 { t = t.squeezing(axes: [-1]) }
        return t.cast(to: .int32)
    }

    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        var labels = ids(yTrue, yPred)
        var valid: Tensor? = nil
        if let ignoreClass {
            let v = labels.notEqual(Float(ignoreClass))
            labels = Tensor.where(v, labels, labels.zerosLike())
            valid = v
        }
        var loss: Tensor
        if fromLogits {
            loss = yPred.softmaxCrossEntropy(labels: labels)
        } else {
            let p = (yPred / yPred.sum(axis: -1, keepDims: true)).clipped(min: kerasEpsilon, max: 1 - kerasEpsilon)
            let oneHot = labels.oneHot(depth: yPred.shape[yPred.rank - 1])
            loss = -(oneHot * p.log()).sum(axis: -1)
        }
        if let valid { loss = loss * valid.cast(to: .float32) }
        return loss
    }

    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        var t = Array(yTrue.dropFirst())
        let p = Array(yPred.dropFirst().dropLast())
        if t.count == p.count + 1 && t.last == 1 { t.removeLast() }
        let ok = t.count == p.count && zip(t, p).allSatisfy { $1 == nil || $0 == $1 }
        if !ok {
            throw LaminaError.shape("\(name): targets of shape \(describeShape([nil] + t.map { Optional($0) })) must be class ids with the shape of the output \(describeShape(yPred)) without its last axis (model \"\(model)\")")
        }
    }

    public var className: String { "SparseCategoricalCrossentropy" }
    public var config: [String: JSONValue] {
        ["name": .string(name), "reduction": .string(reduction.rawValue), "from_logits": .bool(fromLogits),
         "ignore_class": JSONValue(ignoreClass)]
    }
}

/// Mean of squared differences over the last axis (`keras.losses.MeanSquaredError`).
public struct MeanSquaredError: Loss, LossConvertible {
    public var reduction: Reduction
    public var name: String
    public init(reduction: Reduction = .sumOverBatchSize, name: String = "mean_squared_error") {
        self.reduction = reduction; self.name = name
    }
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        (yPred - yTrue.cast(to: .float32)).squared().mean(axis: -1)
    }
    public var className: String { "MeanSquaredError" }
    public var config: [String: JSONValue] { ["name": .string(name), "reduction": .string(reduction.rawValue)] }
}

extension Loss {
    public func checkShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        try defaultCheckShapes(yTrue: yTrue, yPred: yPred, model: model)
    }
}
