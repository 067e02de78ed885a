import ArgumentParser
import Foundation
import Lamina
import LaminaModels

/// `lamina train-text`: a text classifier from `LaminaModels` on the SMS Spam or Sentiment data.
struct TrainTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-text",
        abstract: "Train a text classifier (Models/Text) on SMS Spam or Sentiment Labelled Sentences and evaluate it.")

    enum ModelName: String, ExpressibleByArgument, CaseIterable { case rnn, lstm, gru, bilstm, attention, bert }
    enum DatasetName: String, ExpressibleByArgument, CaseIterable { case sms, sentiment }

    @Option(help: "Model: \(ModelName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: ModelName = .rnn
    @Option(help: "Dataset: sms (spam vs ham) or sentiment (negative vs positive).")
    var dataset: DatasetName = .sms
    @Option(help: "Folder holding the datasets (Data/ of the repository by default).")
    var dataDir: String?
    @Option(help: "Training epochs.") var epochs = 3
    @Option(help: "Batch size.") var batchSize = 32
    @Option(help: "Vocabulary size (TextVectorization max_tokens, special tokens included).") var vocabSize = 10_000
    @Option(help: "Token ids per text (padded/cut at the end).") var sequenceLength = 40
    @Option(help: "Adam learning rate (default 0.01; 0.001 for bert).") var learningRate: Float?
    @Option(help: "Random seed (split, weights, shuffling).") var seed = 42
    @Option(help: "Write the vectorized int32 splits as JSON here (for Scripts/compare/text_keras.py).") var export: String?
    @Option(help: "Progress output: 0 silent, 1 progress bar, 2 one line per epoch.") var verbose = 2

    func run() throws {
        setRandomSeed(seed)
        let data = try TextSplits.load(dataset.rawValue, root: dataDir ?? TrainCommand.defaultDataDirectory(), seed: seed)
        let vectorizer = try TextVectorization(maxTokens: vocabSize, outputSequenceLength: sequenceLength)
        try vectorizer.adapt(data.trainTexts)
        let trainX = nonEmpty(try vectorizer(data.trainTexts)), testX = nonEmpty(try vectorizer(data.testTexts))
        let vocab = vectorizer.vocabularySize()
        print("\(dataset.rawValue): \(data.trainTexts.count) training and \(data.testTexts.count) test texts, vocabulary \(vocab), length \(sequenceLength)")
        if let export {
            try TextSplits.exportJSON(path: export, trainX: trainX, trainY: data.trainY, testX: testX, testY: data.testY,
                                      vocabularySize: vocab, classes: 2)
            print("wrote the vectorized splits to \(export)")
        }
        let net = try makeModel(vocabularySize: vocab)
        let lr = learningRate ?? (model == .bert ? 0.001 : 0.01)
        try net.compile(optimizer: Adam(learningRate: .constant(lr)), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let inputs: (Tensor) -> [Tensor] = { model == .attention ? [$0, TextClassifiers.paddingMask($0)] : [$0] }
        let t0 = Date()
        try net.fit(inputs(trainX), [data.trainY], batchSize: batchSize, epochs: epochs, verbose: verbose)
        let seconds = Date().timeIntervalSince(t0)
        let probabilities = try net.predict(inputs(testX), batchSize: 256)[0]
        let scores = ClassificationScores(predicted: probabilities.argmax(axis: 1).intScalars(), labels: data.testY.intScalars())
        print("model \(model.rawValue): \(net.countParams()) parameters, \(String(format: "%.1f", seconds / Double(max(epochs, 1)))) s per epoch")
        print(scores.summary(positiveClassName: dataset == .sms ? "spam" : nil))
    }

    /// Rows without any token (texts that are only punctuation, such as ":)") get one `[UNK]` (id 1):
    /// an all-padding row masks every position, and masked attention or pooling then gives NaN.
    func nonEmpty(_ ids: Tensor) -> Tensor {
        var v = ids.intScalars()
        let w = ids.shape[1]
        for r in 0..<ids.shape[0] where w > 0 && v[r * w ..< (r + 1) * w].allSatisfy({ $0 == 0 }) { v[r * w] = 1 }
        return Tensor(v, shape: ids.shape)
    }

    func makeModel(vocabularySize v: Int) throws -> Model {
        switch model {
        case .rnn: return try RNNClassifier(vocabularySize: v, classes: 2)
        case .lstm: return try TextClassifiers.lstm(vocabularySize: v, sequenceLength: sequenceLength)
        case .gru: return try TextClassifiers.gru(vocabularySize: v, sequenceLength: sequenceLength)
        case .bilstm: return try TextClassifiers.bidirectionalLSTM(vocabularySize: v, sequenceLength: sequenceLength)
        case .attention: return try TextClassifiers.attention(vocabularySize: v)
        case .bert: return try TextClassifiers.bert(vocabularySize: v, sequenceLength: sequenceLength)
        }
    }
}

/// A labelled text dataset split 80/20 by a seeded permutation.
struct TextSplits {
    var trainTexts: [String], trainY: Tensor, testTexts: [String], testY: Tensor

    static func load(_ name: String, root: String, seed: Int) throws -> TextSplits {
        let (texts, labels) = name == "sms"
            ? try Datasets.smsSpam(directory: root + "/text/sms-spam-collection")
            : try Datasets.sentiment(directory: root + "/text/sentiment-labelled-sentences")
        let order = Tensor.randomUniform([texts.count], seed: seed).argsortIndices().intScalars().map(Int.init)
        let cut = texts.count * 4 / 5
        let y = labels.intScalars()
        let tr = Array(order[..<cut]), te = Array(order[cut...])
        return TextSplits(trainTexts: tr.map { texts[$0] }, trainY: Tensor(tr.map { y[$0] }, shape: [tr.count]),
                          testTexts: te.map { texts[$0] }, testY: Tensor(te.map { y[$0] }, shape: [te.count]))
    }

    /// `{"train_x": [[…]], "train_y": […], "test_x": …, "test_y": …, "vocabulary_size": V, "classes": C}`.
    static func exportJSON(path: String, trainX: Tensor, trainY: Tensor, testX: Tensor, testY: Tensor,
                           vocabularySize: Int, classes: Int) throws {
        func rows(_ t: Tensor) -> String {
            let v = t.intScalars(), w = t.shape[1]
            return "[" + (0..<t.shape[0]).map { r in "[" + v[r * w ..< (r + 1) * w].map(String.init).joined(separator: ",") + "]" }
                .joined(separator: ",\n") + "]"
        }
        func flat(_ t: Tensor) -> String { "[" + t.intScalars().map(String.init).joined(separator: ",") + "]" }
        let json = "{\"vocabulary_size\": \(vocabularySize), \"classes\": \(classes),\n\"train_y\": \(flat(trainY)),\n\"test_y\": \(flat(testY)),\n"
            + "\"train_x\": \(rows(trainX)),\n\"test_x\": \(rows(testX))}\n"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Accuracy, and precision / recall / F1 of class 1.
struct ClassificationScores {
    var accuracy: Double, precision: Double, recall: Double, f1: Double

    init(predicted: [Int32], labels: [Int32]) {
        var tp = 0, fp = 0, fn = 0, right = 0
        for (p, y) in zip(predicted, labels) {
            if p == y { right += 1 }
            if p == 1 && y == 1 { tp += 1 } else if p == 1 { fp += 1 } else if y == 1 { fn += 1 }
        }
        accuracy = Double(right) / Double(max(labels.count, 1))
        precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    func summary(positiveClassName: String?) -> String {
        var s = String(format: "test accuracy: %.4f", accuracy)
        if let name = positiveClassName {
            s += "  \(name) " + String(format: "precision: %.4f  recall: %.4f  F1: %.4f", precision, recall, f1)
        }
        return s
    }
}
