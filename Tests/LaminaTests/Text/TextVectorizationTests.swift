import Foundation
import Lamina
import Testing

/// TextVectorization's own behaviour: the Keras rules that the golden data
/// (Scripts/golden/text.py) covers only in passing, edge cases and errors.
@Suite struct TextVectorizationTests {
    @Test func vocabularyOrderIsCountThenBytesDescending() throws {
        let layer = try TextVectorization()
        try layer.adapt(["b a c", "a b", "x B"])
        // b: 3, a: 2, then c and x once each: ties go to the larger bytes first.
        #expect(layer.getVocabulary() == ["", "[UNK]", "b", "a", "x", "c"])
        #expect(layer.getVocabulary(includeSpecialTokens: false) == ["b", "a", "x", "c"])
        #expect(layer.vocabularySize() == 6)
    }

    @Test func unknownWordsAreOOVAndEmptyTextsAreZeros() throws {
        let layer = try TextVectorization(outputSequenceLength: 4)
        try layer.adapt(["the cat sat", "the dog"])
        let out = try layer(["the zebra", "", "   ", "THE CAT!"])
        let the = Int32(layer.getVocabulary().firstIndex(of: "the")!), cat = Int32(layer.getVocabulary().firstIndex(of: "cat")!)
        #expect(out.shape == [4, 4])
        #expect(out.scalars().map { Int32($0) } == [the, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, the, cat, 0, 0])
    }

    @Test func longTextsAreTruncatedAtTheEnd() throws {
        let layer = try TextVectorization(outputSequenceLength: 3, vocabulary: ["one", "two", "three", "four", "five"])
        let out = try layer(["one two three four five", "five"])
        #expect(out.scalars() == [2, 3, 4, 6, 0, 0])
    }

    @Test func withoutLengthRowsArePaddedToTheLongest() throws {
        let layer = try TextVectorization(vocabulary: ["a", "b"])
        let out = try layer(["a b a", "b", ""])
        #expect(out.shape == [3, 3])
        #expect(out.scalars() == [2, 3, 2, 3, 0, 0, 0, 0, 0])
        #expect(try layer(["", ""]).shape == [2, 0])
        #expect(try layer([]).shape == [0, 0])
    }

    @Test func standardizationFollowsKerasRegexAndASCIILowercase() throws {
        let layer = try TextVectorization()
        #expect(layer.tokenize("Hello, World! (It's) 9-5 a.m. Ünïcode £5 “x”") == ["hello", "world", "its", "95", "am", "Ünïcode", "£5", "“x”"])
        let lower = try TextVectorization(standardize: .lower)
        #expect(lower.tokenize("Don't SHOUT!") == ["don't", "shout!"])
        let strip = try TextVectorization(standardize: .stripPunctuation)
        #expect(strip.tokenize("Don't SHOUT!") == ["Dont", "SHOUT"])
        let none = try TextVectorization(standardize: nil)
        #expect(none.tokenize(" Don't\tSHOUT! ") == ["Don't", "SHOUT!"])
        let custom = try TextVectorization(standardize: .custom { $0.replacingOccurrences(of: "x", with: "y") })
        #expect(custom.tokenize("axe box") == ["aye", "boy"])
    }

    @Test func splitsAndNgrams() throws {
        let chars = try TextVectorization(standardize: nil, split: .character)
        #expect(chars.tokenize("né!") == ["n", "é", "!"])
        let whole = try TextVectorization(split: nil)
        #expect(whole.tokenize("Two Words") == ["two words"])
        let custom = try TextVectorization(standardize: nil, split: .custom { $0.split(separator: "-").map(String.init) })
        #expect(custom.tokenize("a-b-c") == ["a", "b", "c"])
        let two = try TextVectorization(ngrams: .upTo(2))
        #expect(two.tokenize("a b c") == ["a", "b", "c", "a b", "b c"])
        let widths = try TextVectorization(ngrams: .widths([3, 1]))
        #expect(widths.tokenize("a b c") == ["a b c", "a", "b", "c"])
        #expect(widths.tokenize("a b") == ["a", "b"])
    }

    @Test func maxTokensCountsTheSpecialTokens() throws {
        let layer = try TextVectorization(maxTokens: 4)
        try layer.adapt(["a a a b b c d"])
        #expect(layer.getVocabulary() == ["", "[UNK]", "a", "b"])
        let hot = try TextVectorization(maxTokens: 4, outputMode: .multiHot)
        try hot.adapt(["a a a b b c d"])
        #expect(hot.getVocabulary() == ["[UNK]", "a", "b", "d"])  // c and d tie: d's bytes sort last, so it comes first
        #expect(try hot(["c z a a"]).scalars() == [1, 1, 0, 0])
        let count = try TextVectorization(maxTokens: 4, outputMode: .count, padToMaxTokens: true)
        try count.adapt(["a b"])
        #expect(count.getVocabulary() == ["[UNK]", "b", "a"])
        #expect(try count(["c z a a"]).scalars() == [2, 0, 2, 0])
    }

