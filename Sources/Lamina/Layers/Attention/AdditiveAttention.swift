/// Additive (Bahdanau-style) attention (`keras.layers.AdditiveAttention`): scores
/// `Σ_d scale[d]·tanh(query + key)`.
///
/// - Inputs, masks and outputs as ``Attention``.
/// - Weights: `scale` `[dim]` (Glorot-uniform) when `useScale`.
public final class AdditiveAttention: BaseDenseAttention {
    public let useScale: Bool
    public private(set) var scale: Variable?

    public init(useScale: Bool = true, dropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        self.useScale = useScale
        try super.init(dropout: dropout, seed: seed, name: name)
    }

    public override class var className: String { "AdditiveAttention" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try validateAttentionInputs(inputShapes.count, layer: self)
        guard let dim = inputShapes[0].last ?? nil else {
            throw LaminaError.shape("Layer \"\(name)\": the last dimension of the query must be defined. Received: \(describeShapes(inputShapes))")
        }
        if useScale { scale = addWeight(name: "scale", shape: [dim], initializer: GlorotUniform()) }
    }

    override func attend(query q: Tensor, value v: Tensor, key k: Tensor, queryMask qm: Tensor?, valueMask vm: Tensor?, causal: Bool,
                         dropout: Dropout?) throws -> (Tensor, Tensor) {
        let t = (q.expandingDims(at: -2) + k.expandingDims(at: -3)).tanh()
        let scores = (scale.map { t * $0.value } ?? t).sum(axis: -1)
        return try applyScores(scores, value: v, valueMask: vm, queryMask: qm, causal: causal, dropout: dropout)
    }

    /// Only `use_causal_mask` is a call argument of this layer in Functional configs.
    override var recordsReturnAttentionScores: Bool { false }

    public override var config: [String: JSONValue] { ["use_scale": .bool(useScale), "dropout": JSONValue(dropout), "seed": JSONValue(seed)] }
}
