import Lamina
import Testing

/// The shared inputs of `losses.json` / `metrics.json` (their first case), by name.
struct GoldenInputs {
    let tensors: [String: JSONValue]
    init(_ fixture: Fixture) throws {
        tensors = try #require(fixture.cases.first?["inputs"]?.object, "fixture has no inputs case")
    }
    /// The input `name`, or nil for JSON null / a missing key.
    func tensor(_ name: JSONValue?) throws -> Tensor? {
        guard let key = name?.string else { return nil }
        return try #require(tensors[key]?.tensor, "no input named \(key)")
    }
}

extension JSONValue {
    var floats: [Float]? { array?.compactMap { $0.float } }
}

/// Builds the Lamina loss a `losses.json` case describes (Keras class name and kwargs).
func makeLoss(_ className: String, _ args: JSONValue, reduction: Reduction) throws -> any Loss {
    let fromLogits = args["from_logits"]?.bool ?? false
    let smoothing = args["label_smoothing"]?.float ?? 0
    switch className {
    case "MeanSquaredError": return MeanSquaredError(reduction: reduction)
    case "MeanAbsoluteError": return MeanAbsoluteError(reduction: reduction)
    case "MeanAbsolutePercentageError": return MeanAbsolutePercentageError(reduction: reduction)
    case "MeanSquaredLogarithmicError": return MeanSquaredLogarithmicError(reduction: reduction)
    case "Huber": return Huber(delta: args["delta"]?.float ?? 1, reduction: reduction)
    case "LogCosh": return LogCosh(reduction: reduction)
    case "CosineSimilarity": return CosineSimilarity(axis: args["axis"]?.int ?? -1, reduction: reduction)
    case "BinaryCrossentropy": return BinaryCrossentropy(fromLogits: fromLogits, labelSmoothing: smoothing, reduction: reduction)
    case "BinaryFocalCrossentropy":
        return BinaryFocalCrossentropy(applyClassBalancing: args["apply_class_balancing"]?.bool ?? false,
                                       alpha: args["alpha"]?.float ?? 0.25, gamma: args["gamma"]?.float ?? 2,
                                       fromLogits: fromLogits, labelSmoothing: smoothing, reduction: reduction)
    case "CategoricalCrossentropy": return CategoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: smoothing, reduction: reduction)
    case "SparseCategoricalCrossentropy":
        return SparseCategoricalCrossentropy(fromLogits: fromLogits, ignoreClass: args["ignore_class"]?.int, reduction: reduction)
    case "KLDivergence": return KLDivergence(reduction: reduction)
    case "Poisson": return Poisson(reduction: reduction)
    case "Hinge": return Hinge(reduction: reduction)
    case "SquaredHinge": return SquaredHinge(reduction: reduction)
    case "CategoricalHinge": return CategoricalHinge(reduction: reduction)
    default: throw LaminaError(.unknownName, "test: no loss \(className)")
    }
}

/// Builds the Lamina metric a `metrics.json` case describes: a Keras class name with kwargs, or a
/// string for `Metrics.named`.
func makeMetric(_ className: String, _ args: JSONValue) throws -> Metric {
    switch className {
    case "Accuracy": return Accuracy()
    case "BinaryAccuracy": return BinaryAccuracy(threshold: args["threshold"]?.float ?? 0.5)
    case "CategoricalAccuracy": return CategoricalAccuracy()
    case "SparseCategoricalAccuracy": return SparseCategoricalAccuracy()
    case "TopKCategoricalAccuracy": return TopKCategoricalAccuracy(k: args["k"]?.int ?? 5)
    case "SparseTopKCategoricalAccuracy": return SparseTopKCategoricalAccuracy(k: args["k"]?.int ?? 5)
    case "Precision": return Precision(thresholds: args["thresholds"]?.floats, topK: args["top_k"]?.int, classId: args["class_id"]?.int)
    case "Recall": return Recall(thresholds: args["thresholds"]?.floats, topK: args["top_k"]?.int, classId: args["class_id"]?.int)
    case "AUC":
        return AUC(numThresholds: args["num_thresholds"]?.int ?? 200,
                   curve: AUC.Curve(rawValue: args["curve"]?.string ?? "ROC")!,
                   summationMethod: AUC.SummationMethod(rawValue: args["summation_method"]?.string ?? "interpolation")!,
                   thresholds: args["thresholds"]?.floats, fromLogits: args["from_logits"]?.bool ?? false)
    case "F1Score":
        return F1Score(average: args["average"]?.string.flatMap(FBetaScore.Average.init(rawValue:)), threshold: args["threshold"]?.float)
    case "MeanSquaredError": return Metrics.MeanSquaredError()
    case "RootMeanSquaredError": return RootMeanSquaredError()
    case "MeanAbsoluteError": return Metrics.MeanAbsoluteError()
    case "MeanAbsolutePercentageError": return Metrics.MeanAbsolutePercentageError()
    case "R2Score":
        let aggregation: R2Score.ClassAggregation?
        if let a = args["class_aggregation"] { aggregation = a.string.flatMap(R2Score.ClassAggregation.init(rawValue:)) } else { aggregation = .uniformAverage }
        return R2Score(classAggregation: aggregation, numRegressors: args["num_regressors"]?.int ?? 0)
    case "Mean": return Mean()
    case "Sum": return Sum()
    default: return try Metrics.named(className)
    }
}
