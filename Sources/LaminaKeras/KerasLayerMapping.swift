import Lamina

/// One child position of a layer in Keras's object graph: an attribute holding one layer
/// (`cell`, `query_dense`) or a list whose items are named by class (`layers/dense`, `cells/lstm_cell`).
struct KerasChild {
    let attribute: String
    let layers: [Layer]
    let isList: Bool
    /// Visited before the attributes (a Sequential's or Functional's `layers`); other children
    /// are visited by attribute name, `_private` last.
    var visitedFirst = false

    static func single(_ attribute: String, _ layer: Layer?) -> KerasChild? {
        layer.map { KerasChild(attribute: attribute, layers: [$0], isList: false) }
    }

    static func list(_ attribute: String, _ layers: [Layer], visitedFirst: Bool = false) -> KerasChild {
        KerasChild(attribute: attribute, layers: layers, isList: true, visitedFirst: visitedFirst)
    }
}

/// How each Lamina layer appears in Keras's weight files: its own variables (`vars/0`, `vars/1`,
/// … in Keras's saving order) and its children, listed in Keras's tracking order (the order
/// Keras creates them, which is also the order of `trainable_variables`). Paths were checked
/// against files Keras 3 writes (Scripts/keras_files/make_fixtures.py); the keras_hub
/// Transformer blocks follow keras_hub's source (their attributes are private: `_self_attention_layer`).
enum KerasLayerMapping {
    /// The Python class name Keras would record (`Functional`, `Sequential`, `Dense`).
    static func className(_ layer: Layer) -> String {
        (layer as? Model)?.kerasClassName ?? layer.className
    }

    /// The layer's own variables in Keras's order (trainable, then non-trainable, by creation).
    static func variables(of layer: Layer) -> [Variable] { layer.variablesInSavingOrder }

    /// The children, in Keras's tracking order.
    static func children(of layer: Layer) -> [KerasChild] {
        switch layer {
        case let s as Sequential:
            return [.list("layers", s.stack, visitedFirst: true)]
        case let m as Model where !m.inputs.isEmpty:
            return [.list("layers", m.layersInKerasOrder, visitedFirst: true)]
        case let m as Model:
            // A subclassed model: its attributes, and Keras's `Model.layers` (every direct
            // sublayer in creation order), which sorts among them: `self.trunk = Dense(4)` is
            // saved at `layers/dense`, since "layers" < "trunk" and the first path wins.
            let attributes = reflectedChildren(m)
            return [.list("layers", attributes.flatMap(\.layers))] + attributes
        case let b as Bidirectional:
            return [.single("forward_layer", b.forwardLayer), .single("backward_layer", b.backwardLayer)].compactMap { $0 }
        case let r as RNN:
            return [.single("cell", r.cell)].compactMap { $0 }
        case let s as StackedRNNCells:
            return [.list("cells", s.cells)]
        case let t as TimeDistributed:
            return [.single("layer", t.layer)].compactMap { $0 }
        case let m as MultiHeadAttention:
            return [.single("query_dense", m.queryDense), .single("key_dense", m.keyDense),
                    .single("value_dense", m.valueDense), .single("output_dense", m.outputDense)].compactMap { $0 }
        case let t as TransformerBlock:
            return transformerChildren(t)
        case is Attention, is AdditiveAttention:
            return []
        default:
            return reflectedChildren(layer)
        }
    }

    /// keras_hub's Transformer blocks keep their sublayers in private attributes; the encoder
    /// creates its feedforward norm before the two dense layers.
    private static func transformerChildren(_ t: TransformerBlock) -> [KerasChild] {
        var named = t.sublayers
        if t is TransformerEncoder, let i = named.firstIndex(where: { $0.name == "feedforward_layer_norm" }),
           let j = named.firstIndex(where: { $0.name == "feedforward_intermediate_dense" }), i > j {
            named.insert(named.remove(at: i), at: j)
        }
        return named.map { KerasChild(attribute: "_" + $0.name, layers: [$0.layer], isList: false) }
    }

    /// Any other layer (custom layers, and the attributes of subclassed models): Lamina's
    /// sublayers under their property names in snake_case; a property holding an array of
    /// layers is a list.
    private static func reflectedChildren(_ layer: Layer) -> [KerasChild] {
        var order: [String] = []
        var grouped: [String: [Layer]] = [:]
        for (name, child) in layer.sublayers {
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: []].append(child)
        }
        let arrays = arrayProperties(of: layer)
        return order.map { name in
            let layers = grouped[name] ?? []
            let attribute = name == "layers" ? name : KerasNaming.attributeName(name)
            return KerasChild(attribute: attribute, layers: layers, isList: layers.count > 1 || arrays.contains(name))
        }
    }

    /// Names of stored properties that hold arrays of layers.
    private static func arrayProperties(of layer: Layer) -> Set<String> {
        var names = Set<String>()
        var mirror: Mirror? = Mirror(reflecting: layer)
        while let m = mirror {
            for child in m.children where child.value is [Layer] {
                if let label = child.label { names.insert(label.hasPrefix("$__lazy_storage_$_") ? String(label.dropFirst(18)) : label) }
            }
            mirror = m.superclassMirror
        }
        return names
    }
}
