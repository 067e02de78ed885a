/// Dot-product (Luong-style) attention (`keras.layers.Attention`).
///
/// - Inputs: `[query, value]` or `[query, value, key]`: query `[batch, Tq, dim]`, value
///   `[batch, Tv, dim]`, key `[batch, Tv, dim]` (defaults to value).
/// - Masks: `[queryMask, valueMask]`, bool `[batch, Tq]` and `[batch, Tv]` (Keras masks of the
///   inputs): the output is zero where the query is masked; masked values get no attention.
/// - Output: `[batch, Tq, dim]`, and the attention scores (probabilities) `[batch, Tq, Tv]` as a
///   second output when ``returnAttentionScores`` is set. With `dropout`, in training only, a
///   fraction `dropout` of the attention weights is zeroed and the rest scaled by `1/(1 - dropout)`
///   before they multiply the value; the scores returned are those dropped weights, as in Keras.
/// - Weights: `scale` `[]` when `useScale`; `concat_score_weight` `[]` when `scoreMode == "concat"`.
public final class Attention: BaseDenseAttention {
    public let useScale: Bool
    /// `"dot"` (`q·kᵀ`) or `"concat"` (`Σ tanh(q + k)`).
    public let scoreMode: String
    public private(set) var scale: Variable?
    public private(set) var concatScoreWeight: Variable?

    public init(useScale: Bool = false, scoreMode: String = "dot", dropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        guard scoreMode == "dot" || scoreMode == "concat" else {
            throw LaminaError.value("Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=\(scoreMode)")
        }
        self.useScale = useScale
        self.scoreMode = scoreMode
        try super.init(dropout: dropout, seed: seed, name: name)
    }

    public override class var className: String { "Attention" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try validateAttentionInputs(inputShapes.count, layer: self)
        if useScale { scale = addWeight(name: "scale", shape: [], initializer: Initializers.ones) }
        if scoreMode == "concat" { concatScoreWeight = addWeight(name: "concat_score_weight", shape: [], initializer: Initializers.ones) }
    }

    override func attend(query q: Tensor, value v: Tensor, key k: Tensor, queryMask qm: Tensor?, valueMask vm: Tensor?, causal: Bool,
                         dropout drop: Dropout?) throws -> (Tensor, Tensor) {
        if scoreMode == "dot" && drop == nil {
            // One fused op: scale folded into the query.
            let qs = scale.map { q * $0.value } ?? q
            let (o, p) = Tensor.attention(query: qs.expandingDims(at: 1), key: k.expandingDims(at: 1), value: v.expandingDims(at: 1),
                                          mask: vm.map { $0.reshaped([$0.shape[0], 1, 1, $0.shape[1]]) }, scale: 1, causal: causal)
            return (maskQueries(o.squeezing(axes: [1]), qm), p.squeezing(axes: [1]))
        }
        var scores: Tensor
        if scoreMode == "dot" {
            scores = q.matmul(k, transposeB: true)
            if let scale { scores = scores * scale.value }
        } else {
            let sum = q.expandingDims(at: -2) + k.expandingDims(at: -3)
            scores = (scale.map { sum * $0.value } ?? sum).tanh().sum(axis: -1)
            if let concatScoreWeight { scores = scores * concatScoreWeight.value }
        }
        return try applyScores(scores, value: v, valueMask: vm, queryMask: qm, causal: causal, dropout: drop)
    }

    public override var config: [String: JSONValue] {
        ["use_scale": .bool(useScale), "score_mode": .string(scoreMode), "dropout": JSONValue(dropout), "seed": JSONValue(seed)]
    }
}
