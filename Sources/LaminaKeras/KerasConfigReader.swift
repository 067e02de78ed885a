import Lamina

/// Rebuilds models from the configs Keras writes (`config.json`, `model_config`), through
/// ``Model/fromConfig(_:)``, whose errors name the layer that could not be rebuilt.
enum KerasConfigReader {
    static func model(from config: JSONValue) throws -> Model {
        try Model.fromConfig(config)
    }
}
