/// Looks up metrics by their Keras names: class names (`"AUC"`), their snake_case forms
/// (`"auc"`, `"top_k_categorical_accuracy"`) and the aliases `mse`, `mae`, `mape`, `msle`, `bce`
/// (upper case too) — the set Keras's `metrics.get` accepts (`metrics/__init__.py`) — plus
/// `"accuracy"`/`"acc"` resolved by shapes.
public enum Metrics {
    /// The metric for a Keras name, named after the identifier as Keras's `compile` does.
    ///
    /// `"accuracy"`/`"acc"` (any case) is resolved by shapes as Keras does
    /// (`trainers/compile_utils.py`): a last prediction axis of 1 (or a binary loss) → binary;
    /// targets of lower rank than predictions, or with a last axis of 1 → sparse categorical;
    /// else categorical.
    /// - Parameters:
    ///   - yTrue, yPred: the shapes of a batch of targets and predictions.
    ///   - loss: the output's loss, if any.
    /// - Throws: `LaminaError` (`.unknownName`) naming the identifier when Keras knows no such metric.
    public static func named(_ name: String, yTrue: [Int], yPred: [Int], loss: (any Loss)?) throws -> Metric {
        let m: Metric
        if ["accuracy", "acc"].contains(name.lowercased()) {
            if yPred.last == 1 || loss is BinaryLikeLoss {
                m = BinaryAccuracy()
            } else if yTrue.count < yPred.count || (yTrue.last == 1 && (yPred.last ?? 0) > 1) {
                m = SparseCategoricalAccuracy()
            } else {
                m = CategoricalAccuracy()
            }
        } else if let make = table[name] {
            m = make()
        } else {
            throw LaminaError.unknown("Could not interpret metric identifier: '\(name)'. Known metrics: \(knownNames.joined(separator: ", "))")
        }
        m.name = name
        return m
    }

    /// A metric that does not depend on shapes (anything but `"accuracy"`/`"acc"`), with its
    /// default name.
    /// - Throws: `LaminaError` (`.unknownName`) for names Keras does not know.
    public static func named(_ name: String) throws -> Metric {
        guard let make = table[name] else {
            throw LaminaError.unknown("Could not interpret metric identifier: '\(name)'. Known metrics: \(knownNames.joined(separator: ", "))")
        }
        return make()
    }

    /// Every accepted name, sorted.
    public static var knownNames: [String] { (Array(table.keys) + ["accuracy", "acc"]).sorted() }

    static let table: [String: () -> Metric] = {
        var t: [String: () -> Metric] = [:]
        func add(_ names: [String], _ make: @escaping () -> Metric) { for n in names { t[n] = make } }
        add(["Accuracy"]) { Accuracy() }
        add(["binary_accuracy", "BinaryAccuracy"]) { BinaryAccuracy() }
        add(["categorical_accuracy", "CategoricalAccuracy"]) { CategoricalAccuracy() }
        add(["sparse_categorical_accuracy", "SparseCategoricalAccuracy"]) { SparseCategoricalAccuracy() }
        add(["top_k_categorical_accuracy", "TopKCategoricalAccuracy"]) { TopKCategoricalAccuracy() }
        add(["sparse_top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy"]) { SparseTopKCategoricalAccuracy() }
        add(["precision", "Precision"]) { Precision() }
        add(["recall", "Recall"]) { Recall() }
        add(["auc", "AUC"]) { AUC() }
        add(["f1_score", "F1Score"]) { F1Score() }
        add(["f_beta_score", "FBetaScore"]) { FBetaScore() }
        add(["mean", "Mean"]) { Mean() }
        add(["sum", "Sum"]) { Sum() }
        add(["mean_squared_error", "MeanSquaredError", "mse", "MSE"]) { MeanSquaredError() }
        add(["mean_absolute_error", "MeanAbsoluteError", "mae", "MAE"]) { MeanAbsoluteError() }
        add(["mean_absolute_percentage_error", "MeanAbsolutePercentageError", "mape", "MAPE"]) { MeanAbsolutePercentageError() }
        add(["mean_squared_logarithmic_error", "MeanSquaredLogarithmicError", "msle", "MSLE"]) { MeanSquaredLogarithmicError() }
        add(["root_mean_squared_error", "RootMeanSquaredError"]) { RootMeanSquaredError() }
        add(["r2_score", "R2Score"]) { R2Score() }
        add(["binary_crossentropy", "BinaryCrossentropy", "bce", "BCE"]) {
            fromLoss(BinaryCrossentropy(), name: "binary_crossentropy", className: "BinaryCrossentropy")
        }
        add(["categorical_crossentropy", "CategoricalCrossentropy"]) {
            fromLoss(CategoricalCrossentropy(), name: "categorical_crossentropy", className: "CategoricalCrossentropy")
        }
        add(["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"]) {
            fromLoss(SparseCategoricalCrossentropy(), name: "sparse_categorical_crossentropy", className: "SparseCategoricalCrossentropy")
        }
        add(["kl_divergence", "KLDivergence"]) { fromLoss(KLDivergence(), name: "kl_divergence", className: "KLDivergence") }
        add(["poisson", "Poisson"]) { fromLoss(Poisson(), name: "poisson", className: "Poisson") }
        add(["hinge", "Hinge"]) { fromLoss(Hinge(), name: "hinge", className: "Hinge") }
        add(["squared_hinge", "SquaredHinge"]) { fromLoss(SquaredHinge(), name: "squared_hinge", className: "SquaredHinge") }
        add(["categorical_hinge", "CategoricalHinge"]) { fromLoss(CategoricalHinge(), name: "categorical_hinge", className: "CategoricalHinge") }
        add(["cosine_similarity", "CosineSimilarity"]) {
            fromLoss(CosineSimilarity(), name: "cosine_similarity", className: "CosineSimilarity", sign: -1)
        }
        add(["log_cosh_error", "LogCoshError"]) { fromLoss(LogCosh(), name: "logcosh", className: "LogCoshError") }
        return t
    }()
}

/// Marks binary losses, for which `"accuracy"` means binary accuracy.
public protocol BinaryLikeLoss {}
