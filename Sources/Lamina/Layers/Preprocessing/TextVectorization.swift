/// Turns strings into token indices or bag-of-words vectors (`keras.layers.TextVectorization`).
///
/// Each text is standardized (``Standardize``), split into tokens (``Split``), optionally turned
/// into n-grams (``Ngrams``), then looked up in the vocabulary:
///
/// - `.int`: one index per token; 0 is the padding (mask) token `""`, 1 the out-of-vocabulary
///   token `"[UNK]"`, learned tokens start at 2. Rows are padded with 0 (or cut) at the end to
///   `outputSequenceLength`, or to the longest row. Output: int32 `[N, length]`; without a split
///   and without `outputSequenceLength`, int32 `[N]` (one token per text, as Keras).
/// - `.multiHot`, `.count`, `.tfIdf`: a float32 `[N, depth]` vector per text (presence, count, or
///   count × idf weight); index 0 is `"[UNK]"` and there is no mask token. `depth` is the
///   vocabulary size, or `maxTokens` with `padToMaxTokens`.
///
/// The vocabulary is given (`vocabulary:`) or learned by ``adapt(_:)``: tokens by frequency,
/// most frequent first, ties broken by the tokens' UTF-8 bytes in *descending* order (NumPy
/// `lexsort` reversed, as Keras), cut to `maxTokens` including the special tokens.
///
/// ```swift
/// let vectorizer = try TextVectorization(maxTokens: 1000, outputSequenceLength: 20)
/// try vectorizer.adapt(trainTexts)
/// let ids = try vectorizer(["Free entry in 2 a wkly comp"])   // int32 [1, 20]
/// ```
///
/// Strings cannot be ``Tensor``s, so call it with `[String]` (``callAsFunction(_:)-([String])``);
/// as a ``Layer`` in a model it only provides its config. It has no weights.
public final class TextVectorization: Layer {
    /// What the layer outputs for each text (Keras `output_mode`).
    public enum OutputMode: String, Sendable {
        case int
        case multiHot = "multi_hot"
        case count
        case tfIdf = "tf_idf"
    }

    public let maxTokens: Int?
    public let standardize: Standardize?
    public let split: Split?
    public let ngrams: Ngrams?
    public let outputMode: OutputMode
    public let outputSequenceLength: Int?
    public let padToMaxTokens: Bool
    /// Whether the vocabulary was given at construction (such a layer cannot be adapted, as in Keras).
    public let hasInputVocabulary: Bool

    /// Learned or given tokens, without the special tokens, in index order.
    var tokens: [TokenBytes] = []
    /// Token → output index (``tokenStartIndex`` + position in `tokens`).
    var lookup: [TokenBytes: Int] = [:]
    /// IDF weight per output index (tf_idf only), padded with zeros to `maxTokens` with `padToMaxTokens`.
    var idfWeights: [Float]?

    /// The mask (padding) token of int mode.
    public static let maskToken = ""
    /// The out-of-vocabulary token.
    public static let oovToken = "[UNK]"

    /// - Parameters:
    ///   - maxTokens: the largest vocabulary, special tokens included (at least 2); nil for no limit.
    ///   - standardize: cleaning before splitting, nil for none.
    ///   - split: tokenization, nil to keep each text as one token.
    ///   - ngrams: n-grams to make from the tokens, nil for the tokens themselves.
    ///   - outputMode: indices or a vector per text.
    ///   - outputSequenceLength: int mode only: the exact length of every row.
    ///   - padToMaxTokens: vector modes only: make the vectors `maxTokens` long.
    ///   - vocabulary: the tokens, optionally starting with the special tokens (`""`, `"[UNK]"`
    ///     in int mode, `"[UNK]"` otherwise); a layer with a given vocabulary cannot adapt.
    ///   - idfWeights: tf_idf only, required with `vocabulary`: one weight per vocabulary entry.
    public init(maxTokens: Int? = nil, standardize: Standardize? = .lowerAndStripPunctuation, split: Split? = .whitespace,
                ngrams: Ngrams? = nil, outputMode: OutputMode = .int, outputSequenceLength: Int? = nil,
                padToMaxTokens: Bool = false, vocabulary: [String]? = nil, idfWeights: [Float]? = nil,
                name: String? = nil) throws {
        if let maxTokens, maxTokens <= 1 {
            throw LaminaError.value("If set, `max_tokens` must be greater than 1. Received: max_tokens=\(maxTokens)")
        }
        if case .upTo(let n)? = ngrams, n < 1 {
            throw LaminaError.value("`ngrams` must be None, a positive integer, or a tuple of integers. Received: ngrams=\(n)")
        }
        if case .widths(let w)? = ngrams, w.isEmpty || w.contains(where: { $0 < 1 }) {
            throw LaminaError.value("`ngrams` widths must be positive integers. Received: ngrams=\(w)")
        }
        if outputMode != .int && outputSequenceLength != nil {
            throw LaminaError.value("`output_sequence_length` must not be set if `output_mode` is not 'int'. Received output_sequence_length=\(outputSequenceLength!).")
        }
        if let l = outputSequenceLength, l < 0 {
            throw LaminaError.value("`output_sequence_length` must be nil or a non-negative integer. Received: \(l)")
        }
        if padToMaxTokens && outputMode != .int && maxTokens == nil {
            throw LaminaError.value("`pad_to_max_tokens` needs `max_tokens` to be set")
        }
        if idfWeights != nil && outputMode != .tfIdf {
            throw LaminaError.value("`idf_weights` should only be set if `output_mode` is 'tf_idf'. Received: output_mode=\(outputMode.rawValue)")
        }
        if outputMode == .tfIdf && vocabulary != nil && idfWeights == nil {
            throw LaminaError.value("When specifying the `vocabulary` argument, in TF-IDF output mode, the `idf_weights` argument must also be provided.")
        }
        self.maxTokens = maxTokens
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.outputMode = outputMode
        self.outputSequenceLength = outputSequenceLength
        self.padToMaxTokens = padToMaxTokens
        hasInputVocabulary = vocabulary != nil
        super.init(name: name)
        if let vocabulary { try setVocabulary(vocabulary, idfWeights: idfWeights) }
    }