    @Test func tfIdfWeightsAreKerasFormula() throws {
        let layer = try TextVectorization(outputMode: .tfIdf)
        try layer.adapt(["a b", "a a c", "a"])
        // a in 3 of 3 documents, b and c in 1 (tie: c first).
        #expect(layer.getVocabulary() == ["[UNK]", "a", "c", "b"])
        let a = Float(Foundation.log(1 + 3.0 / 4)), bc = Float(Foundation.log(1 + 3.0 / 2))
        let idf = try #require(layer.getIdfWeights())
        let expected = [(a + 2 * bc) / 3, a, bc, bc]
        for (x, y) in zip(idf, expected) { #expect(abs(x - y) < 1e-6) }
        let out = try layer(["a a q"]).scalars()
        #expect(abs(out[0] - expected[0]) < 1e-6 && abs(out[1] - 2 * a) < 1e-6 && out[2] == 0 && out[3] == 0)
    }

    @Test func adaptOnBatchesEqualsAdaptOnAll() throws {
        let texts = ["the cat", "the dog", "a cat and a dog", "the end"]
        let whole = try TextVectorization(outputMode: .tfIdf), batched = try TextVectorization(outputMode: .tfIdf)
        try whole.adapt(texts)
        try batched.adapt(batches: [Array(texts[..<1]), Array(texts[1...])])
        #expect(whole.getVocabulary() == batched.getVocabulary())
        #expect(whole.getIdfWeights() == batched.getIdfWeights())
    }

    @Test func errorsAreKerasLike() throws {
        #expect(throws: LaminaError.self) { try TextVectorization(maxTokens: 1) }
        #expect(throws: LaminaError.self) { try TextVectorization(outputMode: .count, outputSequenceLength: 3) }
        #expect(throws: LaminaError.self) { try TextVectorization(outputMode: .tfIdf, vocabulary: ["a"]) }
        #expect(throws: LaminaError.self) { try TextVectorization(vocabulary: ["a", "a"]) }
        #expect(throws: LaminaError.self) { try TextVectorization(vocabulary: ["a", ""]) }
        #expect(throws: LaminaError.self) { try TextVectorization(maxTokens: 3, vocabulary: ["a", "b"]) }
        let given = try TextVectorization(vocabulary: ["a"])
        #expect(throws: LaminaError.self) { try given.adapt(["b"]) }
        let unadapted = try TextVectorization(outputMode: .multiHot)
        #expect(throws: LaminaError.self) { try unadapted(["a"]) }
        #expect(throws: LaminaError.self) { try given(Tensor([1, 2], shape: [2])) }
    }

    @Test func givenVocabularyMayStartWithTheSpecialTokens() throws {
        let plain = try TextVectorization(vocabulary: ["a", "b"])
        let special = try TextVectorization(vocabulary: ["", "[UNK]", "a", "b"])
        #expect(plain.getVocabulary() == special.getVocabulary())
        let tfidf = try TextVectorization(outputMode: .tfIdf, vocabulary: ["a", "b"], idfWeights: [1, 3])
        #expect(tfidf.getIdfWeights() == [2, 1, 3])
    }

    @Test func configRoundTripKeepsEverything() throws {
        let layer = try TextVectorization(maxTokens: 50, standardize: .lower, split: .whitespace, ngrams: .widths([1, 2]),
                                          outputMode: .tfIdf, padToMaxTokens: true, name: "vectorize")
        try layer.adapt(["Free entry now", "call me now", "free call"])
        let config = layer.fullConfig
        #expect(config["ngrams"] == .array([1, 2]))
        #expect(config["output_mode"] == "tf_idf")
        #expect(config["vocabulary_size"] == JSONValue(layer.vocabularySize()))
        let rebuilt = try #require(try LayerRegistry.layer(className: "TextVectorization", config: config) as? TextVectorization)
        #expect(rebuilt.name == "vectorize")
        #expect(rebuilt.getVocabulary() == layer.getVocabulary())
        #expect(rebuilt.getIdfWeights() == layer.getIdfWeights())
        #expect(try rebuilt(["free now zzz"]).scalars() == (try layer(["free now zzz"]).scalars()))
        #expect(try rebuilt.computeOutputShape([[nil]]) == [[nil, 50]])
        let custom = try TextVectorization(standardize: .custom { $0 })
        #expect(throws: LaminaError.self) { try LayerRegistry.layer(className: "TextVectorization", config: custom.fullConfig) }
    }
}
