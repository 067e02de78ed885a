/// What the Transformer encoder and decoder blocks share: their configuration (keras_hub's
/// arguments), their sublayers (``TransformerParts``), mask pass-through, shape inference and config.
public class TransformerBlock: Layer {
    public let intermediateDim: Int
    public let numHeads: Int
    public let dropout: Float
    public let activation: Activation
    public let layerNormEpsilon: Float
    public let normalizeFirst: Bool
    var parts: TransformerParts?

    public init(intermediateDim: Int, numHeads: Int, dropout: Float = 0, activation: Activation = .relu, layerNormEpsilon: Float = 1e-5,
                normalizeFirst: Bool = false, name: String? = nil) {
        self.intermediateDim = intermediateDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.activation = activation
        self.layerNormEpsilon = layerNormEpsilon
        self.normalizeFirst = normalizeFirst
        super.init(name: name)
    }

    public override var supportsMasking: Bool { true }
    public override var sublayers: [(name: String, layer: Layer)] { parts?.named ?? [] }

    /// Makes the sublayers for a hidden size taken from the first input's last dimension, and
    /// builds them all at once (as keras_hub does), so the weights exist and count before the
    /// first call.
    func buildParts(_ inputShapes: [[Int?]], crossAttention: Bool) throws {
        guard let sequence = inputShapes.first, let hidden = sequence.last ?? nil, hidden % numHeads == 0 else {
            throw LaminaError.shape("Layer \"\(name)\": the hidden size must be defined and divisible by num_heads=\(numHeads). Received: \(describeShapes(inputShapes))")
        }
        let p = try TransformerParts(hidden: hidden, intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout,
                                     activation: activation, epsilon: layerNormEpsilon, crossAttention: crossAttention)
        try p.selfAttention.ensureBuilt([sequence, sequence])
        try p.selfAttentionNorm.ensureBuilt([sequence])
        if let cross = p.crossAttention, let norm = p.crossAttentionNorm, inputShapes.count > 1 {
            try cross.ensureBuilt([sequence, inputShapes[1]])
            try norm.ensureBuilt([sequence])
        }
        try p.intermediate.ensureBuilt([sequence])
        try p.output.ensureBuilt([Array(sequence.dropLast()) + [intermediateDim]])
        try p.feedforwardNorm.ensureBuilt([sequence])
        parts = p
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] { [masks.first ?? nil] }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] {
        ["intermediate_dim": JSONValue(intermediateDim), "num_heads": JSONValue(numHeads), "dropout": JSONValue(dropout),
         "activation": .string(activation.name), "layer_norm_epsilon": JSONValue(layerNormEpsilon), "normalize_first": .bool(normalizeFirst)]
    }
}
