import Foundation
import Lamina
import LaminaHDF5
import LaminaKeras
import Testing

/// `.weights.h5`: Keras's files load into models rebuilt in Lamina, Lamina writes Keras's
/// layout, and every mismatch is reported with its HDF5 path and both shapes.
@Suite struct KerasWeightsH5Tests {
    /// A model of the fixture's architecture with fresh weights (rebuilt from its config).
    func freshModel(_ f: KerasFixture) throws -> Model {
        try Model.fromJSON(try Model.load(from: try #require(f.path("keras")), compile: false).toJSON())
    }

    @Test("Keras's weights load", arguments: KerasFixture.names(with: "weights.h5"))
    func loadsKerasWeights(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try freshModel(f)
        try model.loadWeights(from: try #require(f.path("weights.h5")))
        for (i, (a, e)) in zip(try model.predict(f.inputs), f.outputs).enumerated() { expectClose(a, e, "\(name) output \(i)") }
    }

    @Test("Lamina writes the layout Keras wrote", arguments: KerasFixture.names(with: "weights.h5"))
    func writesKerasLayout(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")))
        let path = temporaryPath("weights.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.saveWeights(to: path)
        let ours = try datasetShapes(try HDF5File(contentsOf: path).root)
        let theirs = try datasetShapes(try HDF5File(contentsOf: try #require(f.path("weights.h5"))).root)
        #expect(ours == theirs)
        let fresh = try freshModel(f)
        try fresh.loadWeights(from: path)
        for (a, e) in zip(try fresh.predict(f.inputs), f.outputs) { expectClose(a, e, "\(name) via Lamina's file") }
    }

    @Test func optimizerStateLoadsIntoABuiltOptimizer() throws {
        let f = try KerasFixture.named("cnn")
        let model = try Model.load(from: try #require(f.path("keras")))
        _ = try model.trainOnBatch(f.trainX, f.trainY)                      // iterations 3, slots moved
        try model.loadWeights(from: try #require(f.path("weights.h5")))    // back to Keras's state after 2 steps
        #expect(model.compiled?.optimizer.iterations == 2)
        let loss = try #require(try model.trainOnBatch(f.trainX, f.trainY)["loss"])
        #expect(abs(loss - f.trainLoss) <= 1e-4 * abs(f.trainLoss) + 1e-6)
        for (a, e) in zip(try model.predict(f.inputs), f.afterStep) { expectClose(a, e, rtol: 1e-4, atol: 1e-5, "after one step") }
    }

    @Test func everyMismatchIsListedAndNothingChanges() throws {
        let f = try KerasFixture.named("nested_sequential")
        var text = try Model.load(from: try #require(f.path("keras")), compile: false).toJSON()
        // Widen the Dense of the inner Sequential "block" (3 → 5 units): it, the LayerNormalization after
        // it and the last Dense (after a Concatenate) no longer fit.
        let units = try #require(text.range(of: "\"units\":3"))
        text.replaceSubrange(units, with: "\"units\":5")
        let model = try Model.fromJSON(text)
        let before = model.getWeights().map { $0.scalars() }
        let path = try #require(f.path("weights.h5"))
        do {
            try model.loadWeights(from: path)
            Issue.record("expected a mismatch")
        } catch let e as LaminaError {
            #expect(e.message.hasPrefix(path), "\(e.message)")
            for expected in ["layers/sequential_1/layers/dense/vars/0 (kernel of layer \"dense", "expected shape (4, 5), found (4, 3)",
                             "layers/sequential_1/layers/dense/vars/1", "expected shape (5,), found (3,)",
                             "layers/sequential_1/layers/layer_normalization/vars/0", "layers/sequential_1/layers/layer_normalization/vars/1",
                             "layers/dense_1/vars/0", "expected shape (9, 2), found (7, 2)", "5 problems"] {
                #expect(e.message.contains(expected), "missing \(expected) in: \(e.message)")
            }
        }
        #expect(model.getWeights().map { $0.scalars() } == before)
        // skipMismatch loads the layers that fit; as in Keras, a layer with any mismatch keeps its values.
        try model.loadWeights(from: path, skipMismatch: true)
        let reference = try Model.load(from: try #require(f.path("keras")), compile: false)
        let first = try #require(model.layersInKerasOrder.first { !$0.weights.isEmpty })
        let referenceFirst = try #require(reference.layersInKerasOrder.first { !$0.weights.isEmpty })
        #expect(first.getWeights().map { $0.scalars() } == referenceFirst.getWeights().map { $0.scalars() })
        let last = try #require(model.layersInKerasOrder.last)
        #expect(last.getWeights().map { $0.scalars() } == Array(before.suffix(2)))
    }

    @Test func missingAndUnexpectedLayersAreNamed() throws {
        let path = try #require(try KerasFixture.named("cnn").path("weights.h5"))
        // One Dense fewer than the file: the file's second Dense has no layer to go to, and shapes differ.
        let model = try Sequential([try Conv2D(4, 3, padding: "same"), Dense(3)], input: Input(shape: [8, 8, 3]))
        do {
            try model.loadWeights(from: path)
            Issue.record("expected errors")
        } catch let e as LaminaError {
            #expect(e.message.contains("layers/dense_1/vars: 2 variables that no layer of"), "\(e.message)")
            #expect(e.message.contains("layers/batch_normalization/vars: 4 variables"), "\(e.message)")
            #expect(e.message.contains("layers/conv2d_1/vars: 1 variable that"), "\(e.message)")
            #expect(e.message.contains("layers/dense/vars/0") && e.message.contains("expected shape (4, 3), found (5, 6)"), "\(e.message)")
        }
    }

    /// As Keras (checked with Keras 3.15): a subclassed model's attributes are visited by name
    /// together with its `layers` list (every direct sublayer), and the first path wins: the
    /// `headLayers` array is saved under `head_layers/`, and `trunk` under `layers/dense`
    /// ("layers" sorts before "trunk").
    @Test func subclassedModelsUseKerasAttributePaths() throws {
        final class TwoHeads: Model {
            let trunk = Dense(4, activation: .relu)
            let headLayers: [Layer] = [Dense(2), Dense(3)]
            override func call(_ input: Tensor, training: Bool) throws -> Tensor {
                let h = try trunk(input, training: training)
                return Tensor.concat(try headLayers.map { try $0(h, training: training) }, axis: -1)
            }
        }
        let model = TwoHeads()
        _ = try model(Tensor.zeros([1, 3]))
        let path = temporaryPath("weights.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.saveWeights(to: path)
        let shapes = try datasetShapes(try HDF5File(contentsOf: path).root)
        #expect(shapes == ["layers/dense/vars/0": [3, 4], "layers/dense/vars/1": [4], "head_layers/dense/vars/0": [4, 2],
                           "head_layers/dense/vars/1": [2], "head_layers/dense_1/vars/0": [4, 3], "head_layers/dense_1/vars/1": [3]])
        let other = TwoHeads()
        _ = try other(Tensor.zeros([1, 3]))
        try other.loadWeights(from: path)
        let x = Tensor.randomNormal([2, 3], seed: 3)
        #expect(try other(x).scalars() == (try model(x)).scalars())
    }

    /// A custom layer (not a model) has no `layers` list: its attributes only. Keras 3.15 writes
    /// `block/alpha/dense`, `block/alpha/dense_1`, `block/zeta` and `layers/dense` for this model.
    @Test func customLayersInsideSubclassedModels() throws {
        final class Block: Layer {
            let zeta = Dense(4)
            let alpha: [Layer] = [Dense(2), Dense(3)]
            override func call(_ input: Tensor, training: Bool) throws -> Tensor {
                Tensor.concat([try zeta(input)] + (try alpha.map { try $0(input) }), axis: -1)
            }
        }
        final class Outer: Model {
            let block = Block()
            let out = Dense(1)
            override func call(_ input: Tensor, training: Bool) throws -> Tensor { try out(try block(input)) }
        }
        let model = Outer()
        _ = try model(Tensor.zeros([1, 3]))
        let path = temporaryPath("weights.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.saveWeights(to: path)
        #expect(Set(try datasetShapes(try HDF5File(contentsOf: path).root).keys) == [
            "block/alpha/dense/vars/0", "block/alpha/dense/vars/1", "block/alpha/dense_1/vars/0", "block/alpha/dense_1/vars/1",
            "block/zeta/vars/0", "block/zeta/vars/1", "layers/dense/vars/0", "layers/dense/vars/1"])
    }

    @Test func unbuiltModelsAreRefused() throws {
        let model = try Sequential([Dense(2)])
        let path = temporaryPath("weights.h5")
        #expect(throws: LaminaError.self) { try model.saveWeights(to: path) }
        #expect(throws: LaminaError.self) { try model.loadWeights(from: try #require(try KerasFixture.named("cnn").path("weights.h5"))) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
