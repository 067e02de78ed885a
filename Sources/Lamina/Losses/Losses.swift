/// Looks up losses by their Keras names and aliases.
public enum Losses {
    /// The loss for a Keras name (`"categorical_crossentropy"`, `"mse"`, …).
    public static func named(_ name: String) throws -> any Loss {
        switch name {
        case "categorical_crossentropy", "CategoricalCrossentropy": return CategoricalCrossentropy()
        case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy": return SparseCategoricalCrossentropy()
        case "mse", "mean_squared_error", "MeanSquaredError": return MeanSquaredError()
        default:
            throw LaminaError.unknown("Could not interpret loss identifier: '\(name)'. Known losses: \(knownNames.joined(separator: ", "))")
        }
    }

    public static let knownNames = ["categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error", "mse"]
}
