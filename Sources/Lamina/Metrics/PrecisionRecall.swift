/// What Precision and Recall share: thresholds, `topK`, `classId` and the confusion counts.
open class ThresholdedConfusionMetric: Metric {
    /// The thresholds given at init (`nil` for the default 0.5, or `NEG_INF` with `topK`).
    public let initThresholds: [Float]?
    public let topK: Int?
    public let classId: Int?
    var counts: ConfusionCounts

    /// - Parameters:
    ///   - thresholds: values in [0, 1]; a prediction above a threshold counts as positive.
    ///     Defaults to `[0.5]`, or to "any score" when `topK` is set.
    ///   - topK: only the `topK` highest predictions of each sample can be positive.
    ///   - classId: only this class (last axis) is looked at.
    init(thresholds: [Float]?, topK: Int?, classId: Int?, name: String) {
        if let thresholds {
            precondition(thresholds.allSatisfy { $0 >= 0 && $0 <= 1 }, "Threshold values must be in [0, 1]. Received: \(thresholds)")
        }
        initThresholds = thresholds
        self.topK = topK
        self.classId = classId
        let values = thresholds.map { $0.map(Double.init) } ?? [topK == nil ? 0.5 : Double(kerasNegInf)]
        counts = ConfusionCounts(thresholds: values, evenlyDistributed: isEvenlyDistributed(values))
        super.init(name: name)
    }

    /// Accumulates a batch: targets (0/1) and predictions in [0, 1] of equal shape `[batch, …]`
    /// (up to a trailing 1), weights per sample or broadcastable to the targets.
    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        counts.update(yTrue, yPred, sampleWeight: sampleWeight, topK: topK, classId: classId)
    }
    open override func result() -> Float { resultValues().first ?? 0 }
    open override func reset() { counts.reset() }
    open override var config: [String: JSONValue] {
        ["name": .string(name), "dtype": "float32",
         "thresholds": initThresholds.map { t in t.count == 1 ? JSONValue(t[0]) : .array(t.map { JSONValue($0) }) } ?? .null,
         "top_k": JSONValue(topK), "class_id": JSONValue(classId)]
    }
}

/// The fraction of predicted positives that are positive, `tp / (tp + fp)`
/// (`keras.metrics.Precision`). One value per threshold (``resultValues()``); `result()` is the
/// first.
public final class Precision: ThresholdedConfusionMetric {
    public override init(thresholds: [Float]? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "precision") {
        super.init(thresholds: thresholds, topK: topK, classId: classId, name: name)
    }
    public override func resultValues() -> [Float] {
        zip(counts.truePositives, counts.falsePositives).map { Float(divideNoNaN($0, $0 + $1)) }
    }
    public override var className: String { "Precision" }
}

/// The fraction of positives predicted positive, `tp / (tp + fn)` (`keras.metrics.Recall`).
/// One value per threshold (``resultValues()``); `result()` is the first.
public final class Recall: ThresholdedConfusionMetric {
    public override init(thresholds: [Float]? = nil, topK: Int? = nil, classId: Int? = nil, name: String = "recall") {
        super.init(thresholds: thresholds, topK: topK, classId: classId, name: name)
    }
    public override func resultValues() -> [Float] {
        zip(counts.truePositives, counts.falseNegatives).map { Float(divideNoNaN($0, $0 + $1)) }
    }
    public override var className: String { "Recall" }
}
