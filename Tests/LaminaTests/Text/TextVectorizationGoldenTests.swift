import Lamina
import Testing

/// TextVectorization and padSequences against real Keras: golden data written by
/// Scripts/golden/text.py (Keras 3.15 TextVectorization, which runs on TensorFlow's string ops)
/// on real lines of the SMS Spam Collection and the Sentiment Labelled Sentences. Each case
/// rebuilds the layer from Keras's own `get_config()` through LayerRegistry, adapts it on the
/// same texts (unless Keras was given a vocabulary), and compares the vocabulary and idf weights
/// exactly or within 1e-5 and the outputs exactly (int, multi_hot, count) or within 1e-5 (tf_idf).
@Suite struct TextVectorizationGoldenTests {
    static let fixture = try! Fixture("text")
    static let script = "Scripts/golden/text.py"

    static var texts: [String: [String]] {
        let c = fixture.cases.first { $0["kind"]?.string == "texts" }
        var out: [String: [String]] = [:]
        for key in ["ADAPT", "CALL", "CALL_VECTOR"] { out[key] = c?[key]?.array?.compactMap(\.string) ?? [] }
        return out
    }

    static func strings(_ v: JSONValue?) -> [String]? {
        if let key = v?.string { return texts[key] }
        return v?.array?.compactMap(\.string)
    }

    static let layerCases = fixture.cases.indices.filter { fixture.cases[$0]["kind"]?.string == "text_vectorization" }
    static let padCases = fixture.cases.indices.filter { fixture.cases[$0]["kind"]?.string == "pad_sequences" }

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == Self.script)
        #expect(Self.layerCases.count >= 15)
        #expect(Self.padCases.count >= 5)
        #expect(Self.texts["ADAPT"]?.count == 300)
    }

    /// The fixture's texts are the first lines of the repository's files, as the Swift loaders read them.
    @Test func fixtureTextsAreTheRealLines() throws {
        let sms = try Datasets.smsSpam(directory: RepoData.text + "/sms-spam-collection").texts
        let amazon = try Datasets.sentiment(directory: RepoData.text + "/sentiment-labelled-sentences", sources: [.amazon]).texts
        let imdb = try Datasets.sentiment(directory: RepoData.text + "/sentiment-labelled-sentences", sources: [.imdb]).texts
        let yelp = try Datasets.sentiment(directory: RepoData.text + "/sentiment-labelled-sentences", sources: [.yelp]).texts
        let expected = Array(sms[..<150]) + Array(amazon[..<50]) + Array(imdb[..<50]) + Array(yelp[..<50])
        #expect(Self.texts["ADAPT"] == expected, "\(Self.script): ADAPT texts differ from Datasets.smsSpam/sentiment")
        #expect(Self.texts["CALL"]?.prefix(20).elementsEqual(sms[150..<170]) == true)
    }

    @Test(arguments: layerCases)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let what = "\(Self.script) case \(c["name"]?.string ?? "?")"
        let config = try #require(c["config"]?.object)
        let layer = try #require(try LayerRegistry.layer(className: "TextVectorization", config: config) as? TextVectorization)
        if c["given_vocabulary"] == nil {
            try layer.adapt(try #require(Self.strings(c["adapt"]), "\(what): adapt texts"))
        }
        let expectedVocabulary = try #require(Self.strings(c["vocabulary"]))
        let vocabulary = layer.getVocabulary()
        #expect(vocabulary.count == expectedVocabulary.count, "\(what): vocabulary size")
        if let i = vocabulary.indices.first(where: { $0 < expectedVocabulary.count && vocabulary[$0] != expectedVocabulary[$0] }) {
            Issue.record("\(what): vocabulary differs first at index \(i): '\(vocabulary[i])' vs Keras '\(expectedVocabulary[i])'")
        }
        #expect(layer.vocabularySize() == c["vocabulary_size"]?.int, "\(what): vocabularySize")
        if let idf = c["idf_weights"]?.tensor {
            let mine = try #require(layer.getIdfWeights(), "\(what): no idf weights")
            expectClose(Tensor(mine, shape: [mine.count]), idf, rtol: 1e-5, atol: 1e-6, "\(what): idf weights")
        }
        let call = try #require(Self.strings(c["call"]))
        let expected = try c.tensor("output")
        let output = try layer(call)
        if layer.outputMode == .int {
            #expect(output.dtype == .int32, "\(what): int mode gives int32")
            #expect(output.shape == expected.shape, "\(what): shape \(output.shape) vs Keras \(expected.shape)")
            if output.shape == expected.shape {
                let a = output.scalars(), e = expected.scalars()
                if let i = a.indices.first(where: { a[$0] != e[$0] }) {
                    Issue.record("\(what): index \(i) is \(a[i]), Keras \(e[i])")
                }
            }
        } else {
            #expect(output.dtype == .float32, "\(what): vector modes give float32")
            let tolerance: Float = layer.outputMode == .tfIdf ? 1e-5 : 0
            expectClose(output, expected.cast(to: .float32), rtol: tolerance, atol: tolerance, what)
        }
        // The layer's own config rebuilds an equivalent layer (with the vocabulary in it).
        let rebuilt = try #require(try LayerRegistry.layer(className: "TextVectorization", config: layer.fullConfig) as? TextVectorization)
        #expect(rebuilt.getVocabulary() == vocabulary, "\(what): vocabulary after a config round trip")
        #expect(try rebuilt(call).scalars() == output.scalars(), "\(what): outputs after a config round trip")
    }

    @Test(arguments: padCases)
    func padSequencesMatchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let what = "\(Self.script) case \(c["name"]?.string ?? "?")"
        let sequences = try #require(c["sequences"]?.array).map { ($0.ints ?? []).map { Int32($0) } }
        let kw = c["kwargs"]?.object ?? [:]
        let padded = padSequences(sequences, maxlen: kw["maxlen"]?.int,
                                  padding: SequenceEnd(rawValue: kw["padding"]?.string ?? "pre")!,
                                  truncating: SequenceEnd(rawValue: kw["truncating"]?.string ?? "pre")!,
                                  value: Int32(kw["value"]?.int ?? 0))
        let expected = try c.tensor("output")
        #expect(padded.dtype == .int32)
        #expect(padded.shape == expected.shape, "\(what): shape")
        #expect(padded.scalars() == expected.scalars(), "\(what): values")
    }
}
