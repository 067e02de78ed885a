/// Multi-head attention (`keras.layers.MultiHeadAttention`): the query, key and value are
/// projected into `numHeads` heads, attended with scaled dot products (`1/sqrt(keyDim)`, one
/// fused op), and the heads are projected back.
///
/// - Inputs: query `[batch, Tq, queryDim]`, value `[batch, Tv, valueDim]`, key
///   `[batch, Tv, keyDim]` (defaults to value).
/// - Output: `[batch, Tq, outputShape ?? queryDim]`; the scores `[batch, numHeads, Tq, Tv]` too
///   when asked.
/// - Masks: `attentionMask` bool `[batch, Tq, Tv]` (or `[Tq, Tv]`; true = attend); the Keras
///   masks of query, value and key (`[batch, T]`) are combined with it, as Keras does.
/// - Weights (Keras layout): sublayers `query_dense`, `key_dense`, `value_dense` with kernel
///   `(dim, numHeads, keyDim|valueDim)` and bias `(numHeads, keyDim|valueDim)`; `output_dense`
///   with kernel `(numHeads, valueDim, out...)` and bias `(out...)`.
///
/// In a Functional graph the inputs are `[query, value]`, `[query, value, key]` or
/// `[query, value, key, attentionMask]` (pass the value again as key for self-attention with a
/// mask); ``useCausalMask`` and
/// ``returnAttentionScores`` hold the call options there.
public final class MultiHeadAttention: Layer, AttentionCallOptions {
    public let numHeads: Int
    public let keyDim: Int
    public let valueDim: Int
    public let dropout: Float
    public let useBias: Bool
    public let outputShape: [Int]?
    public let attentionAxes: [Int]?
    public let kernelInitializer: any Initializer
    public let biasInitializer: any Initializer
    public let seed: Int?
    public var useCausalMask = false
    public var returnAttentionScores = false
    public private(set) var queryDense: EinsumProjection?
    public private(set) var keyDense: EinsumProjection?
    public private(set) var valueDense: EinsumProjection?
    public private(set) var outputDense: EinsumProjection?
    private var dropoutLayer: Dropout?

    public init(numHeads: Int, keyDim: Int, valueDim: Int? = nil, dropout: Float = 0, useBias: Bool = true, outputShape: [Int]? = nil,
                attentionAxes: [Int]? = nil, kernelInitializer: any Initializer = GlorotUniform(),
                biasInitializer: any Initializer = Initializers.zeros, seed: Int? = nil, name: String? = nil) throws {
        guard numHeads > 0 else { throw LaminaError.value("Received an invalid value for argument `num_heads`, expected a positive integer. Received: num_heads=\(numHeads)") }
        guard keyDim > 0 else { throw LaminaError.value("Received an invalid value for argument `key_dim`, expected a positive integer. Received: key_dim=\(keyDim)") }
        if let valueDim, valueDim <= 0 { throw LaminaError.value("Received an invalid value for argument `value_dim`, expected a positive integer or `None`. Received: value_dim=\(valueDim)") }
        self.numHeads = numHeads
        self.keyDim = keyDim
        self.valueDim = valueDim ?? keyDim
        self.dropout = dropout
        self.useBias = useBias
        self.outputShape = outputShape
        self.attentionAxes = attentionAxes
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.seed = seed
        dropoutLayer = dropout > 0 ? try Dropout(dropout, seed: seed) : nil
        super.init(name: name)
    }

    public override class var className: String { "MultiHeadAttention" }
    public override var supportsMasking: Bool { true }
    public override var sublayers: [(name: String, layer: Layer)] {
        [("query_dense", queryDense), ("key_dense", keyDense), ("value_dense", valueDense), ("output_dense", outputDense)]
            .compactMap { n, l in l.map { (n, $0 as Layer) } }
    }

