/// The executable form of a Functional model: its nodes in an order where every node comes after
/// the nodes that produce its inputs.
struct FunctionalGraph {
    let inputs: [KerasTensor]
    let outputs: [KerasTensor]
    /// Nodes to run, in order (input nodes excluded).
    let nodes: [Node]
    /// Every layer, in the order Keras lists them (inputs first, then by first use).
    let layers: [Layer]
    /// Layer chains that run as one fused op (Conv2D → BatchNormalization at inference;
    /// BatchNormalization or Add → ReLU).
    let fusion: GraphFusion
    /// For each node of `nodes`, the values (and masks) no later node and no model output reads:
    /// `run` drops them once the node has run, so that a forward pass holds only the activations
    /// still to be used (and those the gradient graph saved), not every intermediate of the graph.
    let releaseAfter: [[TensorKey]]

    init(inputs: [KerasTensor], outputs: [KerasTensor], modelName: String) throws {
        self.inputs = inputs
        self.outputs = outputs
        let inputNodes = Set(inputs.map { ObjectIdentifier($0.node) })
        var order: [Node] = []
        var visited = Set<ObjectIdentifier>()
        var accessed: [String] = []
        // Depth-first from the outputs, inputs before users (iterative).
        var stack: [(Node, Int)] = outputs.map { ($0.node, 0) }.reversed()
        while let (node, next) = stack.popLast() {
            let id = ObjectIdentifier(node)
            if visited.contains(id) { continue }
            if node.inputs.isEmpty && !inputNodes.contains(id) {
                throw LaminaError.value("Graph disconnected in model \"\(modelName)\": cannot obtain value for tensor \(node.layer.name) "
                    + "(an Input that is not among the model's inputs). The following previous layers were accessed without issue: \(accessed)")
            }
            if next < node.inputs.count {
                stack.append((node, next + 1))
                let child = node.inputs[next].node
                if !visited.contains(ObjectIdentifier(child)) { stack.append((child, 0)) }
            } else {
                visited.insert(id)
                order.append(node)
                accessed.append(node.layer.name)
            }
        }
        for t in inputs where !visited.contains(ObjectIdentifier(t.node)) { order.insert(t.node, at: 0) }
        var layers: [Layer] = inputs.map(\.layer)
        var seen = Set(layers.map(ObjectIdentifier.init))
        for n in order where seen.insert(ObjectIdentifier(n.layer)).inserted { layers.append(n.layer) }
        self.layers = layers
        self.nodes = order.filter { !inputNodes.contains(ObjectIdentifier($0)) }
        self.fusion = GraphFusion(nodes: nodes, outputs: outputs)
        self.releaseAfter = FunctionalGraph.lastUses(nodes: nodes, outputs: outputs)
    }

    /// Groups every value that some node reads by the last node to read it; model outputs are kept.
    static func lastUses(nodes: [Node], outputs: [KerasTensor]) -> [[TensorKey]] {
        var last: [TensorKey: Int] = [:]
        for (i, node) in nodes.enumerated() { for t in node.inputs { last[t.key] = i } }
        for t in outputs { last[t.key] = nil }
        var release = [[TensorKey]](repeating: [], count: nodes.count)
        for (key, i) in last { release[i].append(key) }
        return release
    }

    /// Runs the graph on concrete tensors (one per model input), propagating Keras masks.
    func run(_ values: [Tensor], masks inputMasks: [Tensor?]? = nil, training: Bool) throws -> (outputs: [Tensor], masks: [Tensor?]) {
        var env: [TensorKey: Tensor] = [:]
        var maskEnv: [TensorKey: Tensor] = [:]
        for (i, (t, v)) in zip(inputs, values).enumerated() {
            env[t.key] = v
            if let m = inputMasks?[i] { maskEnv[t.key] = m }
        }
        var fusedAway = Set<ObjectIdentifier>()
        for (index, node) in nodes.enumerated() {
            // After this node, drop the values it was the last to read (on every path out of the body).
            defer { for key in releaseAfter[index] { env[key] = nil; maskEnv[key] = nil } }
            if fusedAway.contains(ObjectIdentifier(node)) { continue }
            var ins: [Tensor] = []
            ins.reserveCapacity(node.inputs.count)
            for t in node.inputs {
                guard let v = env[t.key] else {
                    throw LaminaError.state("internal: value of \(t) missing while running layer \"\(node.layer.name)\"")
                }
                ins.append(v)
            }
            let ms = node.inputs.map { maskEnv[$0.key] }
            // Conv2D → BatchNormalization (→ ReLU) at inference: the normalization folded into the convolution.
            if let bnNode = fusion.batchNormAfterConv[ObjectIdentifier(node)], ms.allSatisfy({ $0 == nil }),
               let conv = node.layer as? Conv2D, let bn = bnNode.layer as? BatchNormalization, ins.count == 1 {
                let relu = fusion.reluAfter[ObjectIdentifier(bnNode)]
                if let y = try conv.callFoldingBatchNorm(ins[0], bn, relu: relu != nil, training: training) {
                    env[TensorKey(node: ObjectIdentifier(relu ?? bnNode), index: 0)] = y
                    fusedAway.insert(ObjectIdentifier(bnNode))
                    if let relu { fusedAway.insert(ObjectIdentifier(relu)) }
                    continue
                }
            }
            // A BatchNormalization or Add whose only user is a ReLU: both in one pass.
            if let relu = fusion.reluAfter[ObjectIdentifier(node)], ms.allSatisfy({ $0 == nil }),
               let y = try (node.layer as? ReluFusable)?.callFollowedByRelu(ins, training: training) {
                env[TensorKey(node: ObjectIdentifier(relu), index: 0)] = y
                fusedAway.insert(ObjectIdentifier(relu))
                continue
            }
            let outs = try node.layer.callAsFunction(ins, masks: ms, training: training)
            let outMasks = ms.contains { $0 != nil } || node.layer.producesMask
                ? try node.layer.computeMask(ins, masks: ms) : []
            for (i, o) in outs.enumerated() {
                let key = TensorKey(node: ObjectIdentifier(node), index: i)
                env[key] = o
                if i < outMasks.count, let m = outMasks[i] { maskEnv[key] = m }
            }
        }
        let outs = try outputs.map { t -> Tensor in
            guard let v = env[t.key] else { throw LaminaError.state("internal: model output \(t) was not computed") }
            return v
        }
        return (outs, outputs.map { maskEnv[$0.key] })
    }

    /// How many times `layer` was called before `node` in this graph (Keras node index).
    func nodeIndex(of node: Node) -> Int {
        let all = ([inputs.map(\.node)].flatMap { $0 } + nodes).filter { $0.layer === node.layer }
        return all.firstIndex { $0 === node } ?? 0
    }
}

extension Layer {
    /// True for layers that create a mask from unmasked inputs (`Embedding(maskZero:)`, `Masking`).
    public var producesMask: Bool { (self as? MaskProducing)?.makesMask ?? false }
}

/// Adopted by layers that create a mask from unmasked inputs (`Embedding(maskZero: true)`,
/// `Masking`), so the graph asks them for one even when no input carries a mask.
public protocol MaskProducing: AnyObject {
    var makesMask: Bool { get }
}
