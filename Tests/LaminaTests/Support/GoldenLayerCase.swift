import Lamina
import Testing

/// The layer of a golden case (`class_name`, `config`), rebuilt from Keras's own `get_config()`
/// through LayerRegistry, and that config; expects the layer to keep Keras's name.
func goldenLayer(_ c: JSONValue, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> (layer: Layer, config: [String: JSONValue]) {
    let className = try #require(c["class_name"]?.string, sourceLocation: sourceLocation)
    let config = try #require(c["config"]?.object, sourceLocation: sourceLocation)
    let layer = try LayerRegistry.layer(className: className, config: config)
    #expect(layer.name == config["name"]?.string, "\(what): name", sourceLocation: sourceLocation)
    return (layer, config)
}

/// Expects the layer's config to hold every key Keras writes (but `dtype`) with the same simple
/// values (numbers within 1e-6 relative); nested objects need only the same `class_name`.
func expectConfigMatches(_ layer: Layer, _ config: [String: JSONValue], _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let mine = layer.fullConfig
    for (key, value) in config where key != "dtype" {
        guard let swiftValue = mine[key] else {
            Issue.record("\(what): config key \(key) missing", sourceLocation: sourceLocation)
            continue
        }
        if value.object != nil {
            #expect(swiftValue["class_name"] == value["class_name"], "\(what): config \(key)", sourceLocation: sourceLocation)
        } else if let d = value.double, let s = swiftValue.double {
            #expect(abs(d - s) <= 1e-6 * max(1, abs(d)), "\(what): config \(key) \(s) != \(d)", sourceLocation: sourceLocation)
        } else {
            #expect(swiftValue == value, "\(what): config \(key) \(swiftValue) != \(value)", sourceLocation: sourceLocation)
        }
    }
}
