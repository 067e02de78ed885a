/// Keras's attention call options `use_causal_mask` and `return_attention_scores`, which
/// Functional configs record as call arguments (``BaseDenseAttention``, ``MultiHeadAttention``).
protocol AttentionCallOptions: Layer {
    var useCausalMask: Bool { get set }
    var returnAttentionScores: Bool { get set }
}

extension AttentionCallOptions {
    /// The options that are set, as call arguments (`return_attention_scores` only when `includingScores`).
    func attentionCallArguments(includingScores: Bool = true) -> [String: JSONValue] {
        var a: [String: JSONValue] = [:]
        if useCausalMask { a["use_causal_mask"] = true }
        if includingScores && returnAttentionScores { a["return_attention_scores"] = true }
        return a
    }

    /// Sets the options found in `arguments` (`return_attention_scores` only when `includingScores`)
    /// and returns the other arguments.
    func takeAttentionCallArguments(_ arguments: [String: JSONValue], includingScores: Bool = true) -> [String: JSONValue] {
        var rest = arguments
        if let v = rest.removeValue(forKey: "use_causal_mask") { useCausalMask = v.bool ?? false }
        if includingScores, let v = rest.removeValue(forKey: "return_attention_scores") { returnAttentionScores = v.bool ?? false }
        return rest
    }
}
