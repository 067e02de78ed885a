import Foundation
import Lamina
import Testing

/// Models rebuilt from the config JSON real Keras writes (Fixtures/model_configs.json, made by
/// Scripts/golden/model_config.py), and Lamina's own config round trip.
@Suite struct ModelConfigTests {
    /// The variable at a Keras weight path such as `inner/inner_dense/kernel`.
    func variable(_ model: Model, _ path: String) throws -> Variable {
        var parts = path.split(separator: "/").map(String.init)
        let weightName = parts.removeLast()
        if parts.first == model.name { parts.removeFirst() }   // Keras prefixes Sequential weights with the model's name
        var layer: Layer = model
        for part in parts {
            guard let m = layer as? Model, let next = m.layers.first(where: { $0.name == part }) else {
                throw LaminaError(.value, "no layer \(part) on the way to \(path)")
            }
            layer = next
        }
        guard let v = layer.weights.first(where: { $0.name == weightName }) else { throw LaminaError(.value, "no weight \(path)") }
        return v
    }

    @Test(arguments: ["sequential", "functional"])
    func rebuildsKerasConfigsAndPredictsTheSame(_ name: String) throws {
        let fixture = try Fixture("model_configs")
        let c = try #require(fixture.cases.first { $0["name"]?.string == name })
        let model = try Model.fromConfig(try #require(c["config"]))
        #expect(model.countParams() == c["params"]?.int)
        let names = try #require(c["weight_names"]?.array?.compactMap { $0.string })
        let values = try #require(c["weights"]?.array?.compactMap { $0.tensor })
        for (path, value) in zip(names, values) { try variable(model, path).assign(value) }
        let inputs = try #require(c["inputs"]?.array?.compactMap { $0.tensor })
        let outputs = try #require(c["outputs"]?.array?.compactMap { $0.tensor })
        let predicted = try model.predict(inputs)
        for (p, e) in zip(predicted, outputs) { expectClose(p, e, rtol: 1e-5, atol: 1e-6, "\(name) (\(fixture.generator))") }
        // Lamina's own config of the rebuilt model rebuilds the same model again.
        let again = try Model.fromJSON(model.toJSON())
        #expect(again.toJSON() == model.toJSON())
        #expect(again.countParams() == model.countParams())
    }

    @Test func configNamesKerasFields() throws {
        let x = Input(shape: [4], name: "x")
        let model = try Model(inputs: x, outputs: try Dense(2, name: "out")(try Dense(3, activation: .relu, name: "h")(x)), name: "m")
        let config = try JSONValue.parse(model.toJSON())
        #expect(config["class_name"]?.string == "Functional")
        let layers = try #require(config["config"]?["layers"]?.array)
        #expect(layers.map { $0["name"]?.string } == ["x", "h", "out"])
        let history = layers[2]["inbound_nodes"]?.array?.first?["args"]?.array?.first?["config"]?["keras_history"]
        #expect(history == ["h", 0, 0])
        #expect(config["config"]?["input_layers"] == ["x", 0, 0])
        #expect(layers[1]["config"]?["activation"]?.string == "relu")
    }

    @Test func unknownLayerClassIsNamed() throws {
        let config: JSONValue = ["class_name": "Sequential", "config": ["name": "s", "layers": [
            ["class_name": "InputLayer", "config": ["batch_shape": [nil, 3]]],
            ["class_name": "FancyLayer", "config": ["name": "fancy"]],
        ]]]
        do {
            _ = try Model.fromConfig(config)
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.message.contains("FancyLayer"))
        }
    }
}

/// Whole models in one file: config, weights and optimizer state.
@Suite struct WholeModelSavingTests {
    func temp() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).lamina").path }

    @Test func loadedModelPredictsIdenticallyAndResumesTrainingExactly() throws {
        let (x, y) = try Datasets.digits(path: RepoData.digits)
        let xs = x.slice(axis: 0, 0..<256), ys = y.slice(axis: 0, 0..<256)
        let a = try Sequential(name: "digits_mlp") {
            Input(shape: [64])
            Dense(32, activation: .relu, name: "hidden")
            Dense(10, activation: .softmax, name: "probs")
        }
        try a.compile(optimizer: Adam(learningRate: 0.003), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        try a.fit(xs, ys, batchSize: 32, epochs: 2, verbose: 0, shuffle: false)
        let path = temp()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.save(to: path)

        let b = try Model.load(from: path)
        #expect(try b.predict(xs).scalars() == (try a.predict(xs)).scalars())
        #expect(b.compiled?.optimizer.iterations == a.compiled?.optimizer.iterations)
        // One more epoch on each: the same Adam state gives bit-identical weights.
        let ha = try a.fit(xs, ys, batchSize: 32, epochs: 1, verbose: 0, shuffle: false)
        let hb = try b.fit(xs, ys, batchSize: 32, epochs: 1, verbose: 0, shuffle: false)
        #expect(ha.history["loss"] == hb.history["loss"])
        #expect(a.getWeights().map { $0.scalars() } == b.getWeights().map { $0.scalars() })
        // The file's weights also load into a freshly built model.
        let c = try Sequential { Input(shape: [64]); Dense(32, activation: .relu); Dense(10, activation: .softmax) }
        try c.loadWeights(from: path)
    }

    @Test func notAModelFileIsNamed() throws {
        let model = try Sequential { Input(shape: [2]); Dense(1) }
        let weights = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: weights) }
        try model.saveWeights(to: weights)
        let renamed = weights + ".lamina"
        try FileManager.default.copyItem(atPath: weights, toPath: renamed)
        defer { try? FileManager.default.removeItem(atPath: renamed) }
        #expect(throws: LaminaError.self) { try Model.load(from: renamed) }
        #expect(throws: LaminaError.self) { try model.save(to: "/tmp/model.h5") }
        #expect(throws: LaminaError.self) { try model.save(to: "/tmp/model.txt") }
    }
}

/// Regularizers and constraints survive a config round trip, and the penalty joins the loss.
@Suite struct RegularizedConfigTests {
    @Test func denseWithRegularizerAndConstraintRoundTrips() throws {
        let model = try Sequential(name: "reg") {
            Input(shape: [3])
            Dense(4, kernelInitializer: RandomNormal(stddev: 0.5, seed: 3), kernelRegularizer: L2(l2: 0.1), kernelConstraint: MaxNorm(maxValue: 1))
        }
        let again = try Model.fromJSON(model.toJSON())
        #expect(again.toJSON() == model.toJSON())
        let dense = try #require(again.layers.first as? Dense)
        #expect(dense.kernelRegularizer?.className == "L2" && dense.kernelConstraint?.className == "MaxNorm")
        // evaluate's loss includes 0.1·Σw² of the kernel.
        try model.compile(optimizer: "sgd", loss: "mse")
        let x = Tensor.zeros([2, 3]), y = Tensor.zeros([2, 4])
        let loss = try model.evaluate(x, y, verbose: 0)["loss"]!
        let w = (model.layers[0] as! Dense).kernel!.value
        #expect(abs(loss - 0.1 * w.squared().sum().item()) < 1e-5)
        // After a step the constraint holds: every column's norm ≤ 1.
        try model.fit(Tensor.ones([2, 3]), Tensor.ones([2, 4]), verbose: 0)
        let norms = (model.layers[0] as! Dense).kernel!.value.squared().sum(axis: 0).sqrt().scalars()
        #expect(norms.allSatisfy { $0 <= 1 + 1e-5 })
    }
}
