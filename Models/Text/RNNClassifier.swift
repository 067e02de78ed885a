import Lamina

/// The seed text classifier as a subclassed model: `Embedding(maskZero) → SimpleRNN → Dense(softmax)`.
///
/// Input: int32 token ids `[batch, T]`, 0 = padding (masked, so trailing padding does not reach
/// the RNN's state). Output: class probabilities `[batch, classes]`.
///
/// Train it as the seed does, with Adam (learning rate 0.01) and sparse categorical cross-entropy:
/// ```swift
/// let model = try RNNClassifier(vocabularySize: 10_000, classes: 2)
/// try model.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
/// try model.fit(ids, labels, epochs: 3)
/// ```
/// Weights (tracked through the stored layers): `embedding` `[vocab, embeddingDim]`; the RNN's
/// `kernel` `[embeddingDim, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`;
/// `classifier` `[units, classes]` and `[classes]`.
public final class RNNClassifier: Model {
    public let vocabularySize: Int
    public let classes: Int
    /// Token ids → vectors; id 0 is padding.
    public let embedding: Embedding
    /// The recurrent layer (last output only).
    public let rnn: SimpleRNN
    /// Softmax over the classes.
    public let classifier: Dense

    /// - Parameters:
    ///   - vocabularySize: ids are in `0..<vocabularySize` (0 = padding, 1 = out of vocabulary).
    ///   - classes: output classes.
    ///   - embeddingDim: the width of a token vector.
    ///   - units: the SimpleRNN's units.
    public init(vocabularySize: Int, classes: Int = 2, embeddingDim: Int = 64, units: Int = 64, name: String? = nil) throws {
        self.vocabularySize = vocabularySize
        self.classes = classes
        embedding = try Embedding(vocabularySize, embeddingDim, maskZero: true, name: "embedding")
        rnn = try SimpleRNN(units, name: "simple_rnn")
        classifier = Dense(classes, activation: .softmax, name: "classifier")
        super.init(name: name ?? "rnn_classifier")
    }

    public override class var className: String { "RNNClassifier" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let ids = input.dtype == .int32 ? input : input.cast(to: .int32)
        let x = try embedding(ids, training: training)
        let h = try rnn(x, mask: try embedding.computeMask(ids), training: training)
        return try classifier(h, training: training)
    }
}