    /// The float inputs (query, value, key?) and the attention mask of a graph call.
    func split(_ inputs: [Tensor]) -> (Tensor, Tensor, Tensor?, Tensor?) {
        (inputs[0], inputs[1], inputs.count > 2 ? inputs[2] : nil, inputs.count > 3 ? inputs[3] : nil)
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let floats = inputShapes.prefix(3)
        guard floats.count >= 2, let qd = floats[0].last ?? nil, let vd = floats[1].last ?? nil else {
            throw LaminaError.shape("Layer \"\(name)\" (MultiHeadAttention) needs query and value with a defined last dimension. Received: \(describeShapes(inputShapes))")
        }
        let kd = (floats.count > 2 ? floats[2].last ?? nil : vd) ?? vd
        if let attentionAxes, attentionAxes != [1] && attentionAxes != [-2] {
            throw LaminaError(.unsupported, "Layer \"\(name)\": attention_axes=\(attentionAxes) is not supported yet (only the default, the sequence axis)")
        }
        func proj(_ bound: [Int], _ out: [Int], _ n: String) -> EinsumProjection {
            EinsumProjection(boundDims: bound, outputDims: out, useBias: useBias, kernelInitializer: kernelInitializer,
                             biasInitializer: biasInitializer, name: n)
        }
        queryDense = proj([qd], [numHeads, keyDim], "query")
        keyDense = proj([kd], [numHeads, keyDim], "key")
        valueDense = proj([vd], [numHeads, valueDim], "value")
        outputDense = proj([numHeads, valueDim], outputShape ?? [qd], "attention_output")
        for l in [queryDense!, keyDense!, valueDense!] { try l.ensureBuilt([[nil, nil, l.boundDims[0]]]) }
        try outputDense!.ensureBuilt([[nil, nil, numHeads, valueDim]])
    }

    /// Eager call with Keras's call arguments; returns the output and the scores `[B, H, Tq, Tv]`.
    public func callAsFunction(query: Tensor, value: Tensor, key: Tensor? = nil, attentionMask: Tensor? = nil,
                               queryMask: Tensor? = nil, valueMask: Tensor? = nil, keyMask: Tensor? = nil,
                               useCausalMask: Bool = false, training: Bool = false) throws -> (output: Tensor, scores: Tensor) {
        let inputs = [query, value] + (key.map { [$0] } ?? [])
        try ensureBuilt(inputs.map { $0.kerasShape })
        return try attend(query, value, key, attentionMask: attentionMask, masks: [queryMask, valueMask, keyMask],
                          causal: useCausalMask, training: training)
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        guard inputs.count >= 2 else {
            throw LaminaError.value("Layer \"\(name)\" (MultiHeadAttention) needs at least [query, value]. Received \(inputs.count) input(s)")
        }
        let (q, v, k, m) = split(inputs)
        let (out, scores) = try attend(q, v, k, attentionMask: m, masks: Array(masks.prefix(k == nil ? 2 : 3)),
                                       causal: useCausalMask, training: training)
        return returnAttentionScores ? [out, scores] : [out]
    }

    func attend(_ query: Tensor, _ value: Tensor, _ key: Tensor?, attentionMask: Tensor?, masks: [Tensor?], causal: Bool,
                training: Bool) throws -> (Tensor, Tensor) {
        guard let queryDense, let keyDense, let valueDense, let outputDense else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let key = key ?? value
        let mask = try combinedMask(query, value, key, attentionMask: attentionMask, masks: masks)
        let heads = [0, 2, 1, 3]
        let q = try queryDense(query).permuted(heads), k = try keyDense(key).permuted(heads), v = try valueDense(value).permuted(heads)
        var (o, p) = Tensor.attention(query: q, key: k, value: v, mask: mask?.expandingDims(at: 1),
                                      scale: 1 / Float(keyDim).squareRoot(), causal: causal)
        if training, let dropoutLayer { o = try dropoutLayer([p], training: true)[0].matmul(v) }
        return (try outputDense(o.permuted(heads)), p)
    }

