import Foundation
import Lamina

/// A small GPT-style decoder-only language model (subclassed): ``TokenAndPositionEmbedding`` →
/// `layers` × `TransformerDecoder` (causal self-attention, no cross-attention) → `Dense(vocab)`.
///
/// - Input: int32 ids `[batch, T]`, `T ≤ sequenceLength`. Output: next-token logits
///   `[batch, T, vocabularySize]`; position `t` sees only positions `0...t`.
/// - Train with `SparseCategoricalCrossentropy(fromLogits: true)` on `(ids[:, :-1], ids[:, 1:])`.
/// - ``generate(prompt:count:sampling:seed:)`` continues a prompt: greedy, with a temperature,
///   and/or restricted to the `k` most likely tokens, reproducibly for a seed.
public final class GPTLanguageModel: Model {
    public let vocabularySize: Int
    public let sequenceLength: Int
    /// Token and learned position embeddings.
    public let embeddings: TokenAndPositionEmbedding
    /// The decoder blocks.
    public let decoders: [TransformerDecoder]
    /// Hidden vectors → logits over the vocabulary.
    public let head: Dense

    /// - Parameters:
    ///   - vocabularySize: ids are in `0..<vocabularySize`.
    ///   - sequenceLength: the longest context (position table size).
    ///   - hiddenDim: model width, divisible by `numHeads`.
    ///   - intermediateDim: the feedforward width.
    ///   - layers: decoder blocks.
    public init(vocabularySize: Int, sequenceLength: Int, hiddenDim: Int = 64, numHeads: Int = 4,
                intermediateDim: Int = 128, layers: Int = 2, dropout: Float = 0, name: String? = nil) throws {
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        embeddings = try TokenAndPositionEmbedding(vocabularySize: vocabularySize, sequenceLength: sequenceLength,
                                                   embeddingDim: hiddenDim, name: "embeddings")
        decoders = (0..<layers).map {
            TransformerDecoder(intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout,
                               activation: .gelu, name: "decoder_\($0)")
        }
        head = Dense(vocabularySize, name: "lm_head")
        super.init(name: name ?? "gpt")
    }

    public override class var className: String { "GPTLanguageModel" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        var x = try embeddings(input.dtype == .int32 ? input : input.cast(to: .int32), training: training)
        for d in decoders { x = try d(x, training: training) }
        return try head(x, training: training)
    }

    /// How the next token is chosen from the logits.
    public struct Sampling: Sendable {
        /// 0 = greedy (argmax); otherwise the logits are divided by it before sampling.
        public var temperature: Float
        /// Sample only among the `k` most likely tokens; nil for all.
        public var topK: Int?
        public init(temperature: Float = 1, topK: Int? = nil) { self.temperature = temperature; self.topK = topK }
        /// Always the most likely token.
        public static let greedy = Sampling(temperature: 0)
    }

    /// Continues `prompt` by `count` tokens (the prompt is not repeated in the result). The
    /// context is the last `sequenceLength` tokens. The same seed gives the same tokens.
    public func generate(prompt: [Int32], count: Int, sampling: Sampling = .greedy, seed: UInt64 = 0) throws -> [Int32] {
        var rng = SplitMix64(seed: seed)
        var tokens = prompt.isEmpty ? [Int32(0)] : prompt
        var out: [Int32] = []
        for _ in 0..<count {
            let context = Array(tokens.suffix(sequenceLength))
            let logits = try noGrad { try self(Tensor(context, shape: [1, context.count])) }
            let all = logits.scalars()
            let last = Array(all[(context.count - 1) * vocabularySize ..< context.count * vocabularySize])
            let next = Int32(GPTLanguageModel.sample(logits: last, sampling: sampling, rng: &rng))
            tokens.append(next)
            out.append(next)
        }
        return out
    }

    /// Picks a token index from one row of logits (see ``Sampling``).
    public static func sample(logits: [Float], sampling: Sampling, rng: inout SplitMix64) -> Int {
        let order = logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        if sampling.temperature <= 0 { return order[0] }
        let kept = Array(order.prefix(max(1, min(sampling.topK ?? logits.count, logits.count))))
        let scaled = kept.map { Double(logits[$0] / sampling.temperature) }
        let top = scaled.max()!
        let weights = scaled.map { exp($0 - top) }
        var u = rng.nextUnit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return kept[i] }
        }
        return kept[kept.count - 1]
    }
}

/// A small seeded random generator (SplitMix64) for reproducible sampling.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `[0, 1)`.
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
