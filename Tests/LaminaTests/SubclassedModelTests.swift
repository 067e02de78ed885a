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

/// A subclass with stored properties of several kinds after `Model`'s own: their offsets are
/// fixed when this module is compiled. If `Model`'s instance layout changes (a stored property of
/// `Model`, or of a struct it stores such as `FunctionalGraph`) and an incremental build does not
/// recompile this module, the two overlap: the subclass's fields read as nil and its releases
/// free `Model`'s memory ("double free or corruption" under the whole suite). Delete
/// `.build*/*/<TestTarget>.build` (or touch the tests) after such a change.
final class MarkedNet: Model {
    let marker: UInt64 = 0x5EED_1A41_DA7A_0001
    let head = Dense(2)
    let tags = ["first", "second"]
    let tail: UInt64 = 0x5EED_1A41_DA7A_0002

    override func call(_ input: Tensor, training: Bool) throws -> Tensor { try head(input, training: training) }
}

@Suite struct SubclassedModelTests {
    @Test func storedPropertiesOfASubclassKeepTheirValues() throws {
        let model = MarkedNet()
        #expect(model.marker == 0x5EED_1A41_DA7A_0001 && model.tail == 0x5EED_1A41_DA7A_0002)
        #expect(model.tags == ["first", "second"])
        let y = try model(Tensor.zeros([1, 3]))
        #expect(y.shape == [1, 2])
        #expect(model.marker == 0x5EED_1A41_DA7A_0001 && model.tail == 0x5EED_1A41_DA7A_0002)
        #expect(model.tags == ["first", "second"])
        #expect(model.sublayers.map(\.name) == ["head"])
        #expect(model.weights.count == 2)
    }

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
