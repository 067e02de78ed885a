import Lamina

/// Rebuilds models from the configs Keras writes (`config.json`, `model_config`) through
/// ``Model/fromConfig(_:)``, whose errors name the layer that could not be rebuilt.
///
/// Keras records the mask computations of a Functional model as graph nodes: `keras.ops`
/// operations (`NotEqual` of the ids for `Embedding(mask_zero=True)`, `LogicalOr` and `All`
/// merging masks, `ConvertToTensor`) whose results reach layers only as their `mask` keyword
/// argument. Lamina propagates masks itself, so those nodes are dropped; any other
/// operation in a graph is an error naming it.
enum KerasConfigReader {
    /// - Parameter checkArguments: compare each rebuilt layer's config with the file's
    ///   (``KerasConfigCheck``; for Keras 3 configs, whose keys Lamina's layers share).
    static func model(from config: JSONValue, checkArguments: Bool = true) throws -> Model {
        let model = try Model.fromConfig(try withoutMaskOperations(config))
        if checkArguments { try KerasConfigCheck.check(config, model) }
        return model
    }

    /// The config with mask-only operation nodes removed (recursively in nested models).
    static func withoutMaskOperations(_ model: JSONValue) throws -> JSONValue {
        guard var object = model.object, var config = object["config"]?.object, let layers = config["layers"]?.array else { return model }
        let modelName = config["name"]?.string ?? "?"
        func isOperation(_ l: JSONValue) -> Bool {
            let module = l["module"]?.string ?? ""
            return module.hasPrefix("keras.src.ops") || module.hasPrefix("keras.ops")
        }
        func name(_ l: JSONValue) -> String { l["name"]?.string ?? l["config"]?["name"]?.string ?? "?" }
        let operations = Set(layers.filter(isOperation).map(name))
        var kept: [JSONValue] = []
        for layer in layers {
            if isOperation(layer) { continue }
            var l = layer
            if let cls = l["class_name"]?.string, ["Functional", "Sequential", "Model"].contains(cls) { l = try withoutMaskOperations(l) }
            if let nodes = l["inbound_nodes"]?.array, var record = l.object {
                for node in nodes {
                    if let used = histories(node["args"] ?? nil).first(where: operations.contains) {
                        let op = layers.first { name($0) == used }
                        throw LaminaError(.unsupported, "model \"\(modelName)\": layer \"\(name(l))\" is called on the result of the keras.ops "
                            + "operation \"\(used)\" (\(op?["class_name"]?.string ?? "?")), which Lamina cannot rebuild from a config; "
                            + "only layers (and the mask computations Keras records) are supported")
                    }
                }
                record["inbound_nodes"] = .array(nodes.map { node in
                    guard var n = node.object, var kwargs = n["kwargs"]?.object else { return node }
                    kwargs = kwargs.filter { _, v in histories(v).allSatisfy { !operations.contains($0) } }
                    n["kwargs"] = .object(kwargs)
                    return .object(n)
                })
                l = .object(record)
            }
            kept.append(l)
        }
        for key in ["output_layers", "input_layers"] {
            if let used = histories(config[key] ?? nil, bare: true).first(where: operations.contains) {
                throw LaminaError(.unsupported, "model \"\(modelName)\": its \(key == "output_layers" ? "output" : "input") is the keras.ops "
                    + "operation \"\(used)\", which Lamina cannot rebuild from a config")
            }
        }
        config["layers"] = .array(kept)
        object["config"] = .object(config)
        return .object(object)
    }

    /// The layer names a node argument refers to (`keras_history[0]` of `__keras_tensor__`
    /// records); with `bare`, also `[name, node, index]` triples (input/output lists).
    private static func histories(_ v: JSONValue, bare: Bool = false) -> [String] {
        if v["class_name"]?.string == "__keras_tensor__" {
            return (v["config"]?["keras_history"]?.array?.first?.string).map { [$0] } ?? []
        }
        if let a = v.array {
            if bare, a.count == 3, let n = a[0].string, a[1].int != nil { return [n] }
            return a.flatMap { histories($0, bare: bare) }
        }
        if let o = v.object { return o.values.flatMap { histories($0, bare: bare) } }
        return []
    }
}
