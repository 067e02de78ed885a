/// Something that serializes to Keras's `{"module", "class_name", "config", "registered_name"}`
/// form: initializers, regularizers, constraints, losses, metrics, optimizers, schedules.
public protocol KerasObject {
    /// The Keras class name, e.g. `"GlorotUniform"`.
    var className: String { get }
    /// The constructor arguments, as Keras's `get_config` returns them.
    var config: [String: JSONValue] { get }
}

extension KerasObject {
    /// The serialized form, with the Keras module path given.
    public func serialized(module: String) -> JSONValue {
        ["module": .string(module), "class_name": .string(className), "config": .object(config), "registered_name": nil]
    }
}
