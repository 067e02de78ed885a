import Foundation
import Lamina
import LaminaModels   // AttachMask, TextClassifiers.paddingMask
import Testing

/// The seed text models of README.md ("Results on text"), run as written on the Sentiment
/// Labelled Sentences committed in `Data/` (only the data folder's path differs).

/// The seed RNN classifier, subclassed: Embedding → SimpleRNN → Dense(softmax).
final class RNNTextClassifier: Model {
    let embedding: Embedding
    let rnn: SimpleRNN
    let classifier: Dense

    init(vocabularySize: Int, classes: Int) throws {
        embedding = try Embedding(vocabularySize, 64, maskZero: true)
        rnn = try SimpleRNN(64)
        classifier = Dense(classes, activation: .softmax)
        super.init()
    }

    override func call(_ ids: Tensor, training: Bool) throws -> Tensor {
        let x = try embedding(ids, training: training)
        let h = try rnn(x, mask: try embedding.computeMask(ids), training: training)   // padding skipped
        return try classifier(h, training: training)
    }
}

@Suite struct ReadmeTextExampleTests {
    static var sentimentDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/text/sentiment-labelled-sentences").path
    }

    @Test func seedTextModelsOnSentiment() throws {
        setRandomSeed(3)
        let (texts, labels) = try Datasets.sentiment(directory: Self.sentimentDirectory)  // 3,000 sentences, 0/1
        let vectorize = try TextVectorization(maxTokens: 10_000, outputSequenceLength: 40)
        try vectorize.adapt(texts)
        let ids = try vectorize(texts)                  // int32 [3000, 40]; 0 = padding, 1 = out of vocabulary
        let vocabularySize = vectorize.vocabularySize()

        let rnnModel = try RNNTextClassifier(vocabularySize: vocabularySize, classes: 2)
        try rnnModel.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let rnnHistory = try rnnModel.fit(ids, labels, batchSize: 32, epochs: 3, validationSplit: 0.2)

        // The seed attention classifier, Functional, over token ids and an attention mask.
        let tokenIds = Input(shape: [nil], dtype: .int32, name: "token_ids")
        let attentionMask = Input(shape: [nil], dtype: .int32, name: "attention_mask")
        var x = try Embedding(vocabularySize, 64)(tokenIds)
        x = try AttachMask()([x, attentionMask])[0]     // the mask input becomes x's Keras mask
        x = try Attention()([x, x])[0]                  // self-attention among the unmasked tokens
        x = try GlobalAveragePooling1D()(x)             // mean over the unmasked tokens
        let probabilities = try Dense(2, activation: .softmax)(x)
        let attentionModel = try Model(inputs: [tokenIds, attentionMask], outputs: [probabilities])
        try attentionModel.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let attentionHistory = try attentionModel.fit([ids, TextClassifiers.paddingMask(ids)], [labels], batchSize: 32, epochs: 3,
                                                      validationSplit: 0.2)

        #expect(ids.shape == [3000, 40])
        #expect(rnnModel.countParams() == vocabularySize * 64 + (64 * 64 + 64 * 64 + 64) + (64 * 2 + 2))
        #expect(attentionModel.countParams() == vocabularySize * 64 + 64 * 2 + 2)
        for (name, history) in [("rnn", rnnHistory), ("attention", attentionHistory)] {
            let loss = try #require(history.history["loss"]), accuracy = try #require(history.history["accuracy"])
            let validation = try #require(history.history["val_accuracy"])
            #expect(loss.count == 3 && loss.last! < loss.first! * 0.8, "\(name) loss \(loss)")
            #expect(accuracy.last! > 0.75, "\(name) training accuracy \(accuracy)")
            // Chance is 0.5 (the validation split is the last 600 sentences, Yelp reviews, 50% positive;
            // ±0.02 by chance): the models trained mostly on Amazon and IMDB reviews reach 0.62-0.81.
            #expect(validation.max()! > 0.56, "\(name) validation accuracy \(validation)")
        }
    }
}
