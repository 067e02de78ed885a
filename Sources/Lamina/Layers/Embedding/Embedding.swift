/// Maps integer ids to dense vectors (`keras.layers.Embedding`).
///
/// - Input: ids `[B, …]` (int32, or integer-valued floats), each in `0..<inputDim`; an id out of
///   range throws a ``LaminaError`` naming the layer (checked on the host before the gather).
/// - Output: `[B, …, outputDim]`. Weight: `embeddings` `[inputDim, outputDim]`, initialised
///   uniform in ±0.05 by default.
/// - `maskZero`: id 0 is padding; the layer then produces the mask `ids != 0` for the layers
///   downstream (RNNs skip those steps, losses ignore them).
public final class Embedding: Layer, MaskProducing {
    public let inputDim: Int
    public let outputDim: Int
    public let embeddingsInitializer: any Initializer
    public let maskZero: Bool
    public private(set) var embeddings: Variable?

    public init(inputDim: Int, outputDim: Int, embeddingsInitializer: any Initializer = RandomUniform(),
                maskZero: Bool = false, name: String? = nil) throws {
        guard inputDim > 0, outputDim > 0 else {
            throw LaminaError.value("Both `input_dim` and `output_dim` should be positive, Received input_dim = \(inputDim) and output_dim = \(outputDim)")
        }
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.maskZero = maskZero
        super.init(name: name)
    }

    public convenience init(_ inputDim: Int, _ outputDim: Int, maskZero: Bool = false, name: String? = nil) throws {
        try self.init(inputDim: inputDim, outputDim: outputDim, maskZero: maskZero, name: name)
    }

    public override class var className: String { "Embedding" }
    public var makesMask: Bool { maskZero }
    /// As in Keras (`supports_masking = mask_zero`).
    public override var supportsMasking: Bool { maskZero }

    public override func build(_ inputShapes: [[Int?]]) throws {
        embeddings = addWeight(name: "embeddings", shape: [inputDim, outputDim], initializer: embeddingsInitializer)
    }

    /// The ids as int32, after checking that every one is in `0..<inputDim`.
    func checkedIds(_ input: Tensor) throws -> Tensor {
        let ids = input.dtype == .int32 ? input : input.cast(to: .int32)
        let values = ids.intScalars()
        if let bad = values.firstIndex(where: { $0 < 0 || Int($0) >= inputDim }) {
            throw LaminaError.value("Layer \"\(name)\" (Embedding): id \(values[bad]) at flat position \(bad) of the input of shape \(input.shape) is out of range; ids must be in [0, \(inputDim))")
        }
        return ids
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let embeddings else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        return embeddings.value.gather(try checkedIds(input), axis: 0)
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard maskZero, let x = inputs.first else { return [nil] }
        return [x.notEqual(Tensor.zeros([], dtype: x.dtype))]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0] + [outputDim]] }

    public override var config: [String: JSONValue] {
        ["input_dim": JSONValue(inputDim), "output_dim": JSONValue(outputDim),
         "embeddings_initializer": embeddingsInitializer.serialized(module: "keras.initializers"),
         "embeddings_regularizer": .null, "activity_regularizer": .null, "embeddings_constraint": .null,
         "mask_zero": .bool(maskZero), "quantization_config": .null]
    }
}

/// Masks time steps whose features all equal `maskValue` (`keras.layers.Masking`): the output is
/// the input with those steps zeroed, and the mask `any(x != maskValue, axis: -1)` goes downstream.
/// Input and output `[B, T, features]`; mask `[B, T]`.
public final class Masking: Layer, MaskProducing {
    public let maskValue: Float

    public init(maskValue: Float = 0, name: String? = nil) {
        self.maskValue = maskValue
        super.init(name: name)
    }

    public override class var className: String { "Masking" }
    public var makesMask: Bool { true }
    public override var supportsMasking: Bool { true }

    func keep(_ x: Tensor) -> Tensor { x.notEqual(maskValue).cast(to: .float32).max(axes: [-1], keepDims: true) }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { input * keep(input) }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard let x = inputs.first else { return [nil] }
        return [keep(x).squeezing(axes: [-1]).notEqual(0)]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] { ["mask_value": JSONValue(maskValue)] }
}
