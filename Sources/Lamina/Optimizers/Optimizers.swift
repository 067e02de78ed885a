/// Looks up optimizers by their Keras names (`keras.optimizers.get`), with Keras's defaults.
/// Names are matched case-insensitively: `"sgd"`, `"adam"`, `"adamw"`, `"rmsprop"`, `"adagrad"`,
/// `"adadelta"`, `"adamax"`, `"nadam"`, `"lion"`.
public enum Optimizers {
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return SGD()
        case "adam": return Adam()
        case "adamw": return AdamW()
        case "rmsprop": return RMSprop()
        case "adagrad": return Adagrad()
        case "adadelta": return Adadelta()
        case "adamax": return Adamax()
        case "nadam": return Nadam()
        case "lion": return Lion()
        default:
            throw LaminaError.unknown("Could not interpret optimizer identifier: '\(name)'. Known optimizers: \(knownNames.joined(separator: ", "))")
        }
    }

    public static let knownNames = ["sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion"]
}
