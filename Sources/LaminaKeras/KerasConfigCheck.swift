import Lamina

/// Catches Keras arguments that Lamina would silently drop: after a model is rebuilt from a
/// Keras 3 config, each layer's config in the file is compared with the config of the layer
/// Lamina made. An argument Lamina's layer does not have (with a value other than null, false
/// or empty), or a plain value (number, string, bool, list of those) that came out different,
/// is an error naming the layer, the argument and both values. Nested objects (initializers,
/// regularizers) and the `name`, `trainable` and `dtype` keys are not compared.
enum KerasConfigCheck {
    static let ignored: Set<String> = ["name", "trainable", "dtype"]

    static func check(_ config: JSONValue, _ model: Model) throws {
        for item in config["config"]?["layers"]?.array ?? [] {
            guard let cls = item["class_name"]?.string, cls != "InputLayer",
                  let name = item["config"]?["name"]?.string ?? item["name"]?.string,
                  let layer = model.layers.first(where: { $0.name == name }) else { continue }
            if let nested = layer as? Model {
                try check(item, nested)
                continue
            }
            let ours = layer.fullConfig
            for (key, theirs) in (item["config"]?.object ?? [:]).sorted(by: { $0.key < $1.key }) where !ignored.contains(key) {
                guard let mine = ours[key] else {
                    if isDefaultLike(theirs) { continue }
                    throw LaminaError(.unsupported, "layer \"\(name)\" (\(cls)): the argument \(key)=\(theirs.description.prefix(120)) "
                        + "is not supported by Lamina's \(layer.className)")
                }
                guard isPlain(theirs) && isPlain(mine) else { continue }
                if !same(theirs, mine) {
                    throw LaminaError(.unsupported, "layer \"\(name)\" (\(cls)): the argument \(key)=\(theirs.description.prefix(120)) "
                        + "is not supported by Lamina's \(layer.className), which would use \(key)=\(mine.description.prefix(120))")
                }
            }
        }
    }

    private static func isDefaultLike(_ v: JSONValue) -> Bool {
        v.isNull || v == false || v.array?.isEmpty == true || v.object?.isEmpty == true
    }

    private static func isPlain(_ v: JSONValue) -> Bool {
        v.isNull || v.bool != nil || v.double != nil || v.string != nil || (v.array?.allSatisfy(isPlain) ?? false)
    }

    /// Equal, counting numbers equal within float32 rounding and `[x]` equal to `x`.
    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.double, let y = b.double { return abs(x - y) <= 1e-6 * max(1, abs(x)) }
        if let xs = a.array, xs.count == 1, b.array == nil { return same(xs[0], b) }
        if let ys = b.array, ys.count == 1, a.array == nil { return same(a, ys[0]) }
        if let xs = a.array, let ys = b.array { return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) } }
        return a == b
    }
}
