import Lamina

/// Attaches an explicit mask to a sequence, for Functional models that take the mask as an input.
///
/// - Inputs: `[sequence, mask]`: the sequence `[batch, T, ...]` and the mask `[batch, T]` (any
///   dtype; non-zero = keep).
/// - Output: the sequence unchanged; its Keras mask is `mask != 0` (bool), which mask-aware layers
///   downstream (`Attention`, `GlobalAveragePooling1D`, RNNs) then honour. No weights.
public final class AttachMask: Layer, MaskProducing {
    public override init(name: String? = nil) { super.init(name: name) }
    public override class var className: String { "AttachMask" }
    public var makesMask: Bool { true }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        guard inputs.count == 2 else {
            throw LaminaError(.value, "Layer \"\(name)\" (AttachMask) takes [sequence, mask]. Received \(inputs.count) inputs")
        }
        return [inputs[0]]
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let m = inputs[1]
        return [m.notEqual(Tensor.zeros([], dtype: m.dtype))]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
}

/// Token embeddings plus learned position embeddings (keras_hub `TokenAndPositionEmbedding`).
///
/// - Input: int32 ids `[batch, T]` with `T ≤ sequenceLength`. Output: `[batch, T, embeddingDim]`.
/// - With `maskZero`, id 0 is padding and the Keras mask `ids != 0` goes downstream.
/// - Weights: `token.embeddings` `[vocabularySize, embeddingDim]`, `position.embeddings`
///   `[sequenceLength, embeddingDim]`.
public final class TokenAndPositionEmbedding: Layer, MaskProducing {
    public let vocabularySize: Int
    public let sequenceLength: Int
    public let embeddingDim: Int
    public let maskZero: Bool
    /// The token table.
    public let token: Embedding
    /// The position table.
    public let position: PositionEmbedding

    public init(vocabularySize: Int, sequenceLength: Int, embeddingDim: Int, maskZero: Bool = false, name: String? = nil) throws {
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.embeddingDim = embeddingDim
        self.maskZero = maskZero
        token = try Embedding(vocabularySize, embeddingDim, maskZero: maskZero, name: "token_embedding")
        position = PositionEmbedding(sequenceLength: sequenceLength, name: "position_embedding")
        super.init(name: name)
    }

    public override class var className: String { "TokenAndPositionEmbedding" }
    public var makesMask: Bool { maskZero }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try token.ensureBuilt(inputShapes)
        try position.ensureBuilt([inputShapes[0] + [embeddingDim]])
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let t = try token(input, training: training)
        return t + (try position(t, training: training))
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        try token.computeMask(inputs, masks: masks)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        // Ids longer than the position table are an error when the model is defined, not later.
        try position.computeOutputShape([inputShapes[0] + [embeddingDim]])
    }

    public override var config: [String: JSONValue] {
        ["vocabulary_size": JSONValue(vocabularySize), "sequence_length": JSONValue(sequenceLength),
         "embedding_dim": JSONValue(embeddingDim), "mask_zero": .bool(maskZero)]
    }
}
