/// A layer that can produce its output already passed through a ReLU, in one pass over the
/// activations (``BatchNormalization``, ``Add``): a Functional graph runs such a layer and the
/// ReLU layer that is the only user of its output as one step (see ``GraphFusion``).
protocol ReluFusable: Layer {
    /// `relu(call(inputs))`, or nil when these inputs are not a case the fused op handles.
    func callFollowedByRelu(_ inputs: [Tensor], training: Bool) throws -> Tensor?
}

/// The layer chains of a Functional graph that run as one op:
/// - a ``ReluFusable`` layer whose single output goes only to a plain ReLU (`Activation("relu")`
///   or `ReLU()` with default arguments);
/// - a ``Conv2D`` without activation whose output goes only to a ``BatchNormalization``: at
///   inference the normalization folds into the convolution's filter and bias, and a ReLU after
///   the normalization (as above) into its output pass.
/// An intermediate output that is a model output, has other users or carries a mask is never
/// fused away.
struct GraphFusion {
    /// Producer node → the ReLU node whose output takes the fused result.
    private(set) var reluAfter: [ObjectIdentifier: Node] = [:]
    /// Conv2D node → the BatchNormalization node that only it feeds.
    private(set) var batchNormAfterConv: [ObjectIdentifier: Node] = [:]

    init(nodes: [Node], outputs: [KerasTensor]) {
        var uses: [TensorKey: Int] = [:]
        for node in nodes { for t in node.inputs { uses[t.key, default: 0] += 1 } }
        for t in outputs { uses[t.key, default: 0] += 1 }
        func onlyUser(_ node: Node) -> Node? {
            guard node.inputs.count == 1, node.inputs[0].key.index == 0, uses[node.inputs[0].key] == 1,
                  !node.inputs[0].node.layer.producesMask else { return nil }
            return node.inputs[0].node
        }
        for node in nodes {
            if GraphFusion.isPlainRelu(node.layer), let producer = onlyUser(node), producer.layer is ReluFusable {
                reluAfter[ObjectIdentifier(producer)] = node
            }
            if node.layer is BatchNormalization, let producer = onlyUser(node), let conv = producer.layer as? Conv2D,
               conv.activation.name == "linear" {
                batchNormAfterConv[ObjectIdentifier(producer)] = node
            }
        }
    }

    static func isPlainRelu(_ layer: Layer) -> Bool {
        if let a = layer as? ActivationLayer { return a.activation.name == "relu" }
        if let r = layer as? ReLU { return r.maxValue == nil && r.negativeSlope == 0 && r.threshold == 0 }
        return false
    }
}
