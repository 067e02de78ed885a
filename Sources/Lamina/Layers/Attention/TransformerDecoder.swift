/// A post-norm Transformer decoder block (keras_hub `TransformerDecoder`): causal self-attention,
/// optional cross-attention over an encoder sequence, then the feedforward sublayer, each as
/// `LN(x + Dropout(f(x)))`.
///
/// - Inputs: decoder sequence `[batch, T, hidden]` and optionally the encoder sequence
///   `[batch, S, hidden]` (then cross-attention is built). Keras masks on them are used as the
///   decoder and encoder padding masks.
/// - Output: `[batch, T, hidden]`.
public final class TransformerDecoder: TransformerBlock {
    public override class var className: String { "TransformerDecoder" }

    /// keras_hub's call is `(decoder_sequence, encoder_sequence=None, ...)`: separate inputs.
    public override func callSignature<T>(_ inputs: [T]) -> (positional: [T], keywords: [String: T], separate: Bool) {
        (inputs, [:], true)
    }

    public override func inputsFromCall<T>(positional: [T], keywords: [String: T]) throws -> [T] {
        var rest = keywords
        let encoder = rest.removeValue(forKey: "encoder_sequence")
        return try super.inputsFromCall(positional: positional + (encoder.map { [$0] } ?? []), keywords: rest)
    }

    /// keras_hub builds the decoder from `build(decoder_sequence_shape, encoder_sequence_shape=None)`.
    public override var buildConfig: JSONValue? {
        guard let shapes = builtInputShapes, shapes.count == 2 else { return super.buildConfig }
        return ["shapes_dict": ["decoder_sequence_shape": JSONValue(shape: shapes[0]), "encoder_sequence_shape": JSONValue(shape: shapes[1])]]
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        try buildParts(inputShapes, crossAttention: inputShapes.count > 1)
    }

    /// Eager call with padding masks `[batch, T]` / `[batch, S]` (true = token).
    public func callAsFunction(_ decoderSequence: Tensor, encoderSequence: Tensor? = nil, decoderPaddingMask: Tensor? = nil,
                               encoderPaddingMask: Tensor? = nil, training: Bool = false) throws -> Tensor {
        let xs = [decoderSequence] + (encoderSequence.map { [$0] } ?? [])
        try ensureBuilt(xs.map { $0.kerasShape })
        return try decode(decoderSequence, encoderSequence, decoderPaddingMask, encoderPaddingMask, training: training)
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        [try decode(inputs[0], inputs.count > 1 ? inputs[1] : nil, masks.first ?? nil, masks.count > 1 ? masks[1] : nil, training: training)]
    }

    func decode(_ x: Tensor, _ encoder: Tensor?, _ decoderPadding: Tensor?, _ encoderPadding: Tensor?, training: Bool) throws -> Tensor {
        guard let p = parts else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        guard (encoder != nil) == (p.crossAttention != nil) else {
            throw LaminaError.value("Layer \"\(name)\": it was built \(p.crossAttention == nil ? "without" : "with") an encoder sequence and must be called the same way")
        }
        let selfMask = try mergedMask(decoderPadding, nil, queries: x, layer: self)
        let crossMask = try mergedMask(encoderPadding, nil, queries: x, layer: self)
        let cross: ((Tensor) throws -> Tensor)? = encoder.map { e in
            { h in try p.crossAttention!.callAsFunction(query: h, value: e, attentionMask: crossMask, training: training).output }
        }
        return try p.block(x, normalizeFirst: normalizeFirst, training: training, cross: cross) { h in
            try p.selfAttention.callAsFunction(query: h, value: h, attentionMask: selfMask, useCausalMask: true, training: training).output
        }
    }
}
