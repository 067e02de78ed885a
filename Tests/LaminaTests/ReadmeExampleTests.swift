import Lamina
import Testing

/// The code shown in README.md, kept compiling and working.
@Suite struct ReadmeExampleTests {
    @Test func tensorsAndGradients() throws {
        let w = Variable(Tensor.randomNormal([784, 10], standardDeviation: 0.01), name: "kernel")
        let x = Tensor.randomUniform([32, 784])
        let labels = Tensor((0..<32).map { Int32($0 % 10) })
        let loss = x.linear(weight: w.value).softmaxCrossEntropy(labels: labels).mean()
        let grad = try gradients(of: loss, wrt: [w])[0]   // shape [784, 10]
        #expect(grad.shape == [784, 10])
    }

    @Test func sequentialModelOnDigits() throws {
        let (x, y) = try Datasets.digits(path: RepoData.digits)
        let model = try Sequential {
            Input(shape: [64])
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x, y, epochs: 5, verbose: 0, validationSplit: 0.1)
        let scores = try model.evaluate(x, y, verbose: 0)
        #expect(history.history["val_accuracy"]?.count == 5)
        #expect(scores["accuracy"]! > 0.8)
    }

    /// The seed CNN block of README.md ("Results on real data"), on the first 4,000 training and
    /// 2,000 test images: everything after the `mnist` line is the README's code as written.
    @Test func seedCNNOnMNIST() throws {
        setRandomSeed(1)
        let full = try Datasets.mnist(directory: RepoData.mnist)
        let mnist = (train: (x: full.train.x.slice(axis: 0, 0..<4000), y: full.train.y.slice(axis: 0, 0..<4000)),
                     test: (x: full.test.x.slice(axis: 0, 0..<2000), y: full.test.y.slice(axis: 0, 0..<2000)))
        let x = mnist.train.x.expandingDims(at: -1), y = mnist.train.y.oneHot(depth: 10)

        let model = try Sequential {
            Input(shape: [28, 28, 1])
            try Conv2D(32, 3, activation: .relu)
            try MaxPooling2D()
            try Flatten()
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x, y, batchSize: 128, epochs: 3, validationSplit: 0.1)
        let scores = try model.evaluate(mnist.test.x.expandingDims(at: -1), mnist.test.y.oneHot(depth: 10))

        #expect(model.countParams() == 693_962)
        let loss = try #require(history.history["loss"])
        #expect(loss.count == 3 && loss.last! < loss.first! * 0.7, "loss \(loss)")
        #expect(try #require(scores["accuracy"]) > 0.8, "test accuracy \(scores)")   // chance: 0.1
    }
}
