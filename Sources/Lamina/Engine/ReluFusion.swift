/// A layer that can produce its output already passed through a ReLU, in one pass over the
/// activations (``BatchNormalization``, ``Add``): a Functional graph runs such a layer and the
/// ReLU layer that is the only user of its output as one step (see ``ReluFusion``).
protocol ReluFusable: Layer {
    /// `relu(call(inputs))`, or nil when these inputs are not a case the fused op handles.
    func callFollowedByRelu(_ inputs: [Tensor], training: Bool) throws -> Tensor?
}

/// The layer pairs of a Functional graph that run fused: a ``ReluFusable`` layer whose single
/// output goes only to a plain ReLU (`Activation("relu")` or `ReLU()` with default arguments),
/// is not a model output, and carries no mask. Keyed by the producing node; the value is the
/// ReLU node, whose output takes the fused result.
struct ReluFusion {
    private(set) var reluAfter: [ObjectIdentifier: Node] = [:]

    init(nodes: [Node], outputs: [KerasTensor]) {
        var uses: [TensorKey: Int] = [:]
        for node in nodes { for t in node.inputs { uses[t.key, default: 0] += 1 } }
        for t in outputs { uses[t.key, default: 0] += 1 }
        for node in nodes where node.inputs.count == 1 && ReluFusion.isPlainRelu(node.layer) {
            let producer = node.inputs[0].node
            guard producer.layer is ReluFusable, node.inputs[0].key.index == 0, uses[node.inputs[0].key] == 1,
                  !producer.layer.producesMask else { continue }
            reluAfter[ObjectIdentifier(producer)] = node
        }
    }

    static func isPlainRelu(_ layer: Layer) -> Bool {
        if let a = layer as? ActivationLayer { return a.activation.name == "relu" }
        if let r = layer as? ReLU { return r.maxValue == nil && r.negativeSlope == 0 && r.threshold == 0 }
        return false
    }
}
