/// How often predictions equal targets exactly (`keras.metrics.Accuracy`).
public final class Accuracy: MeanMetricWrapper {
    public init(name: String = "accuracy") {
        super.init(name: name, className: "Accuracy") { yTrue, yPred in
            yTrue.cast(to: .float32).equal(yPred.cast(to: .float32)).cast(to: .float32)
        }
    }
}

/// How often `yPred > threshold` matches binary targets (`keras.metrics.BinaryAccuracy`).
public final class BinaryAccuracy: MeanMetricWrapper {
    public let threshold: Float
    public init(name: String = "binary_accuracy", threshold: Float = 0.5) {
        self.threshold = threshold
        super.init(name: name, className: "BinaryAccuracy") { yTrue, yPred in
            let p = yPred.greater(threshold).cast(to: .float32)
            var t = yTrue.cast(to: .float32)
            if t.rank == p.rank - 1 { t = t.expandingDims(at: -1) }
            return p.equal(t).cast(to: .float32).mean(axis: -1)
        }
    }
    public override var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32", "threshold": JSONValue(threshold)] }
}

/// How often the argmax of predictions matches the argmax of one-hot targets
/// (`keras.metrics.CategoricalAccuracy`).
public final class CategoricalAccuracy: MeanMetricWrapper {
    public init(name: String = "categorical_accuracy") {
        super.init(name: name, className: "CategoricalAccuracy") { yTrue, yPred in
            yTrue.argmax(axis: -1).equal(yPred.argmax(axis: -1)).cast(to: .float32)
        }
    }
}

/// How often the argmax of predictions matches integer targets
/// (`keras.metrics.SparseCategoricalAccuracy`).
public final class SparseCategoricalAccuracy: MeanMetricWrapper {
    public init(name: String = "sparse_categorical_accuracy") {
        super.init(name: name, className: "SparseCategoricalAccuracy") { yTrue, yPred in
            var t = yTrue
            if t.rank == yPred.rank && t.shape.last == 1 { t = t.squeezing(axes: [-1]) }
            return t.cast(to: .int32).equal(yPred.argmax(axis: -1)).cast(to: .float32)
        }
    }
}
