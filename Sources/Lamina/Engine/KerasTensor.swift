/// A symbolic tensor: the shape and dtype of a value in a Functional model that is being
/// defined. `Input(shape:)` makes one; calling a layer on one records a ``Node`` and returns
/// the layer's symbolic outputs.
public final class KerasTensor: CustomStringConvertible {
    /// The shape, `nil` for unknown dimensions (the batch).
    public let shape: [Int?]
    public let dtype: DType
    /// The call that produced this tensor, and which of its outputs this is.
    public let node: Node
    public let outputIndex: Int

    init(shape: [Int?], dtype: DType, node: Node, outputIndex: Int) {
        self.shape = shape
        self.dtype = dtype
        self.node = node
        self.outputIndex = outputIndex
    }

    /// Identifies the value in a graph: the producing node and the output index.
    var key: TensorKey { TensorKey(node: ObjectIdentifier(node), index: outputIndex) }

    /// The layer that produced this tensor.
    public var layer: Layer { node.layer }

    public var description: String {
        "<KerasTensor shape=\(describeShape(shape)), dtype=\(dtype), name=\(node.layer.name)>"
    }
}

/// One call of a layer on symbolic inputs, in a Functional model's graph. Nodes point back to
/// their inputs only (never to their outputs), so a graph holds no reference cycles.
public final class Node {
    public let layer: Layer
    public let inputs: [KerasTensor]
    /// Keyword arguments recorded for serialization (e.g. `training`), Keras `call_args`.
    public let arguments: [String: JSONValue]

    init(layer: Layer, inputs: [KerasTensor], arguments: [String: JSONValue] = [:]) {
        self.layer = layer
        self.inputs = inputs
        self.arguments = arguments
    }
}

extension Layer {
    /// Calls the layer on a symbolic tensor (Functional API): `let h = try Dense(64)(inputs)`.
    public func callAsFunction(_ input: KerasTensor) throws -> KerasTensor {
        try callAsFunction([input])[0]
    }

    /// Calls the layer on several symbolic tensors (merging layers, attention, models with
    /// several inputs) and returns all its outputs.
    public func callAsFunction(_ inputs: [KerasTensor]) throws -> [KerasTensor] {
        let shapes = inputs.map(\.shape)
        if !isBuilt || self is Model {
            try ensureBuilt(shapes)
        } else {
            for (i, (shape, spec)) in zip(shapes, inputSpec).enumerated() { try spec?.check(shape, layer: name, input: i) }
        }
        let outShapes = try computeOutputShape(shapes)
        let node = Node(layer: self, inputs: inputs)
        let dtype = outputDType(inputs.map(\.dtype))
        return outShapes.enumerated().map { i, s in KerasTensor(shape: s, dtype: dtype, node: node, outputIndex: i) }
    }

    /// The dtype of this layer's outputs for inputs of the given dtypes: float32 by default.
    public func outputDType(_ inputs: [DType]) -> DType { .float32 }
}

/// The identity of a symbolic value: which node made it, and which of its outputs it is.
struct TensorKey: Hashable {
    let node: ObjectIdentifier
    let index: Int
}
