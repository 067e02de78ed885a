import Foundation
import Lamina
import LaminaKeras
import Testing

/// Keras 2 `.h5` files (written by Keras 3's legacy `model.save("x.h5")`): whole models and
/// weights into existing models, predicting what Keras predicted.
@Suite struct LegacyH5Tests {
    @Test("whole model", arguments: KerasFixture.names(with: "h5"))
    func wholeModelPredictsAsKeras(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("h5")))
        let outputs = try model.predict(f.inputs)
        #expect(outputs.count == f.outputs.count)
        for (i, (a, e)) in zip(outputs, f.outputs).enumerated() { expectClose(a, e, "\(name) output \(i)") }
    }

    @Test("weights into an existing model", arguments: KerasFixture.names(with: "h5"))
    func weightsLoadIntoARebuiltModel(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let path = try #require(f.path("h5"))
        let reference = try Model.load(from: path, compile: false)
        let fresh = try Model.fromJSON(reference.toJSON())
        let before = try fresh.predict(f.inputs)
        try fresh.loadWeights(from: path)
        let after = try fresh.predict(f.inputs)
        for (i, (a, e)) in zip(after, f.outputs).enumerated() { expectClose(a, e, "\(name) output \(i)") }
        #expect(zip(before, f.outputs).contains { $0.scalars() != $1.scalars() })
    }

    /// The same files in Keras 2's own layout (Scripts/keras_files/keras2_style.py): Keras 2
    /// configs (`batch_input_shape`, nested-list `inbound_nodes`, plain dtype strings), fixed-length
    /// byte-string attributes and `<layer>/<weight>:0` weight names.
    @Test("Keras 2 layout", arguments: KerasFixture.names(with: "keras2.h5"))
    func keras2LayoutLoads(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let path = try #require(f.path("keras2.h5"))
        let model = try Model.load(from: path)
        for (i, (a, e)) in zip(try model.predict(f.inputs), f.outputs).enumerated() { expectClose(a, e, "\(name) output \(i)") }
        #expect(model.compiled?.optimizer.className == f.optimizer)
        let fresh = try Model.fromJSON(model.toJSON())
        try fresh.loadWeights(from: path)
        for (a, e) in zip(try fresh.predict(f.inputs), f.outputs) { expectClose(a, e, "\(name) weights only") }
    }

    @Test func trainingConfigAndOptimizerStateAreRestored() throws {
        let f = try KerasFixture.named("cnn")
        let model = try Model.load(from: try #require(f.path("h5")))
        let optimizer = try #require(model.compiled?.optimizer)
        #expect(optimizer.className == f.optimizer)
        #expect(optimizer.iterations == 2)
        let loss = try model.trainOnBatch(f.trainX, f.trainY)["loss"]
        #expect(abs((loss ?? .nan) - f.trainLoss) <= 1e-5 * abs(f.trainLoss) + 1e-6)
        for (a, e) in zip(try model.predict(f.inputs), f.afterStep) { expectClose(a, e, rtol: 1e-4, atol: 1e-5, "after one step") }
    }

    @Test func layerCountMismatchNamesBothSides() throws {
        let path = try #require(try KerasFixture.named("lstm_text").path("h5"))
        let other = try Sequential { Input(shape: [7]); Dense(2) }
        do {
            try other.loadWeights(from: path)
            Issue.record("expected a mismatch")
        } catch let e as LaminaError {
            #expect(e.message.contains(path) && e.message.contains("layer count mismatch"), "\(e.message)")
        }
    }

    @Test func weightsFileIsNotAModel() throws {
        let path = try #require(try KerasFixture.named("cnn").path("weights.h5"))
        let renamed = temporaryPath("h5")
        defer { try? FileManager.default.removeItem(atPath: renamed) }
        try FileManager.default.copyItem(atPath: path, toPath: renamed)
        do {
            _ = try Model.load(from: renamed)
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.message.contains(renamed) && e.message.contains("model_config"), "\(e.message)")
        }
        let model = try Sequential { Input(shape: [3]); Dense(2) }
        #expect(throws: LaminaError.self) { try model.save(to: renamed) }   // Lamina does not write Keras 2 files
    }
}
