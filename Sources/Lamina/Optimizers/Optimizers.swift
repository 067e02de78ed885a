/// Looks up optimizers by their Keras names, with Keras's defaults.
public enum Optimizers {
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return SGD()
        case "adam": return Adam()
        default:
            throw LaminaError.unknown("Could not interpret optimizer identifier: '\(name)'. Known optimizers: \(knownNames.joined(separator: ", "))")
        }
    }

    public static let knownNames = ["sgd", "adam"]
}
