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
}
