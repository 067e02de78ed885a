/// Looks up metrics by their Keras names.
public enum Metrics {
    /// The metric for a Keras name. `"accuracy"`/`"acc"` is resolved by shapes as Keras does
    /// (`trainers/compile_utils.py`): a last prediction axis of 1 → binary; targets of lower rank
    /// than predictions or with a last axis of 1 → sparse categorical; else categorical.
    public static func named(_ name: String, yTrue: [Int], yPred: [Int], loss: (any Loss)?) throws -> Metric {
        switch name {
        case "accuracy", "acc":
            let m: Metric
            if yPred.last == 1 || loss is BinaryLikeLoss {
                m = BinaryAccuracy()
            } else if yTrue.count < yPred.count || yTrue.last == 1 {
                m = SparseCategoricalAccuracy()
            } else {
                m = CategoricalAccuracy()
            }
            m.name = name
            return m
        case "binary_accuracy": return BinaryAccuracy()
        case "categorical_accuracy": return CategoricalAccuracy()
        case "sparse_categorical_accuracy": return SparseCategoricalAccuracy()
        default:
            throw LaminaError.unknown("Could not interpret metric identifier: '\(name)'. Known metrics: \(knownNames.joined(separator: ", "))")
        }
    }

    public static let knownNames = ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy"]
}

/// Marks binary losses, for which `"accuracy"` means binary accuracy.
public protocol BinaryLikeLoss {}
