/// Looks up losses by their Keras names: class names (`"CategoricalCrossentropy"`), function
/// names (`"categorical_crossentropy"`) and aliases (`"mse"`, `"MAE"`, `"bce"`, `"kld"`, …), the
/// set Keras's `losses.get` accepts (`losses/__init__.py`).
public enum Losses {
    /// The loss for a Keras name, with default arguments.
    /// - Throws: `LaminaError` (`.unknownName`) naming the identifier when Keras knows no such loss.
    public static func named(_ name: String) throws -> any Loss {
        guard let make = table[name] else {
            throw LaminaError.unknown("Could not interpret loss identifier: '\(name)'. Known losses: \(knownNames.joined(separator: ", "))")
        }
        return make()
    }

    /// Every accepted name, sorted.
    public static var knownNames: [String] { table.keys.sorted() }

    static let table: [String: () -> any Loss] = {
        var t: [String: () -> any Loss] = [:]
        func add(_ names: [String], _ make: @escaping () -> any Loss) { for n in names { t[n] = make } }
        add(["mean_squared_error", "MeanSquaredError", "mse", "MSE"]) { MeanSquaredError() }
        add(["mean_absolute_error", "MeanAbsoluteError", "mae", "MAE"]) { MeanAbsoluteError() }
        add(["mean_absolute_percentage_error", "MeanAbsolutePercentageError", "mape", "MAPE"]) { MeanAbsolutePercentageError() }
        add(["mean_squared_logarithmic_error", "MeanSquaredLogarithmicError", "msle", "MSLE"]) { MeanSquaredLogarithmicError() }
        add(["huber"]) { Huber(name: "huber") }
        add(["Huber"]) { Huber() }
        add(["log_cosh", "LogCosh"]) { LogCosh() }
        add(["cosine_similarity", "CosineSimilarity"]) { CosineSimilarity() }
        add(["binary_crossentropy", "BinaryCrossentropy", "bce", "BCE"]) { BinaryCrossentropy() }
        add(["binary_focal_crossentropy", "BinaryFocalCrossentropy"]) { BinaryFocalCrossentropy() }
        add(["categorical_crossentropy", "CategoricalCrossentropy"]) { CategoricalCrossentropy() }
        add(["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"]) { SparseCategoricalCrossentropy() }
        add(["kl_divergence", "KLDivergence", "kld", "KLD"]) { KLDivergence() }
        add(["poisson", "Poisson"]) { Poisson() }
        add(["hinge", "Hinge"]) { Hinge() }
        add(["squared_hinge", "SquaredHinge"]) { SquaredHinge() }
        add(["categorical_hinge", "CategoricalHinge"]) { CategoricalHinge() }
        return t
    }()
}