    public override class var className: String { "TextVectorization" }

    /// The index of the OOV token: 1 in int mode (after the mask), else 0.
    public var oovIndex: Int { outputMode == .int ? 1 : 0 }
    /// The index of the first real token: 2 in int mode, else 1.
    public var tokenStartIndex: Int { oovIndex + 1 }

    /// The vocabulary in index order; with special tokens, a token's position is its index.
    public func getVocabulary(includeSpecialTokens: Bool = true) -> [String] {
        let words = tokens.map { String(decoding: $0, as: UTF8.self) }
        guard includeSpecialTokens else { return words }
        return (outputMode == .int ? [Self.maskToken, Self.oovToken] : [Self.oovToken]) + words
    }

    /// Vocabulary size including the special tokens.
    public func vocabularySize() -> Int { tokenStartIndex + tokens.count }

    /// The idf weights per output index (tf_idf mode, after adapt or with given weights).
    public func getIdfWeights() -> [Float]? { idfWeights }

    /// The tokens of one text after standardize, split and n-grams (what the vocabulary holds).
    public func tokenize(_ text: String) -> [String] {
        TextTokenizer.tokens(text, standardize: standardize, split: split, ngrams: ngrams).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The output index of each token of `text` (the mask token `""` gives -1 outside int mode,
    /// where it is dropped).
    func indices(_ text: String) -> [Int] {
        TextTokenizer.tokens(text, standardize: standardize, split: split, ngrams: ngrams).map { t in
            if t.isEmpty { return outputMode == .int ? 0 : -1 }
            return lookup[t] ?? oovIndex
        }
    }

    /// The vector length of the non-int modes.
    var depth: Int { padToMaxTokens ? (maxTokens ?? vocabularySize()) : vocabularySize() }

    /// Vectorizes texts: int32 `[N, length]` in int mode (`[N]` without split and length),
    /// float32 `[N, depth]` otherwise.
    /// - Throws: in vector modes without a vocabulary (nothing given or adapted).
    public func callAsFunction(_ texts: [String]) throws -> Tensor {
        let rows = texts.map(indices)
        if outputMode == .int && split == nil && outputSequenceLength == nil {
            return Tensor(rows.map { Int32($0.first ?? 0) }, shape: [texts.count])  // one token per text, as Keras: [N]
        }
        if outputMode == .int {
            let length = outputSequenceLength ?? rows.map(\.count).max() ?? 0
            var data = [Int32](repeating: 0, count: texts.count * length)
            for (r, row) in rows.enumerated() {
                for (j, v) in row.prefix(length).enumerated() { data[r * length + j] = Int32(v) }
            }
            return Tensor(data, shape: [texts.count, length])
        }
        guard vocabularySize() > tokenStartIndex || padToMaxTokens else {
            throw LaminaError.state("Layer \"\(name)\": When using `output_mode=\(outputMode.rawValue)` and `pad_to_max_tokens=False`, you must set the layer's vocabulary before calling it. Either pass a `vocabulary` argument to the layer, or call `adapt` with some sample data.")
        }
        let depth = self.depth
        if outputMode == .tfIdf && idfWeights == nil {
            throw LaminaError.state("Layer \"\(name)\": When `output_mode` is 'tf_idf', `idf_weights` must be provided (adapt the layer or pass them).")
        }
        var data = [Float](repeating: 0, count: texts.count * depth)
        for (r, row) in rows.enumerated() {
            for v in row where v >= 0 && v < depth {
                switch outputMode {
                case .multiHot: data[r * depth + v] = 1
                default: data[r * depth + v] += 1
                }
            }
        }
        if outputMode == .tfIdf, let idf = idfWeights {
            for r in 0..<texts.count {
                for j in 0..<depth { data[r * depth + j] *= j < idf.count ? idf[j] : 0 }
            }
        }
        return Tensor(data, shape: [texts.count, depth])
    }

    /// Tensors cannot hold strings: call the layer with `[String]` instead.
    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw LaminaError(.unsupported, "Layer \"\(name)\" (TextVectorization) takes strings: call it with an array of String, `layer([\"some text\"])`, not with a Tensor")
    }

    /// Keras's `get_config`, with the current vocabulary (see `TextVectorization+Vocabulary.swift`).
    public override var config: [String: JSONValue] { kerasConfig }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let batch = inputShapes.first?.first ?? nil
        if outputMode == .int && split == nil && outputSequenceLength == nil { return [[batch]] }
        return [outputMode == .int ? [batch, outputSequenceLength] : [batch, depth]]
    }
}
