/// How often predictions equal targets exactly (`keras.metrics.Accuracy`). Any shapes that match
/// up to a trailing 1.
public final class Accuracy: MeanMetricWrapper {
    public init(name: String = "accuracy") {
        super.init(name: name, className: "Accuracy") { yTrue, yPred in
            let (t, p) = squeezeOrExpandToSameRank(yTrue.cast(to: .float32), yPred.cast(to: .float32))
            return t.equal(p).cast(to: .float32)
        }
    }
}

/// How often `yPred > threshold` matches binary targets (`keras.metrics.BinaryAccuracy`).
/// Targets and predictions `[batch, …]`, equal up to a trailing 1.
public final class BinaryAccuracy: MeanMetricWrapper {
    public let threshold: Float
    public init(name: String = "binary_accuracy", threshold: Float = 0.5) {
        self.threshold = threshold
        super.init(name: name, className: "BinaryAccuracy") { yTrue, yPred in
            let (t, p) = squeezeOrExpandToSameRank(yTrue.cast(to: .float32), yPred)
            return p.greater(threshold).cast(to: .float32).equal(t).cast(to: .float32)
        }
    }
    public override var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32", "threshold": JSONValue(threshold)] }
}

/// How often the argmax of predictions matches the argmax of one-hot targets
/// (`keras.metrics.CategoricalAccuracy`). Both `[batch, …, classes]`.
public final class CategoricalAccuracy: MeanMetricWrapper {
    public init(name: String = "categorical_accuracy") {
        super.init(name: name, className: "CategoricalAccuracy") { yTrue, yPred in
            yTrue.cast(to: .float32).argmax(axis: -1).equal(yPred.argmax(axis: -1)).cast(to: .float32)
        }
    }
}

/// Integer class ids `[batch, …]` (or `[batch, …, 1]`) as float32, lined up with predictions
/// `[batch, …, classes]`.
func sparseIds(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    var t = yTrue.cast(to: .float32)
    if t.rank == yPred.rank && t.shape.last == 1 { t = t.squeezing(axes: [-1]) }
    return t
}

/// How often the argmax of predictions matches integer targets
/// (`keras.metrics.SparseCategoricalAccuracy`). Targets `[batch, …]` or `[batch, …, 1]`,
/// predictions `[batch, …, classes]`.
public final class SparseCategoricalAccuracy: MeanMetricWrapper {
    public init(name: String = "sparse_categorical_accuracy") {
        super.init(name: name, className: "SparseCategoricalAccuracy") { yTrue, yPred in
            sparseIds(yTrue, yPred).equal(yPred.argmax(axis: -1).cast(to: .float32)).cast(to: .float32)
        }
    }
}

/// Keras's `in_top_k`: 1 where fewer than `k` classes score strictly higher than the target class
/// (ties count in the target's favour; a NaN score never does). Ids `[n…]`, scores `[n…, classes]`.
func inTopK(ids: Tensor, scores: Tensor, k: Int) -> Tensor {
    let classes = scores.shape[scores.rank - 1]
    let oneHot = ids.cast(to: .int32).oneHot(depth: classes)
    let atLabel = Tensor.where(oneHot.greater(0), scores, scores.zerosLike()).sum(axis: -1, keepDims: true)
    let safe = Tensor.where(atLabel.notEqual(atLabel), atLabel.scalar(-.infinity).broadcast(to: atLabel.shape), atLabel)
    let rank = scores.greater(safe).cast(to: .float32).sum(axis: -1) + 1
    return rank.lessEqual(Float(k)).cast(to: .float32)
}

/// How often the target class (argmax of one-hot targets) is among the `k` highest predictions
/// (`keras.metrics.TopKCategoricalAccuracy`). Both `[batch, …, classes]`.
public final class TopKCategoricalAccuracy: MeanMetricWrapper {
    public let k: Int
    public init(k: Int = 5, name: String = "top_k_categorical_accuracy") {
        self.k = k
        super.init(name: name, className: "TopKCategoricalAccuracy") { yTrue, yPred in
            inTopK(ids: yTrue.cast(to: .float32).argmax(axis: -1), scores: yPred, k: k)
        }
    }
    public override var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32", "k": JSONValue(k)] }
}

/// How often integer targets are among the `k` highest predictions
/// (`keras.metrics.SparseTopKCategoricalAccuracy`). Targets `[batch, …]` or `[batch, …, 1]`,
/// predictions `[batch, …, classes]`.
public final class SparseTopKCategoricalAccuracy: MeanMetricWrapper {
    public let k: Int
    public init(k: Int = 5, name: String = "sparse_top_k_categorical_accuracy") {
        self.k = k
        super.init(name: name, className: "SparseTopKCategoricalAccuracy") { yTrue, yPred in
            inTopK(ids: sparseIds(yTrue, yPred), scores: yPred, k: k)
        }
    }
    public override var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32", "k": JSONValue(k)] }
}
