/// A post-norm Transformer encoder block (keras_hub `TransformerEncoder`):
/// `x = LN(x + Dropout(MHA(x, x)))`, then `x = LN(x + Dropout(Dense(Dense(x, intermediateDim, activation))))`.
///
/// - Input: `[batch, T, hidden]`; in a graph, optionally a second non-float input: the padding
///   mask `[batch, T]` (true = token). A Keras mask on the input is used as the padding mask.
/// - Output: `[batch, T, hidden]`; the mask passes through.
/// - Sublayers: `self_attention_layer` (MultiHeadAttention, keyDim = hidden / numHeads),
///   `self_attention_layer_norm`, `feedforward_intermediate_dense`, `feedforward_output_dense`,
///   `feedforward_layer_norm`.
public final class TransformerEncoder: TransformerBlock {
    public override class var className: String { "TransformerEncoder" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try buildParts(inputShapes, crossAttention: false)
    }

    /// keras_hub's call is `(inputs, padding_mask=None, attention_mask=None)`.
    public override func callSignature<T>(_ inputs: [T]) -> (positional: [T], keywords: [String: T], separate: Bool) {
        inputs.count > 1 ? ([inputs[0]], ["padding_mask": inputs[1]], true) : (inputs, [:], true)
    }

    public override func inputsFromCall<T>(positional: [T], keywords: [String: T]) throws -> [T] {
        var rest = keywords
        let padding = rest.removeValue(forKey: "padding_mask")
        return try super.inputsFromCall(positional: positional + (padding.map { [$0] } ?? []), keywords: rest)
    }

    /// Eager call: `paddingMask` `[batch, T]`, `attentionMask` `[batch, T, T]` (true = attend).
    public func callAsFunction(_ x: Tensor, paddingMask: Tensor? = nil, attentionMask: Tensor? = nil, training: Bool = false) throws -> Tensor {
        try ensureBuilt([x.kerasShape])
        return try encode(x, paddingMask: paddingMask, attentionMask: attentionMask, training: training)
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        let padding = inputs.count > 1 ? inputs[1] : (masks.first ?? nil)
        return [try encode(inputs[0], paddingMask: padding, attentionMask: nil, training: training)]
    }

    func encode(_ x: Tensor, paddingMask: Tensor?, attentionMask: Tensor?, training: Bool) throws -> Tensor {
        guard let p = parts else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let mask = try mergedMask(paddingMask, attentionMask, queries: x, layer: self)
        return try p.block(x, normalizeFirst: normalizeFirst, training: training) { h in
            try p.selfAttention.callAsFunction(query: h, value: h, attentionMask: mask, training: training).output
        }
    }
}

/// keras_hub's `merge_padding_and_attention_mask`: padding `[B, T]` becomes `[B, 1, T]`, ANDed
/// with the attention mask `[B, Tq, T]`.
func mergedMask(_ padding: Tensor?, _ attention: Tensor?, queries: Tensor, layer: Layer) throws -> Tensor? {
    var out = attention.map { boolMask($0) }
    if let padding {
        guard padding.rank == 2 && padding.shape[0] == queries.shape[0] else {
            throw LaminaError.shape("Layer \"\(layer.name)\" (\(layer.className)): the padding mask must be [batch, T]. Received: "
                + "padding_mask.shape=\(describeShape(padding.shape.map { $0 })) for inputs of shape \(describeShape(queries.shape.map { $0 }))")
        }
        let e = boolMask(padding).expandingDims(at: 1)
        out = out.map { $0.logicalAnd(e) } ?? e
    }
    return out
}

/// The sublayers shared by the encoder and decoder blocks.
struct TransformerParts {
    let selfAttention: MultiHeadAttention
    let selfAttentionNorm: LayerNormalization
    let crossAttention: MultiHeadAttention?
    let crossAttentionNorm: LayerNormalization?
    let intermediate: Dense
    let output: Dense
    let feedforwardNorm: LayerNormalization
    let dropout: Dropout

    init(hidden: Int, intermediateDim: Int, numHeads: Int, dropout rate: Float, activation: Activation, epsilon: Float,
         crossAttention cross: Bool) throws {
        selfAttention = try MultiHeadAttention(numHeads: numHeads, keyDim: hidden / numHeads, dropout: rate, name: "self_attention")
        selfAttentionNorm = LayerNormalization(axis: -1, epsilon: epsilon, name: "self_attention_layer_norm")
        crossAttention = cross ? try MultiHeadAttention(numHeads: numHeads, keyDim: hidden / numHeads, dropout: rate, name: "cross_attention") : nil
        crossAttentionNorm = cross ? LayerNormalization(axis: -1, epsilon: epsilon, name: "cross_attention_layer_norm") : nil
        intermediate = Dense(intermediateDim, activation: activation, name: "feedforward_intermediate_dense")
        output = Dense(hidden, name: "feedforward_output_dense")
        feedforwardNorm = LayerNormalization(axis: -1, epsilon: epsilon, name: "feedforward_layer_norm")
        dropout = try Dropout(rate)
    }

    var named: [(name: String, layer: Layer)] {
        var out: [(String, Layer)] = [("self_attention_layer", selfAttention), ("self_attention_layer_norm", selfAttentionNorm)]
        if let crossAttention, let crossAttentionNorm {
            out += [("cross_attention_layer", crossAttention), ("cross_attention_layer_norm", crossAttentionNorm)]
        }
        return out + [("feedforward_intermediate_dense", intermediate), ("feedforward_output_dense", output), ("feedforward_layer_norm", feedforwardNorm)]
    }

    /// `norm(x + dropout(f(x)))` (post-norm) or `x + dropout(f(norm(x)))` (pre-norm).
    func residual(_ x: Tensor, _ norm: LayerNormalization, normalizeFirst: Bool, training: Bool, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
        let y = try dropout(f(normalizeFirst ? try norm(x) : x), training: training) + x
        return normalizeFirst ? y : try norm(y)
    }

    /// Attention sublayer (given), then the feedforward sublayer.
    func block(_ x: Tensor, normalizeFirst: Bool, training: Bool, cross: ((Tensor) throws -> Tensor)? = nil,
               _ attend: (Tensor) throws -> Tensor) throws -> Tensor {
        var h = try residual(x, selfAttentionNorm, normalizeFirst: normalizeFirst, training: training, attend)
        if let cross, let crossAttentionNorm { h = try residual(h, crossAttentionNorm, normalizeFirst: normalizeFirst, training: training, cross) }
        return try residual(h, feedforwardNorm, normalizeFirst: normalizeFirst, training: training) { try output(intermediate($0)) }
    }
}
