import LaminaModels
import Testing

/// Tiny forward passes and one training step at small input sizes: the graphs run, give
/// probabilities of the right shape, and train.
@Suite struct ModelZooForwardTests {
    func checkProbabilities(_ model: Model, input: [Int], classes: Int) throws {
        let x = Tensor.randomUniform(input)
        let y = try model(x, training: false)
        #expect(y.shape == [input[0], classes])
        for row in y.sum(axes: [1]).scalars() { #expect(abs(row - 1) < 1e-4) }
    }

    @Test func smallModelsRunForward() throws {
        setRandomSeed(3)
        try checkProbabilities(try SimpleCNN(), input: [2, 28, 28, 1], classes: 10)
        try checkProbabilities(try ResNet20(), input: [2, 32, 32, 3], classes: 10)
        try checkProbabilities(try SmallInception(), input: [2, 32, 32, 3], classes: 10)
        try checkProbabilities(try MobileNet(inputShape: [32, 32, 3], alpha: 0.25, classes: 5), input: [2, 32, 32, 3], classes: 5)
        try checkProbabilities(try MobileNetV2(inputShape: [32, 32, 3], alpha: 0.35, classes: 5), input: [2, 32, 32, 3], classes: 5)
        try checkProbabilities(try ResNet18(inputShape: [32, 32, 3], classes: 4), input: [1, 32, 32, 3], classes: 4)
    }

    @Test func resNet20TrainsOneStep() throws {
        setRandomSeed(4)
        let model = try ResNet20(classes: 3)
        try model.compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"])
        let x = Tensor.randomUniform([8, 32, 32, 3])
        let y = Tensor((0..<8).map { Int32($0 % 3) }).oneHot(depth: 3)
        let history = try model.fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false)
        let losses = try #require(history.history["loss"])
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(losses.last! < losses.first!, "\(losses)")
    }
}
