import Lamina

/// Reference text classifiers over int32 token ids (0 = padding, as `TextVectorization` outputs).
///
/// Every builder returns an uncompiled Functional model ending in `Dense(classes, softmax)`; use
/// sparse categorical cross-entropy. The seed SimpleRNN classifier is the subclassed ``RNNClassifier``.
public enum TextClassifiers {
    /// `Embedding(maskZero) → LSTM(units) → Dense(classes, softmax)`; input `[batch, sequenceLength]`.
    public static func lstm(vocabularySize: Int, sequenceLength: Int? = nil, classes: Int = 2,
                            embeddingDim: Int = 64, units: Int = 64) throws -> Model {
        try recurrent(vocabularySize: vocabularySize, sequenceLength: sequenceLength, classes: classes,
                      embeddingDim: embeddingDim, name: "lstm_classifier", rnn: try LSTM(units, name: "lstm"))
    }

    /// `Embedding(maskZero) → GRU(units) → Dense(classes, softmax)` (Keras 3 GRU: `resetAfter`).
    public static func gru(vocabularySize: Int, sequenceLength: Int? = nil, classes: Int = 2,
                           embeddingDim: Int = 64, units: Int = 64) throws -> Model {
        try recurrent(vocabularySize: vocabularySize, sequenceLength: sequenceLength, classes: classes,
                      embeddingDim: embeddingDim, name: "gru_classifier", rnn: try GRU(units, name: "gru"))
    }

    /// `Embedding(maskZero) → Bidirectional(LSTM(units), concat) → Dense(classes, softmax)`.
    public static func bidirectionalLSTM(vocabularySize: Int, sequenceLength: Int? = nil, classes: Int = 2,
                                         embeddingDim: Int = 64, units: Int = 32) throws -> Model {
        try recurrent(vocabularySize: vocabularySize, sequenceLength: sequenceLength, classes: classes,
                      embeddingDim: embeddingDim, name: "bilstm_classifier",
                      rnn: try Bidirectional(try LSTM(units, name: "lstm"), name: "bidirectional"))
    }

    static func recurrent(vocabularySize: Int, sequenceLength: Int?, classes: Int, embeddingDim: Int,
                          name: String, rnn: Layer) throws -> Model {
        let ids = Input(shape: [sequenceLength], dtype: .int32, name: "token_ids")
        let x = try Embedding(vocabularySize, embeddingDim, maskZero: true, name: "embedding")(ids)
        let out = try Dense(classes, activation: .softmax, name: "classifier")(try rnn(x))
        return try Model(inputs: ids, outputs: out, name: name)
    }

    /// The seed attention classifier, over two inputs: token ids (int32 `[batch, T]`, `T` free) and
    /// an attention mask (`[batch, T]`, non-zero = token). `Embedding(vocab, embeddingDim) →
    /// Attention (self, dot-product, masked) → GlobalAveragePooling1D (masked) → Dense(softmax)`.
    ///
    /// Call it with `[ids, mask]`; ``paddingMask(_:)`` makes the mask from padded ids.
    public static func attention(vocabularySize: Int, classes: Int = 2, embeddingDim: Int = 64) throws -> Model {
        let ids = Input(shape: [nil], dtype: .int32, name: "token_ids")
        let mask = Input(shape: [nil], dtype: .int32, name: "attention_mask")
        let e = try Embedding(vocabularySize, embeddingDim, name: "embedding")(ids)
        let masked = try AttachMask(name: "attach_mask")([e, mask])[0]
        let a = try Attention(name: "attention")([masked, masked])[0]
        let pooled = try GlobalAveragePooling1D(name: "pool")(a)
        let out = try Dense(classes, activation: .softmax, name: "classifier")(pooled)
        return try Model(inputs: [ids, mask], outputs: [out], name: "attention_classifier")
    }

    /// A small BERT-style encoder classifier: ``TokenAndPositionEmbedding`` (padding masked) →
    /// `layers` × `TransformerEncoder(intermediateDim, numHeads)` → GlobalAveragePooling1D
    /// (masked) → Dense(classes, softmax). Input: int32 ids `[batch, T]`, `T ≤ sequenceLength`.
    public static func bert(vocabularySize: Int, sequenceLength: Int, classes: Int = 2, hiddenDim: Int = 64,
                            numHeads: Int = 4, intermediateDim: Int = 128, layers: Int = 2, dropout: Float = 0.1) throws -> Model {
        let ids = Input(shape: [nil], dtype: .int32, name: "token_ids")
        var x = try TokenAndPositionEmbedding(vocabularySize: vocabularySize, sequenceLength: sequenceLength,
                                              embeddingDim: hiddenDim, maskZero: true, name: "embeddings")(ids)
        for i in 0..<layers {
            x = try TransformerEncoder(intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout,
                                       activation: .gelu, name: "encoder_\(i)")(x)
        }
        let pooled = try GlobalAveragePooling1D(name: "pool")(x)
        let out = try Dense(classes, activation: .softmax, name: "classifier")(pooled)
        return try Model(inputs: ids, outputs: out, name: "bert_classifier")
    }

    /// The attention mask of padded ids: int32 `ids != 0`, the same shape.
    public static func paddingMask(_ ids: Tensor) -> Tensor {
        Tensor(ids.intScalars().map { $0 != 0 ? Int32(1) : 0 }, shape: ids.shape)
    }
}
