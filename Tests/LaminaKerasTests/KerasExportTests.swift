import Foundation
import Lamina
import LaminaKeras
import LaminaModels
import Testing

/// Files for Python Keras to check (Scripts/keras_files/check_lamina_files.py): each model is
/// trained a step or two in Lamina (so its weights and optimizer state are Lamina's own), saved
/// as `<name>.keras` and `<name>.weights.h5`, and described in `<name>.json` with inputs,
/// Lamina's predictions, its optimizer's iteration count, a training batch and the loss and
/// predictions after one more step on it. Each file is also read back here.
///
/// The files go to `$LAMINA_KERAS_EXPORT` when set (the folder must exist), else to a temporary folder.
@Suite struct KerasExportTests {
    static let directory: String = {
        if let d = ProcessInfo.processInfo.environment["LAMINA_KERAS_EXPORT"], !d.isEmpty { return d }
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-keras-export-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// Saves, reads back, records one more training step, and writes the JSON description.
    func export(_ model: Model, name: String, inputs: [Tensor], trainX: [Tensor], trainY: [Tensor]) throws {
        let base = (Self.directory as NSString).appendingPathComponent(name)
        try model.save(to: base + ".keras")
        try model.saveWeights(to: base + ".weights.h5")
        let outputs = try model.predict(inputs)
        let iterations = try #require(model.compiled?.optimizer.iterations)

        let reloaded = try Model.load(from: base + ".keras")
        for (a, e) in zip(try reloaded.predict(inputs), outputs) { expectClose(a, e, rtol: 0, atol: 0, "\(name) reloaded") }
        #expect(reloaded.compiled?.optimizer.iterations == iterations)
        let weightsOnly = try Model.fromJSON(model.toJSON())
        try weightsOnly.loadWeights(from: base + ".weights.h5")
        for (a, e) in zip(try weightsOnly.predict(inputs), outputs) { expectClose(a, e, rtol: 0, atol: 0, "\(name) via .weights.h5") }

        let loss = try #require(try model.trainOnBatch(trainX, trainY)["loss"])
        let reloadedLoss = try #require(try reloaded.trainOnBatch(trainX, trainY)["loss"])
        #expect(loss == reloadedLoss, "\(name): a reloaded model trains on as the original")
        let after = try model.predict(inputs)
        for (a, e) in zip(try reloaded.predict(inputs), after) { expectClose(a, e, rtol: 1e-6, atol: 1e-7, "\(name) reloaded after a step") }

        let record: JSONValue = [
            "name": .string(name), "generator": "Tests/LaminaKerasTests/KerasExportTests.swift",
            "inputs": .array(inputs.map { JSONValue(tensor: $0) }), "outputs": .array(outputs.map { JSONValue(tensor: $0) }),
            "iterations": JSONValue(iterations), "optimizer": .string(model.compiled?.optimizer.className ?? ""),
            "train_x": .array(trainX.map { JSONValue(tensor: $0) }), "train_y": .array(trainY.map { JSONValue(tensor: $0) }),
            "train_loss": JSONValue(loss), "after_step": .array(after.map { JSONValue(tensor: $0) }),
        ]
        try Data(record.description.utf8).write(to: URL(fileURLWithPath: base + ".json"))
    }

    @Test("Keras's fixtures after a step in Lamina", arguments: KerasFixture.trainedNames)
    func fixtureModels(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")))
        _ = try model.trainOnBatch(f.trainX, f.trainY)
        try export(model, name: "fixture_" + name, inputs: f.inputs, trainX: f.trainX, trainY: f.trainY)
    }

    static let laminaModels = ["simple_cnn", "resnet20", "mobilenetv2", "lstm_classifier", "gru_classifier", "bilstm_classifier",
                               "mlp_adamw", "mlp_lion_frozen", "mlp_adadelta", "sequence_layers", "masked_attention"]

    @Test("models built and trained in Lamina", arguments: laminaModels)
    func laminaModels(_ name: String) throws {
        let (model, x, y) = try Self.make(name)
        for _ in 0..<2 { _ = try model.trainOnBatch(x, y) }
        try export(model, name: "lamina_" + name, inputs: x, trainX: x, trainY: y)
    }

    static func ids(_ batch: Int, _ steps: Int, vocabulary: Int, seed: Int) -> Tensor {
        let raw = Tensor.randomUniform([batch, steps], low: 1, high: Float(vocabulary) - 0.01, seed: seed).scalars()
        return Tensor((0..<(batch * steps)).map { i in i % steps < steps - (i / steps) % 3 ? Int32(raw[i]) : 0 }, shape: [batch, steps])
    }

    static func labels(_ batch: Int, classes: Int, seed: Int) -> Tensor {
        Tensor(Tensor.randomUniform([batch], low: 0, high: Float(classes) - 0.01, seed: seed).scalars().map { Int32($0) }, shape: [batch])
    }

    static func make(_ name: String) throws -> (Model, [Tensor], [Tensor]) {
        setRandomSeed(laminaModels.firstIndex(of: name) ?? 0)
        switch name {
        case "simple_cnn":
            let m = try SimpleCNN(inputShape: [10, 10, 1], classes: 3)
            try m.compile(optimizer: Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
            return (m, [Tensor.randomNormal([4, 10, 10, 1], seed: 1)], [labels(4, classes: 3, seed: 2)])
        case "resnet20":
            let m = try ResNet20(inputShape: [8, 8, 3], classes: 3)
            try m.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true), loss: "sparse_categorical_crossentropy")
            return (m, [Tensor.randomNormal([4, 8, 8, 3], seed: 3)], [labels(4, classes: 3, seed: 4)])
        case "mobilenetv2":
            let m = try MobileNetV2(inputShape: [32, 32, 3], alpha: 0.35, classes: 3)
            // Batch statistics of its last blocks (1×1 pixels) come from the batch alone: a batch of
            // 8 and a small learning rate keep the training step well conditioned.
            try m.compile(optimizer: RMSprop(learningRate: 0.001, momentum: 0.5, centered: true), loss: "sparse_categorical_crossentropy")
            return (m, [Tensor.randomNormal([8, 32, 32, 3], seed: 5)], [labels(8, classes: 3, seed: 6)])
        case "lstm_classifier", "gru_classifier", "bilstm_classifier":
            let m = name == "lstm_classifier" ? try TextClassifiers.lstm(vocabularySize: 30, sequenceLength: 7, classes: 3, embeddingDim: 6, units: 5)
                : name == "gru_classifier" ? try TextClassifiers.gru(vocabularySize: 30, sequenceLength: 7, classes: 3, embeddingDim: 6, units: 5)
                : try TextClassifiers.bidirectionalLSTM(vocabularySize: 30, sequenceLength: 7, classes: 3, embeddingDim: 6, units: 4)
            let optimizer: Optimizer = name == "lstm_classifier" ? Nadam(learningRate: 0.01) : (name == "gru_classifier" ? Adamax(learningRate: 0.01) : Adagrad(learningRate: 0.05))
            try m.compile(optimizer: optimizer, loss: "sparse_categorical_crossentropy")
            return (m, [ids(4, 7, vocabulary: 30, seed: 7)], [labels(4, classes: 3, seed: 8)])
        case "mlp_adamw", "mlp_lion_frozen", "mlp_adadelta":
            let m = try Sequential([Dense(6, activation: .relu), try BatchNormalization(), Dense(2)], input: Input(shape: [5]), name: name)
            if name == "mlp_lion_frozen" { m.layers[0].trainable = false }
            let optimizer: Optimizer = name == "mlp_adamw" ? AdamW(learningRate: 0.01) : (name == "mlp_lion_frozen" ? Lion(learningRate: 0.01) : Adadelta(learningRate: 0.5))
            try m.compile(optimizer: optimizer, loss: "mse")
            return (m, [Tensor.randomNormal([6, 5], seed: 9)], [Tensor.randomNormal([6, 2], seed: 10)])
        case "masked_attention":
            // MultiHeadAttention with an explicit key and attention mask (written as Keras's
            // `attention_mask=` keyword) and a causal self-attention (`use_causal_mask=True`).
            let x = Input(shape: [5, 6], name: "sequence"), mask = Input(shape: [5, 5], dtype: .int32, name: "attention_mask")
            let crossed = try MultiHeadAttention(numHeads: 2, keyDim: 3)([x, x, x, mask])[0]
            let causal = try MultiHeadAttention(numHeads: 2, keyDim: 3)   // Keras 3.15 on JAX fails when valueDim != keyDim
            causal.useCausalMask = true
            let h = try causal([crossed, x])[0]
            let out = try Dense(2)(try GlobalAveragePooling1D()(h))
            let m = try Model(inputs: [x, mask], outputs: [out], name: "masked_attention")
            try m.compile(optimizer: Adam(learningRate: 0.01), loss: "mse")
            let maskValues = (0..<(3 * 25)).map { i in Int32((i % 25) % 5 <= (i % 25) / 5 || i % 7 == 0 ? 1 : 0) }
            return (m, [Tensor.randomNormal([3, 5, 6], seed: 13), Tensor(maskValues, shape: [3, 5, 5])], [Tensor.randomNormal([3, 2], seed: 14)])
        default:
            // Sequence layers in one Functional model: TimeDistributed, stacked cells, SimpleRNN,
            // GRU without resetAfter, Conv1D, LayerNormalization, PReLU, Dot.
            let x = Input(shape: [6, 4], name: "sequence")
            var h = try TimeDistributed(Dense(5, activation: .tanh))(x)
            h = try RNN(try StackedRNNCells([try SimpleRNNCell(4), try GRUCell(3, resetAfter: false)]), returnSequences: true)(h)
            h = try Conv1D(3, kernelSize: 2, padding: "same")(h)
            h = try LayerNormalization()(h)
            let p = try PReLU()(h)
            let d = try Dot(axes: (2, 2))([p, h])[0]
            let out = try Dense(2)(try Flatten()(d))
            let m = try Model(inputs: x, outputs: out, name: "sequence_layers")
            try m.compile(optimizer: Adam(learningRate: 0.01, amsgrad: true), loss: "mse")
            return (m, [Tensor.randomNormal([3, 6, 4], seed: 11)], [Tensor.randomNormal([3, 2], seed: 12)])
        }
    }
}
