/// The shared machinery of ``Attention`` and ``AdditiveAttention`` (Keras's `BaseDenseAttention`):
/// inputs `[query, value]` or `[query, value, key]`, query and value masks, the causal mask,
/// dropout on the attention probabilities and the optional second output of the scores.
/// Subclasses supply the scores in ``attend(query:value:key:queryMask:valueMask:causal:dropout:)``.
public class BaseDenseAttention: Layer, AttentionCallOptions {
    public let dropout: Float
    public let seed: Int?
    /// Call options (Keras call arguments), used by calls through `call(_:masks:training:)`.
    public var useCausalMask = false
    public var returnAttentionScores = false
    private let dropoutLayer: Dropout?

    init(dropout: Float, seed: Int?, name: String?) throws {
        self.dropout = dropout
        self.seed = seed
        dropoutLayer = dropout > 0 ? try Dropout(dropout, seed: seed) : nil
        super.init(name: name)
    }

    public override var supportsMasking: Bool { true }
    public override var sublayers: [(name: String, layer: Layer)] { [] }

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
        return try attend(query: q, value: v, key: k, queryMask: qm, valueMask: vm, causal: causal, dropout: training ? dropoutLayer : nil)
    }

    /// The output and the attention probabilities for checked inputs and bool masks; `dropout` is
    /// nil outside training.
    func attend(query: Tensor, value: Tensor, key: Tensor, queryMask: Tensor?, valueMask: Tensor?, causal: Bool,
                dropout: Dropout?) throws -> (Tensor, Tensor) {
        fatalError("\(Self.self) must override attend(query:value:key:queryMask:valueMask:causal:dropout:)")
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

    /// Whether `return_attention_scores` is a call argument of this layer in Functional configs.
    var recordsReturnAttentionScores: Bool { true }

    /// Keras's call options, recorded in Functional configs.
    public override var callArguments: [String: JSONValue] { attentionCallArguments(includingScores: recordsReturnAttentionScores) }

    public override func applyCallArguments(_ arguments: [String: JSONValue]) throws {
        try super.applyCallArguments(takeAttentionCallArguments(arguments, includingScores: recordsReturnAttentionScores))
    }
}

/// Throws unless there are 2 or 3 inputs.
func validateAttentionInputs(_ count: Int, layer: Layer) throws {
    guard count == 2 || count == 3 else {
        throw LaminaError.value("Layer \"\(layer.name)\" (\(layer.className)) accepts inputs list of length 2 or 3, namely [query, value] "
            + "or [query, value, key]. Received length: \(count).")
    }
}

/// The query and value masks as bool `[batch, Tq]` / `[batch, Tv]`, checked against the inputs.
func attentionMasks(q: Tensor, v: Tensor, k: Tensor, masks: [Tensor?], layer: Layer) throws -> (Tensor?, Tensor?) {
    guard q.rank == 3 && v.rank == 3 && k.rank == 3 else {
        throw LaminaError.shape("Layer \"\(layer.name)\" (\(layer.className)): query, value and key must be [batch, T, dim]. Received: "
            + "query.shape=\(describeShape(q.shape.map { $0 })), value.shape=\(describeShape(v.shape.map { $0 })), key.shape=\(describeShape(k.shape.map { $0 }))")
    }
    guard k.shape[0] == v.shape[0] && k.shape[1] == v.shape[1] && q.shape[0] == v.shape[0] else {
        throw LaminaError.shape("Layer \"\(layer.name)\" (\(layer.className)): key and value must have the same batch and length. Received: "
            + "query.shape=\(describeShape(q.shape.map { $0 })), value.shape=\(describeShape(v.shape.map { $0 })), key.shape=\(describeShape(k.shape.map { $0 }))")
    }
    func check(_ m: Tensor?, _ what: String, _ t: Tensor) throws -> Tensor? {
        guard let m else { return nil }
        guard m.shape == [t.shape[0], t.shape[1]] else {
            throw LaminaError.shape("Layer \"\(layer.name)\" (\(layer.className)): \(what) must have shape [batch, T] = "
                + "\(describeShape([t.shape[0], t.shape[1]])) to match the input of shape \(describeShape(t.shape.map { $0 })). "
                + "Received: \(what).shape=\(describeShape(m.shape.map { $0 }))")
        }
        return boolMask(m)
    }
    return (try check(masks.first ?? nil, "query_mask", q), try check(masks.count > 1 ? masks[1] : nil, "value_mask", v))
}

/// Zeroes the output rows of masked queries.
func maskQueries(_ out: Tensor, _ queryMask: Tensor?) -> Tensor {
    guard let queryMask else { return out }
    return Tensor.where(queryMask.expandingDims(at: -1), out, Tensor.full(0, shape: [], on: out.backend))
}

/// Keras's `_apply_scores`: `scores − 1e9` where hidden, softmax, optional dropout, `· value`.
/// Returns the output and the weights that multiplied the value (after dropout, as Keras does).
func applyScores(_ scores: Tensor, value: Tensor, valueMask: Tensor?, queryMask: Tensor?, causal: Bool,
                 dropout: Dropout?) throws -> (Tensor, Tensor) {
    var hide: Tensor? = valueMask.map { $0.expandingDims(at: -2) }
    if causal {
        let tq = scores.shape[scores.rank - 2], tv = scores.shape[scores.rank - 1]
        let rows = Tensor.arange(0, Float(tq), dtype: .int32, on: scores.backend).reshaped([1, tq, 1])
        let cols = Tensor.arange(0, Float(tv), dtype: .int32, on: scores.backend).reshaped([1, 1, tv])
        let c = rows.greaterEqual(cols)
        hide = hide.map { $0.logicalAnd(c) } ?? c
    }
    var s = scores
    if let hide { s = Tensor.where(hide, s, s - 1e9) }
    let p = s.softmax(axis: -1)
    let dropped = try dropout.map { try $0([p], training: true)[0] } ?? p
    return (maskQueries(dropped.matmul(value), queryMask), dropped)
}
