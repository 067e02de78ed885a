import Lamina
import Testing

/// A small CNN on real MNIST (Data/mnist), and the errors vision layers raise for bad inputs.
@Suite struct SmallCNNTests {
    @Test func smallCNNTrainsOnMNIST() throws {
        setRandomSeed(11)
        let (train, _) = try Datasets.mnist(directory: RepoData.mnist)
        let x = train.x.slice(axis: 0, 0..<512).reshaped([512, 28, 28, 1]), y = train.y.slice(axis: 0, 0..<512)
        let conv = try Conv2D(8, 3, activation: .relu), pool = try MaxPooling2D(), flatten = try Flatten()
        let model = try Sequential {
            Input(shape: [28, 28, 1])
            conv
            pool
            flatten
            Dense(10, activation: .softmax)
        }
        #expect(try conv.computeOutputShape([[nil, 28, 28, 1]]) == [[nil, 26, 26, 8]])
        #expect(try pool.computeOutputShape([[nil, 26, 26, 8]]) == [[nil, 13, 13, 8]])
        #expect(model.countParams() == 3 * 3 * 8 + 8 + 13 * 13 * 8 * 10 + 10)
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x, y, batchSize: 32, epochs: 5, verbose: 0)
        let losses = try #require(history.history["loss"])
        #expect(losses.count == 5)
        for (a, b) in zip(losses, losses.dropFirst()) { #expect(b < a, "loss did not decrease: \(losses)") }
        #expect(losses.last! < losses.first! * 0.6, "\(losses)")
        #expect(try #require(history.history["accuracy"]).last! > 0.8)
    }

    @Test func wrongRankThrowsNamingLayerAndShape() throws {
        let conv = try Conv2D(4, 3, name: "my_conv")
        let e = #expect(throws: LaminaError.self) { try conv(Tensor.zeros([2, 28, 28])) }
        #expect(e?.message.contains("my_conv") == true && e?.message.contains("(None, 28, 28)") == true, "\(e?.message ?? "")")
        let pool = try MaxPooling2D(name: "my_pool")
        let e2 = #expect(throws: LaminaError.self) { try pool(Tensor.zeros([2, 8, 8])) }
        #expect(e2?.message.contains("my_pool") == true && e2?.message.contains("ndim=4") == true, "\(e2?.message ?? "")")
        let bn = BatchNormalization(name: "my_bn")
        let e3 = #expect(throws: LaminaError.self) { try bn(Tensor.zeros([5])) }
        #expect(e3?.message.contains("my_bn") == true, "\(e3?.message ?? "")")
    }

    @Test func wrongChannelsThrowNamingLayerAndShape() throws {
        let conv = try Conv2D(4, 3, name: "rgb_conv")
        _ = try conv(Tensor.zeros([1, 5, 5, 3]))
        let e = #expect(throws: LaminaError.self) { try conv(Tensor.zeros([1, 5, 5, 1])) }
        #expect(e?.message.contains("rgb_conv") == true && e?.message.contains("(None, 5, 5, 1)") == true
                && e?.message.contains("value 3") == true, "\(e?.message ?? "")")
        let grouped = try Conv2D(4, kernelSize: [3, 3], groups: 2, name: "grouped")
        let e2 = #expect(throws: LaminaError.self) { try grouped(Tensor.zeros([1, 5, 5, 3])) }
        #expect(e2?.message.contains("grouped") == true && e2?.message.contains("groups=2") == true, "\(e2?.message ?? "")")
        let dw = try DepthwiseConv2D(kernelSize: [3, 3], name: "dw")
        _ = try dw(Tensor.zeros([1, 5, 5, 2]))
        let e3 = #expect(throws: LaminaError.self) { try dw(Tensor.zeros([1, 5, 5, 4])) }
        #expect(e3?.message.contains("dw") == true && e3?.message.contains("(None, 5, 5, 4)") == true, "\(e3?.message ?? "")")
        let bn = BatchNormalization(name: "bn_c")
        _ = try bn(Tensor.zeros([2, 3]))
        #expect(throws: LaminaError.self) { try bn(Tensor.zeros([2, 4])) }
    }

    @Test func conv1DCausalOnlyFor1D() {
        #expect(throws: LaminaError.self) { try Conv2D(2, kernelSize: [3, 3], padding: "causal") }
        #expect(throws: LaminaError.self) { try Conv2DTranspose(2, kernelSize: [3, 3], strides: [2, 2], outputPadding: [2, 0]) }
        #expect(throws: LaminaError.self) { try Conv2D(3, kernelSize: [3, 3], groups: 2) }
    }
}
