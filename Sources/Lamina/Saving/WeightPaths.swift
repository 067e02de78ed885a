/// Stable names for a model's weights, independent of the automatic layer names of a session:
/// like Keras's object-graph paths, a layer in a list is named by its snake_case class with
/// `_1`, `_2`… de-duplication within that list (`dense`, `dense_1`), a sublayer held in a
/// property by the property's name, and each weight by its own name: `dense_1/kernel`,
/// `sequential/dense/bias`, `encoder/query_dense/kernel`.
enum WeightPaths {
    /// Every variable of `layer` (own and nested) with its path, in a stable order.
    static func collect(_ layer: Layer, prefix: String = "") -> [(path: String, variable: Variable)] {
        var out: [(String, Variable)] = []
        var seen = Set<ObjectIdentifier>()
        walk(layer, prefix: prefix, into: &out, seen: &seen)
        return out
    }

    private static func walk(_ layer: Layer, prefix: String, into out: inout [(String, Variable)], seen: inout Set<ObjectIdentifier>) {
        guard seen.insert(ObjectIdentifier(layer)).inserted else { return }
        var used: [String: Int] = [:]
        for v in layer.variablesInCreationOrder {
            let base = prefix.isEmpty ? v.name : prefix + "/" + v.name
            let k = used[base, default: 0]
            used[base] = k + 1
            out.append((k == 0 ? base : "\(base)_\(k)", v))
        }
        var classCounts: [String: Int] = [:]
        for (attribute, child) in layer.sublayers {
            if child is InputLayer { continue }
            let segment: String
            if attribute == "layers" || attribute.isEmpty {
                let base = Naming.snakeCase(child is Model ? (child as! Model).kerasClassName : child.className)
                let k = classCounts[base, default: 0]
                classCounts[base] = k + 1
                segment = k == 0 ? base : "\(base)_\(k)"
            } else {
                let k = classCounts[attribute, default: 0]
                classCounts[attribute] = k + 1
                segment = k == 0 ? attribute : "\(attribute)_\(k)"
            }
            walk(child, prefix: prefix.isEmpty ? segment : prefix + "/" + segment, into: &out, seen: &seen)
        }
    }
}
