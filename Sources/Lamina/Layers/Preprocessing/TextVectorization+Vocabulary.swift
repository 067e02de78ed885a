import Foundation

extension TextVectorization {
    /// Learns the vocabulary (and, in tf_idf mode, the idf weights) from texts, replacing any
    /// learned before (Keras `adapt` of a list of strings).
    ///
    /// Tokens are ranked by count, most frequent first; ties go to the token whose UTF-8 bytes
    /// sort *last*. The mask `""` and `"[UNK]"` are never learned. With `maxTokens`, the first
    /// `maxTokens - tokenStartIndex` are kept. tf_idf weights are `log(1 + N / (1 + df))` with N
    /// the number of texts and df the number of texts holding the token; the OOV entry gets
    /// their mean. Adapting on no tokens at all keeps the previous vocabulary, as Keras does.
    /// - Throws: if the vocabulary was given at construction.
    public func adapt(_ texts: [String]) throws {
        try adapt(batches: [texts])
    }

    /// Learns the vocabulary from a sequence of batches of texts (Keras `adapt` of a dataset):
    /// the same result as adapting on all the texts at once.
    public func adapt<S: Sequence>(batches: S) throws where S.Element == [String] {
        guard !hasInputVocabulary else {
            throw LaminaError.state("Cannot adapt layer '\(name)' after setting a static vocabulary via `vocabulary` argument or `set_vocabulary()` method.")
        }
        var counts: [TokenBytes: Int] = [:]
        var documentCounts: [TokenBytes: Int] = [:]
        var documents = 0
        for batch in batches {
            for text in batch {
                let toks = TextTokenizer.tokens(text, standardize: standardize, split: split, ngrams: ngrams)
                for t in toks { counts[t, default: 0] += 1 }
                if outputMode == .tfIdf {
                    for t in Set(toks) { documentCounts[t, default: 0] += 1 }
                    documents += 1
                }
            }
        }
        guard !counts.isEmpty else { return }
        counts[Array(Self.maskToken.utf8)] = nil
        counts[Array(Self.oovToken.utf8)] = nil
        var ranked = counts.sorted { a, b in
            a.value != b.value ? a.value > b.value : b.key.lexicographicallyPrecedes(a.key)
        }.map(\.key)
        if let maxTokens { ranked = Array(ranked.prefix(max(0, maxTokens - tokenStartIndex))) }
        setTokens(ranked)
        if outputMode == .tfIdf {
            let idf = ranked.map { t in Float(Foundation.log(1 + Double(documents) / (1 + Double(documentCounts[t] ?? 0)))) }
            let mean = idf.isEmpty ? 0 : idf.reduce(0, +) / Float(idf.count)
            idfWeights = padIdf(Array(repeating: mean, count: tokenStartIndex) + idf)
        }
    }

    /// Sets the vocabulary directly (Keras `set_vocabulary`). It may start with the special tokens
    /// (`""`, `"[UNK]"` in int mode; `"[UNK]"` otherwise), which are then not tokens themselves.
    /// - Parameter idfWeights: tf_idf only: one weight per vocabulary entry; without the special
    ///   tokens in `vocabulary`, the OOV entry gets the weights' mean.
    /// - Throws: for an empty vocabulary, repeated tokens, a misplaced mask token `""`, more than
    ///   `maxTokens` entries, or idf weights of the wrong length.
    public func setVocabulary(_ vocabulary: [String], idfWeights: [Float]? = nil) throws {
        guard !vocabulary.isEmpty else { throw LaminaError.value("Cannot set an empty vocabulary. Received: vocabulary=[]") }
        let special = outputMode == .int ? [Self.maskToken, Self.oovToken] : [Self.oovToken]
        let foundSpecial = Array(vocabulary.prefix(special.count)).map { Array($0.utf8) } == special.map { Array($0.utf8) }
        let words = (foundSpecial ? Array(vocabulary.dropFirst(special.count)) : vocabulary).map { TokenBytes($0.utf8) }
        var seen = Set<TokenBytes>(), repeated: [String] = []
        for w in words where !seen.insert(w).inserted { repeated.append(String(decoding: w, as: UTF8.self)) }
        guard repeated.isEmpty else {
            throw LaminaError.value("The passed vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: \(repeated)")
        }
        if let i = words.firstIndex(of: []) {
            throw LaminaError.value("Found reserved mask token at unexpected location in `vocabulary` (index \(i + (foundSpecial ? special.count : 0))). Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: \(special)")
        }
        if let maxTokens, tokenStartIndex + words.count > maxTokens {
            throw LaminaError.value("Attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is \(tokenStartIndex + words.count); `max_tokens` is \(maxTokens).")
        }
        if outputMode == .tfIdf, let idfWeights {
            guard idfWeights.count == vocabulary.count else {
                throw LaminaError.value("`idf_weights` must be the same length as vocabulary. len(idf_weights) is \(idfWeights.count); len(vocabulary) is \(vocabulary.count)")
            }
            let mean = idfWeights.isEmpty ? 0 : idfWeights.reduce(0, +) / Float(idfWeights.count)
            self.idfWeights = padIdf(foundSpecial ? idfWeights : Array(repeating: mean, count: tokenStartIndex) + idfWeights)
        }
        setTokens(words)
    }

    func setTokens(_ words: [TokenBytes]) {
        tokens = words
        lookup = [:]
        for (i, w) in words.enumerated() { lookup[w] = tokenStartIndex + i }
    }

