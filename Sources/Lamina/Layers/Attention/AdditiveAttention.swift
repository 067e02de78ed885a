/// Additive (Bahdanau-style) attention (`keras.layers.AdditiveAttention`): scores
/// `Σ_d scale[d]·tanh(query + key)`.
///
/// - Inputs, masks and outputs as ``Attention``.
/// - Weights: `scale` `[dim]` (Glorot-uniform) when `useScale`.
public final class AdditiveAttention: Layer {
    public let useScale: Bool
    public let dropout: Float
    public let seed: Int?
    /// Call options (Keras call arguments), used by calls through `call(_:masks:training:)`.
    public var useCausalMask = false
    public var returnAttentionScores = false
    public private(set) var scale: Variable?
    private var dropoutLayer: Dropout?

    public init(useScale: Bool = true, dropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        self.useScale = useScale
        self.dropout = dropout
        self.seed = seed
        dropoutLayer = dropout > 0 ? try Dropout(dropout, seed: seed) : nil
        super.init(name: name)
    }

    public override class var className: String { "AdditiveAttention" }
    public override var supportsMasking: Bool { true }
    public override var sublayers: [(name: String, layer: Layer)] { [] }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try validateAttentionInputs(inputShapes.count, layer: self)
        guard let dim = inputShapes[0].last ?? nil else {
            throw LaminaError.shape("Layer \"\(name)\": the last dimension of the query must be defined. Received: \(describeShapes(inputShapes))")
        }
        if useScale { scale = addWeight(name: "scale", shape: [dim], initializer: GlorotUniform()) }
    }

    /// Eager call with Keras's call arguments.
    public func callAsFunction(query: Tensor, value: Tensor, key: Tensor? = nil, queryMask: Tensor? = nil, valueMask: Tensor? = nil,
                               useCausalMask: Bool = false, training: Bool = false) throws -> (output: Tensor, scores: Tensor) {
        let inputs = [query, value] + (key.map { [$0] } ?? [])
        try ensureBuilt(inputs.map { $0.kerasShape })
        return try attend(inputs, masks: [queryMask, valueMask], causal: useCausalMask, training: training)
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        let (out, scores) = try attend(inputs, masks: masks, causal: useCausalMask, training: training)
        return returnAttentionScores ? [out, scores] : [out]
    }

    func attend(_ inputs: [Tensor], masks: [Tensor?], causal: Bool, training: Bool) throws -> (Tensor, Tensor) {
        try validateAttentionInputs(inputs.count, layer: self)
        let q = inputs[0], v = inputs[1], k = inputs.count > 2 ? inputs[2] : inputs[1]
        let (qm, vm) = try attentionMasks(q: q, v: v, k: k, masks: masks, layer: self)
        let t = (q.expandingDims(at: -2) + k.expandingDims(at: -3)).tanh()
        let scores = (scale.map { t * $0.value } ?? t).sum(axis: -1)
        return try applyScores(scores, value: v, valueMask: vm, queryMask: qm, causal: causal, dropout: training ? dropoutLayer : nil)
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let m = masks.first ?? nil
        return returnAttentionScores ? [m, nil] : [m]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let out = Array(inputShapes[0].dropLast()) + [inputShapes[1].last ?? nil]
        let keys = inputShapes.count > 2 ? inputShapes[2] : inputShapes[1]
        return returnAttentionScores ? [out, Array(inputShapes[0].dropLast()) + [keys.dropLast().last ?? nil]] : [out]
    }

    /// Keras's call options `use_causal_mask`, recorded in Functional configs.
    public override var callArguments: [String: JSONValue] {
        var a: [String: JSONValue] = [:]
        if useCausalMask { a["use_causal_mask"] = true }
        return a
    }

    public override func applyCallArguments(_ arguments: [String: JSONValue]) throws {
        var rest = arguments
        if let v = rest.removeValue(forKey: "use_causal_mask") { useCausalMask = v.bool ?? false }
        try super.applyCallArguments(rest)
    }

    public override var config: [String: JSONValue] { ["use_scale": .bool(useScale), "dropout": JSONValue(dropout), "seed": JSONValue(seed)] }
}
