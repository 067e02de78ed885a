/// Keras's view of a Functional graph (`ops/function.py`, `map_graph`): the layers ordered by
/// decreasing depth (inputs first) and, within a depth, by first visit from the outputs; the
/// nodes grouped by depth. Used by `summary()` and `graphviz()`.
struct GraphOrder {
    /// Layers in Keras's `model._operations` order (InputLayers included).
    var layers: [Layer] = []
    /// Nodes grouped by depth, in Keras's insertion order (depth 0 = the outputs' nodes).
    var nodesByDepth: [(depth: Int, nodes: [Node])] = []
    /// Every node of the graph (Keras's "relevant nodes").
    var nodes: [Node] = []

    init(inputs: [KerasTensor], outputs: [KerasTensor]) {
        var finished = Set<ObjectIdentifier>()
        var decreasing: [Node] = []
        var layerIndex: [ObjectIdentifier: Int] = [:]
        let inputTensors = Set(inputs.map(ObjectIdentifier.init))

        func visit(_ tensor: KerasTensor) {
            let node = tensor.node
            if finished.contains(ObjectIdentifier(node)) { return }
            let lid = ObjectIdentifier(node.layer)
            if layerIndex[lid] == nil { layerIndex[lid] = layerIndex.count }
            if !node.inputs.isEmpty && !inputTensors.contains(ObjectIdentifier(tensor)) {
                for t in node.inputs { visit(t) }
            }
            finished.insert(ObjectIdentifier(node))
            decreasing.append(node)
        }
        for o in outputs { visit(o) }

        var nodeDepth: [ObjectIdentifier: Int] = [:]
        var nodeOrder: [Node] = []
        func setDepth(_ n: Node, _ d: Int) {
            if nodeDepth[ObjectIdentifier(n)] == nil { nodeOrder.append(n) }
            nodeDepth[ObjectIdentifier(n)] = d
        }
        var layerDepth: [ObjectIdentifier: Int] = [:]
        var layerOrder: [Layer] = []
        for node in decreasing.reversed() {
            var depth = nodeDepth[ObjectIdentifier(node)] ?? { setDepth(node, 0); return 0 }()
            depth = Swift.max(depth, layerDepth[ObjectIdentifier(node.layer)] ?? 0)
            if layerDepth[ObjectIdentifier(node.layer)] == nil { layerOrder.append(node.layer) }
            layerDepth[ObjectIdentifier(node.layer)] = depth
            setDepth(node, depth)
            for parent in node.inputs.map(\.node) {
                setDepth(parent, Swift.max(depth + 1, nodeDepth[ObjectIdentifier(parent)] ?? 0))
            }
        }
        for t in inputs where layerDepth[ObjectIdentifier(t.layer)] == nil {
            layerDepth[ObjectIdentifier(t.layer)] = 0
            layerOrder.append(t.layer)
            layerIndex[ObjectIdentifier(t.layer)] = -1
            setDepth(t.node, 0)
        }
        var byDepth: [Int: [Node]] = [:]
        var depthOrder: [Int] = []
        for n in nodeOrder {
            let d = nodeDepth[ObjectIdentifier(n)]!
            if byDepth[d] == nil { depthOrder.append(d) }
            byDepth[d, default: []].append(n)
        }
        nodesByDepth = depthOrder.map { ($0, byDepth[$0]!) }
        nodes = nodeOrder
        for depth in Set(layerDepth.values).sorted(by: >) {
            let ls = layerOrder.filter { layerDepth[ObjectIdentifier($0)] == depth }
            layers += ls.sorted { layerIndex[ObjectIdentifier($0)]! < layerIndex[ObjectIdentifier($1)]! }
        }
    }

    /// Keras's test for the narrow table: one node per depth, each with at most one input, and
    /// no layer used twice.
    var isSequentialLike: Bool {
        for (_, ns) in nodesByDepth where ns.count > 1 || (ns.count == 1 && ns[0].inputs.count > 1) { return false }
        for l in layers where nodes.filter({ $0.layer === l }).count > 1 { return false }
        return true
    }

    /// The nodes of `layer` in this graph.
    func nodes(of layer: Layer) -> [Node] { nodes.filter { $0.layer === layer } }
}

extension Model {
    /// The layers as Keras's `model.layers` lists them: for a Functional model Keras's graph
    /// order (by decreasing depth, InputLayers included, as `map_graph`); for a Sequential its
    /// stack (no InputLayer); for a subclassed model the layers in its properties. Keras's
    /// weight-file paths number same-class layers in this order (`layers/dense`, `layers/dense_1`).
    public var layersInKerasOrder: [Layer] {
        if !(self is Sequential), let graph { return GraphOrder(inputs: graph.inputs, outputs: graph.outputs).layers }
        return layers
    }
}
