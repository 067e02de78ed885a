import Lamina

/// Keras's object graph of a model (`saving_lib._save_state` / `_load_state`): every layer at
/// its path, with the variables it stores in `<path>/vars/0`, `<path>/vars/1`, ….
///
/// - The root's own variables are at `vars`; a model's layers at `layers/<snake_case class>[_k]`
///   (`_k` numbering same-class layers within that list; InputLayers count in Functional
///   models); other children at their attribute names (`layers/lstm/cell`,
///   `layers/multi_head_attention/query_dense`, `layers/sequential/layers/dense`).
/// - Children are visited as Keras does (a Sequential's or Functional's `layers` first, then
///   attributes by name, `_private` last, a subclassed model's `layers` among them); an object
///   reached twice keeps its first path.
struct KerasObjectGraph {
    struct Node {
        /// The path of the object's group: "" for the root, `layers/dense`, ….
        let path: String
        let layer: Layer
        let variables: [Variable]

        /// The group that holds the variables: `vars` or `<path>/vars`.
        var varsPath: String { path.isEmpty ? "vars" : path + "/vars" }
    }

    let nodes: [Node]

    init(_ root: Layer) {
        var nodes: [Node] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ layer: Layer, _ path: String) {
            guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
            nodes.append(Node(path: path, layer: layer, variables: KerasLayerMapping.variables(of: layer)))
            let children = KerasLayerMapping.children(of: layer)
            let ordered = children.filter(\.visitedFirst)
                + children.filter { !$0.visitedFirst }.sorted { KerasNaming.attributeOrder($0.attribute, $1.attribute) }
            for child in ordered {
                let base = path.isEmpty ? child.attribute : path + "/" + child.attribute
                if child.isList {
                    var names = KerasNaming.UniqueNames()
                    for l in child.layers { visit(l, base + "/" + names.next(KerasNaming.snakeCase(KerasLayerMapping.className(l)))) }
                } else if let l = child.layers.first {
                    visit(l, base)
                }
            }
        }
        visit(root, "")
        self.nodes = nodes
    }

    /// The trainable variables in Keras's `model.trainable_variables` order (own trainable
    /// variables, then each child's in tracking order), which orders the optimizer's slots.
    static func trainableVariables(_ layer: Layer) -> [Variable] {
        var out: [Variable] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ l: Layer) {
            guard l.trainable else { return }
            for v in KerasLayerMapping.variables(of: l) where v.trainable && seen.insert(ObjectIdentifier(v)).inserted { out.append(v) }
            for child in KerasLayerMapping.children(of: l) { child.layers.forEach(visit) }
        }
        visit(layer)
        return out
    }
}
