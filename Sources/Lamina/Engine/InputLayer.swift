/// The layer behind ``Input(shape:batchSize:dtype:name:)``: the entry point of a Functional model.
public final class InputLayer: Layer {
    /// The full shape including the batch (`nil` when not fixed).
    public let batchShape: [Int?]
    public let dtype: DType

    public init(batchShape: [Int?], dtype: DType = .float32, name: String? = nil) {
        self.batchShape = batchShape
        self.dtype = dtype
        super.init(name: name ?? Naming.unique("input_layer"))
        markBuilt([batchShape])
    }

    public override class var className: String { "InputLayer" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { input }

    public override var config: [String: JSONValue] {
        ["batch_shape": JSONValue(shape: batchShape), "dtype": .string(dtype.rawValue), "sparse": false, "ragged": false]
    }
}

/// A symbolic input of a Functional model, like `keras.Input`: `shape` excludes the batch;
/// use `nil` for dimensions that vary (sequence length).
public func Input(shape: [Int?], batchSize: Int? = nil, dtype: DType = .float32, name: String? = nil) -> KerasTensor {
    let layer = InputLayer(batchShape: [batchSize] + shape, dtype: dtype, name: name)
    return KerasTensor(shape: layer.batchShape, dtype: dtype, node: Node(layer: layer, inputs: []), outputIndex: 0)
}

/// `Input(shape: [784])` with plain integers.
public func Input(shape: [Int], batchSize: Int? = nil, dtype: DType = .float32, name: String? = nil) -> KerasTensor {
    Input(shape: shape.map { Optional($0) }, batchSize: batchSize, dtype: dtype, name: name)
}
