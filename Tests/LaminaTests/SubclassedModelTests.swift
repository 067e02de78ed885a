import Lamina
import Testing

/// A user model that overrides `call`, with layers in stored properties.
final class TwoLayerNet: Model {
    let hidden = Dense(16, activation: .relu)
    let extra: [Layer] = [Dense(8, activation: .relu)]
    let head = Dense(3)

    override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        var x = try hidden(input, training: training)
        for l in extra { x = try l(x, training: training) }
        return try head(x, training: training)
    }
}

@Suite struct SubclassedModelTests {
    @Test func layersAreTrackedForWeightsAndTraining() throws {
        setRandomSeed(3)
        let model = TwoLayerNet()
        let x = Tensor.randomNormal([90, 5], seed: 4)
        let y = x.slice(axis: 1, 0..<3).argmax(axis: 1)
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"])
        let h = try model.fit(x, y, batchSize: 15, epochs: 40, verbose: 0)
        #expect(model.weights.count == 6)
        #expect(model.countParams() == 5 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3)
        #expect(try #require(h.history["accuracy"]).last! > 0.9)
        #expect(model.sublayers.map(\.name) == ["hidden", "extra", "head"])
    }

    @Test func weightsRoundTripThroughAFile() throws {
        let a = TwoLayerNet()
        _ = try a(Tensor.ones([1, 5]))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("subclassed-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.saveWeights(to: path)
        let b = TwoLayerNet()
        _ = try b(Tensor.ones([1, 5]))
        try b.loadWeights(from: path)
        let x = Tensor.randomNormal([4, 5], seed: 9)
        #expect(try a(x).scalars() == (try b(x)).scalars())
    }
}

import Foundation
