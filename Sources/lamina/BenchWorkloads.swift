import Lamina

/// One model benchmark of `lamina bench models`: `prepare` builds the model and a synthetic
/// batch and returns the step that is timed (a training step or a forward pass).
///
/// The same workloads, with the same shapes, optimizers and losses, are in
/// `Scripts/bench/bench_torch.py` and `Scripts/bench/bench_keras.py`.
struct ModelWorkload {
    let name: String
    let summary: String
    let prepare: () throws -> () throws -> Void
}

enum ModelWorkloads {
    /// Every workload, in the order of the table.
    static let all: [ModelWorkload] = [
        ModelWorkload(name: "cnn-train", summary: "seed CNN training step, batch 32, 64×64×3, Adam, categorical CE") {
            let model = try seedCNN()
            try model.compile(optimizer: Adam(), loss: "categorical_crossentropy")
            let x = images(32, 64), y = oneHotLabels(32)
            return { try model.trainOnBatch([x], [y]) }
        },
        ModelWorkload(name: "resnet20-train", summary: "ResNet-20 training step, batch 64, 32×32×3, SGD momentum 0.9, sparse CE") {
            let model = try resNet20()
            try model.compile(optimizer: SGD(learningRate: 0.01, momentum: 0.9), loss: "sparse_categorical_crossentropy")
            let x = images(64, 32), y = labels(64)
            return { try model.trainOnBatch([x], [y]) }
        },
        ModelWorkload(name: "cnn-infer", summary: "seed CNN forward pass, batch 256") {
            let model = try seedCNN()
            let x = images(256, 64)
            return { _ = try model.predictOnBatch([x]) }
        },
        ModelWorkload(name: "resnet20-infer", summary: "ResNet-20 forward pass (BN in inference mode), batch 256") {
            let model = try resNet20()
            let x = images(256, 32)
            return { _ = try model.predictOnBatch([x]) }
        },
        ModelWorkload(name: "lstm-train", summary: "Embedding(10000,100) → LSTM(128) over 100 steps → Dense(10), batch 32, Adam") {
            try sequenceStep(try LSTM(128))
        },
        ModelWorkload(name: "simplernn-train", summary: "Embedding(10000,100) → SimpleRNN(128) over 100 steps → Dense(10), batch 32, Adam") {
            try sequenceStep(try SimpleRNN(128))
        },
        ModelWorkload(name: "attention-train", summary: "Embedding(10000,64) → Attention (self, dot) over 128 ids → GAP1D → Dense(10), batch 32, Adam") {
            let ids = Input(shape: [128], dtype: .int32)
            let h = try Embedding(10000, 64)(ids)
            let a = try Attention(name: "self_attention")([h, h])[0]
            let p = try GlobalAveragePooling1D()(a)
            let out = try Dense(10, activation: .softmax)(p)
            let model = try Model(inputs: ids, outputs: out, name: "attention")
            try model.compile(optimizer: Adam(), loss: "sparse_categorical_crossentropy")
            let x = tokenIds(32, 128), y = labels(32)
            return { try model.trainOnBatch([x], [y]) }
        },
    ]

    /// Conv2D(32, 3, relu) → MaxPooling2D → Flatten → Dense(128, relu) → Dense(10, softmax) on 64×64×3.
    static func seedCNN() throws -> Sequential {
        let layers: [Layer] = [try Conv2D(32, 3, activation: .relu), try MaxPooling2D(), try Flatten(),
                               Dense(128, activation: .relu), Dense(10, activation: .softmax)]
        return try Sequential(layers, input: Input(shape: [64, 64, 3]), name: "seed_cnn")
    }

    /// Embedding(10000, 100) → `rnn` → Dense(10, softmax); ids of length 100, batch 32, Adam.
    static func sequenceStep(_ rnn: Layer) throws -> () throws -> Void {
        let layers: [Layer] = [try Embedding(10000, 100), rnn, Dense(10, activation: .softmax)]
        let model = try Sequential(layers, input: Input(shape: [100], dtype: .int32), name: "sequence")
        try model.compile(optimizer: Adam(), loss: "sparse_categorical_crossentropy")
        let x = tokenIds(32, 100), y = labels(32)
        return { try model.trainOnBatch([x], [y]) }
    }

    // Synthetic data (seeded, so every run sees the same batch).

    static func images(_ batch: Int, _ side: Int) -> Tensor {
        Tensor.randomUniform([batch, side, side, 3], seed: 1)
    }

    static func labels(_ batch: Int) -> Tensor { Tensor((0..<batch).map { Int32($0 * 7 % 10) }) }

    static func oneHotLabels(_ batch: Int) -> Tensor { labels(batch).oneHot(depth: 10) }

    static func tokenIds(_ batch: Int, _ length: Int) -> Tensor {
        Tensor((0..<(batch * length)).map { Int32(($0 &* 2_654_435_761) % 10000) }, shape: [batch, length])
    }
}