    /// With `padToMaxTokens`, zeros up to `maxTokens`.
    func padIdf(_ w: [Float]) -> [Float] {
        guard padToMaxTokens, let maxTokens, w.count < maxTokens else { return w }
        return w + Array(repeating: 0, count: maxTokens - w.count)
    }
}

// MARK: - Config

extension TextVectorization {
    /// Keras's `get_config` keys (``config``). Unlike Keras, which keeps an adapted vocabulary in the saved
    /// model's assets and writes `vocabulary: null`, Lamina writes the current vocabulary (with
    /// the special tokens) and idf weights, so a config alone rebuilds the layer; Keras loads
    /// such a config too. Custom standardize/split functions are written as
    /// `{"class_name": "function", "config": "custom"}` and cannot be rebuilt.
    var kerasConfig: [String: JSONValue] {
        func fn(_ name: String?) -> JSONValue {
            name.map { .string($0) } ?? ["module": "builtins", "class_name": "function", "config": "custom", "registered_name": "function"]
        }
        var standardizeValue: JSONValue = nil
        if let standardize { standardizeValue = fn(standardize.kerasName) }
        var splitValue: JSONValue = nil
        if let split { splitValue = fn(split.kerasName) }
        var ngramsValue: JSONValue = nil
        switch ngrams {
        case .upTo(let n)?: ngramsValue = JSONValue(n)
        case .widths(let w)?: ngramsValue = .array(w.map { JSONValue($0) })
        case nil: break
        }
        let hasVocabulary = !tokens.isEmpty
        var idf: JSONValue = nil
        if hasVocabulary, let idfWeights {
            idf = .array(idfWeights.prefix(vocabularySize()).map { JSONValue($0) })
        }
        return [
            "max_tokens": maxTokens.map { JSONValue($0) } ?? nil,
            "standardize": standardizeValue,
            "split": splitValue,
            "ngrams": ngramsValue,
            "output_mode": .string(outputMode.rawValue),
            "output_sequence_length": outputSequenceLength.map { JSONValue($0) } ?? nil,
            "pad_to_max_tokens": .bool(padToMaxTokens),
            "sparse": false,
            "ragged": false,
            "vocabulary": hasVocabulary ? .array(getVocabulary().map { .string($0) }) : nil,
            "idf_weights": idf,
            "encoding": "utf-8",
            "vocabulary_size": JSONValue(vocabularySize()),
        ]
    }

    /// Rebuilds a layer from its Keras config (``config``, or one written by Keras).
    /// - Throws: for custom functions, `sparse` or `ragged` output, or a non-UTF-8 encoding.
    public static func fromConfig(_ c: [String: JSONValue]) throws -> TextVectorization {
        func option<T>(_ key: String, _ make: (String) -> T?) throws -> T? {
            guard let v = c[key], !v.isNull else { return nil }
            guard let s = v.string else {
                throw LaminaError(.unsupported, "TextVectorization config: \"\(key)\" = \(v) is a custom function, which a config cannot hold; build the layer in Swift with .custom")
            }
            guard let made = make(s) else { throw LaminaError.value("TextVectorization config: unknown \"\(key)\" value '\(s)'") }
            return made
        }
        // An absent key means Keras's default; an explicit null means none.
        let standardize: Standardize? = c["standardize"] == nil ? .lowerAndStripPunctuation : try option("standardize", Standardize.init(kerasName:))
        let split: Split? = c["split"] == nil ? .whitespace : try option("split", Split.init(kerasName:))
        var ngrams: Ngrams?
        if let n = c["ngrams"], !n.isNull {
            if let i = n.int { ngrams = .upTo(i) } else if let w = n.ints { ngrams = .widths(w) } else {
                throw LaminaError.value("TextVectorization config: `ngrams` must be null, an integer or a list of integers. Received: \(n)")
            }
        }
        let modeName = c["output_mode"]?.string ?? "int"
        guard let mode = OutputMode(rawValue: modeName) else {
            throw LaminaError.value("TextVectorization config: unknown output_mode '\(modeName)' (expected int, multi_hot, count or tf_idf)")
        }
        if c["sparse"]?.bool == true || c["ragged"]?.bool == true {
            throw LaminaError(.unsupported, "TextVectorization config: sparse and ragged outputs are not supported by Lamina")
        }
        if let e = c["encoding"]?.string, e.lowercased().replacingOccurrences(of: "-", with: "") != "utf8" {
            throw LaminaError(.unsupported, "TextVectorization config: only the utf-8 encoding is supported. Received: \(e)")
        }
        let vocabulary = try c["vocabulary"].flatMap { v -> [String]? in
            if v.isNull { return nil }
            guard let a = v.array else { throw LaminaError.value("TextVectorization config: `vocabulary` must be a list of strings (a vocabulary file path is not supported). Received: \(v)") }
            return try a.map { e in
                guard let s = e.string else { throw LaminaError.value("TextVectorization config: vocabulary entry \(e) is not a string") }
                return s
            }
        }
        return try TextVectorization(maxTokens: c["max_tokens"]?.int, standardize: standardize, split: split, ngrams: ngrams,
                                     outputMode: mode, outputSequenceLength: c["output_sequence_length"]?.int,
                                     padToMaxTokens: c["pad_to_max_tokens"]?.bool ?? false, vocabulary: vocabulary,
                                     idfWeights: c["idf_weights"]?.flatFloats, name: c.name)
    }
}