    /// Keras's `_compute_attention_mask` without the causal part (the fused op applies it):
    /// the AND of `attentionMask` and the query `[B, Tq, 1]`, value and key `[B, 1, Tv]` masks.
    func combinedMask(_ q: Tensor, _ v: Tensor, _ k: Tensor, attentionMask: Tensor?, masks: [Tensor?]) throws -> Tensor? {
        let what = "Layer \"\(name)\" (MultiHeadAttention)"
        guard q.rank == 3 && v.rank == 3 && k.rank == 3 else {
            throw LaminaError.shape("\(what): query, value and key must be [batch, T, dim]. Received: query.shape=\(describeShape(q.shape.map { $0 })), "
                + "value.shape=\(describeShape(v.shape.map { $0 })), key.shape=\(describeShape(k.shape.map { $0 }))")
        }
        guard Array(v.shape.dropLast()) == Array(k.shape.dropLast()) && q.shape[0] == v.shape[0] else {
            throw LaminaError.shape("\(what): all dimensions of `value` and `key`, except the last one, must be equal. Received: "
                + "value_shape=\(describeShape(v.shape.map { $0 })) and key_shape=\(describeShape(k.shape.map { $0 }))")
        }
        let (b, tq, tv) = (q.shape[0], q.shape[1], v.shape[1])
        var out: Tensor? = nil
        for (i, (m, axis)) in zip(masks, [-1, -2, -2]).enumerated() {
            guard let m else { continue }
            let t = [q, v, k][i]
            guard m.shape == [t.shape[0], t.shape[1]] else {
                throw LaminaError.shape("\(what): the \(["query", "value", "key"][i]) mask must have shape \(describeShape([t.shape[0], t.shape[1]])) "
                    + "to match the \(["query", "value", "key"][i]) of shape \(describeShape(t.shape.map { $0 })). Received: mask.shape=\(describeShape(m.shape.map { $0 }))")
            }
            let e = boolMask(m).expandingDims(at: axis)
            out = out.map { $0.logicalAnd(e) } ?? e
        }
        if let a = attentionMask {
            let ok = (a.rank == 2 || a.rank == 3) && ShapeMath.broadcast(a.shape, [b, tq, tv]) == [b, tq, tv]
            guard ok else {
                throw LaminaError.shape("\(what): attention_mask must have shape [batch, Tq, Tv] = \(describeShape([b, tq, tv])). "
                    + "Received: attention_mask.shape=\(describeShape(a.shape.map { $0 })), query.shape=\(describeShape(q.shape.map { $0 })), "
                    + "value.shape=\(describeShape(v.shape.map { $0 }))")
            }
            let e = boolMask(a.rank == 2 ? a.expandingDims(at: 0) : a)
            out = out.map { $0.logicalAnd(e) } ?? e
        }
        return out
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let m = masks.first ?? nil
        return returnAttentionScores ? [m, nil] : [m]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let q = inputShapes[0]
        let out = outputShape.map { Array(q.dropLast()) + $0.map { Optional($0) } } ?? q
        return returnAttentionScores ? [out, [q.first ?? nil, numHeads, q.count > 1 ? q[1] : nil, inputShapes[1].count > 1 ? inputShapes[1][1] : nil]] : [out]
    }

    /// Keras's call is `(query, value, key=None, ..., attention_mask=None)`: separate positional
    /// inputs, the attention mask as a keyword.
    public override func callSignature<T>(_ inputs: [T]) -> (positional: [T], keywords: [String: T], separate: Bool) {
        inputs.count > 3 ? (Array(inputs.prefix(3)), ["attention_mask": inputs[3]], true) : (inputs, [:], true)
    }

    public override func inputsFromCall<T>(positional: [T], keywords: [String: T]) throws -> [T] {
        var rest = keywords, ins = positional
        if let key = rest.removeValue(forKey: "key"), ins.count == 2 { ins.append(key) }
        if let mask = rest.removeValue(forKey: "attention_mask"), ins.count >= 2 {
            if ins.count == 2 { ins.append(ins[1]) }   // the key defaults to the value
            ins.append(mask)
        }
        return try super.inputsFromCall(positional: ins, keywords: rest)
    }

    /// Keras builds MultiHeadAttention from `build(query_shape, value_shape, key_shape=None)`.
    public override var buildConfig: JSONValue? {
        guard let shapes = builtInputShapes, shapes.count >= 2 else { return super.buildConfig }
        var dict: [String: JSONValue] = ["query_shape": JSONValue(shape: shapes[0]), "value_shape": JSONValue(shape: shapes[1])]
        if shapes.count > 2 { dict["key_shape"] = JSONValue(shape: shapes[2]) }
        return ["shapes_dict": .object(dict)]
    }

    /// Keras's call options `use_causal_mask` and `return_attention_scores`, recorded in Functional configs.
    public override var callArguments: [String: JSONValue] { attentionCallArguments() }

    public override func applyCallArguments(_ arguments: [String: JSONValue]) throws {
        try super.applyCallArguments(takeAttentionCallArguments(arguments))
    }

    public override var config: [String: JSONValue] {
        ["num_heads": JSONValue(numHeads), "key_dim": JSONValue(keyDim), "value_dim": JSONValue(valueDim), "dropout": JSONValue(dropout),
         "use_bias": .bool(useBias), "use_gate": false, "output_shape": outputShape.map { JSONValue($0) } ?? nil,
         "attention_axes": attentionAxes.map { JSONValue($0) } ?? nil, "sliding_window": nil,
         "kernel_initializer": kernelInitializer.serialized(module: "keras.initializers"),
         "bias_initializer": biasInitializer.serialized(module: "keras.initializers"),
         "kernel_regularizer": nil, "bias_regularizer": nil, "activity_regularizer": nil, "kernel_constraint": nil,
         "bias_constraint": nil, "seed": JSONValue(seed)]
    }
}
