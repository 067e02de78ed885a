import ArgumentParser
import Foundation
import Lamina
import LaminaModels

/// `lamina generate`: trains the small GPT-style model on the SMS messages, then samples text.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Train the GPT-style decoder (Models/Text) briefly on the SMS Spam messages and print a generated sample.")

    enum Level: String, ExpressibleByArgument, CaseIterable { case char, word }

    @Option(help: "Tokens: characters or words.") var level: Level = .char
    @Option(help: "Folder holding the datasets (Data/ of the repository by default).") var dataDir: String?
    @Option(help: "Training epochs.") var epochs = 2
    @Option(help: "Context length (tokens per training window).") var sequenceLength = 64
    @Option(help: "Training windows (at most).") var windows = 3000
    @Option(help: "Word vocabulary size (word level).") var vocabSize = 2000
    @Option(help: "Prompt to continue.") var prompt = "Free entry"
    @Option(help: "Tokens to generate.") var length = 200
    @Option(help: "Sampling temperature (0 = greedy).") var temperature: Float = 0.8
    @Option(help: "Sample among the k most likely tokens (0 = all).") var topK = 10
    @Option(help: "Random seed (weights, shuffling, sampling).") var seed = 42
    @Option(help: "Progress output: 0 silent, 1 progress bar, 2 one line per epoch.") var verbose = 2

    func run() throws {
        setRandomSeed(seed)
        let root = dataDir ?? TrainCommand.defaultDataDirectory()
        let texts = try Datasets.smsSpam(directory: root + "/text/sms-spam-collection").texts
        let tokenizer = try Tokenizer(level: level, texts: texts, vocabSize: vocabSize)
        let stream = texts.flatMap { tokenizer.encode($0) + [tokenizer.separator] }
        let stride = max(1, min(sequenceLength, (stream.count - sequenceLength - 1) / max(windows, 1)))
        let starts = Array(stride_sequence(0, stream.count - sequenceLength - 1, stride).prefix(windows))
        var x: [Int32] = [], y: [Int32] = []
        for s in starts {
            x += stream[s ..< s + sequenceLength]
            y += stream[s + 1 ... s + sequenceLength]
        }
        print("\(level.rawValue) level: \(stream.count) tokens, vocabulary \(tokenizer.vocabulary.count), \(starts.count) windows of \(sequenceLength)")
        let model = try GPTLanguageModel(vocabularySize: tokenizer.vocabulary.count, sequenceLength: sequenceLength)
        try model.compile(optimizer: Adam(learningRate: 0.003), loss: SparseCategoricalCrossentropy(fromLogits: true))
        let t0 = Date()
        let h = try model.fit(Tensor(x, shape: [starts.count, sequenceLength]), Tensor(y, shape: [starts.count, sequenceLength]),
                              batchSize: 32, epochs: epochs, verbose: verbose)
        print(String(format: "%d parameters, final loss %.4f, %.1f s per epoch", model.countParams(),
                     h.history["loss"]?.last ?? .nan, Date().timeIntervalSince(t0) / Double(max(epochs, 1))))
        let sampling = GPTLanguageModel.Sampling(temperature: temperature, topK: topK > 0 ? topK : nil)
        let ids = try model.generate(prompt: tokenizer.encode(prompt), count: length, sampling: sampling, seed: UInt64(seed))
        print("--- sample (temperature \(temperature), top-k \(topK), seed \(seed)) ---")
        print(prompt + (level == .word ? " " : "") + tokenizer.decode(ids))
    }
}

private func stride_sequence(_ from: Int, _ to: Int, _ by: Int) -> StrideTo<Int> { stride(from: from, to: max(from, to), by: by) }

/// Characters (by frequency) or TextVectorization words; id 0 is unused padding.
private struct Tokenizer {
    var level: GenerateCommand.Level
    var vocabulary: [String]
    var index: [String: Int32] = [:]
    var vectorizer: TextVectorization?

    init(level: GenerateCommand.Level, texts: [String], vocabSize: Int) throws {
        self.level = level
        if level == .char {
            var counts: [Character: Int] = [:]
            for t in texts { for c in t { counts[c, default: 0] += 1 } }
            vocabulary = ["", "\n"] + counts.keys.sorted { (counts[$0]!, String($1)) > (counts[$1]!, String($0)) }.map(String.init)
        } else {
            let v = try TextVectorization(maxTokens: vocabSize)
            try v.adapt(texts)
            vectorizer = v
            vocabulary = v.getVocabulary() + ["\n"]
        }
        for (i, s) in vocabulary.enumerated() where index[s] == nil { index[s] = Int32(i) }
    }

    var separator: Int32 { index["\n"]! }

    func encode(_ text: String) -> [Int32] {
        if level == .char { return text.compactMap { index[String($0)] } }
        return ((try? vectorizer!([text]).intScalars()) ?? []).filter { $0 != 0 }
    }

    func decode(_ ids: [Int32]) -> String {
        let parts = ids.map { Int($0) < vocabulary.count ? vocabulary[Int($0)] : "?" }
        if level == .char { return parts.joined() }
        return parts.joined(separator: " ").replacingOccurrences(of: " \n ", with: "\n")
    }
}
