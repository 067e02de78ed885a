import Lamina
import Testing

/// Embedding and the recurrent layers against real Keras: golden data written by
/// Scripts/golden/recurrent.py (Keras 3, JAX). Each case rebuilds the layer from Keras's own
/// `get_config()` through LayerRegistry, loads Keras's weights, runs it on the same sequence (with
/// Keras's mask and initial states where given) and compares every output and the gradients of
/// `Σ_k sum(output_k · weighting_k)` with respect to the inputs and the trainable weights.
@Suite struct RecurrentGoldenTests {
    static let fixture = try! Fixture("recurrent")
    static let script = "Scripts/golden/recurrent.py"

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == Self.script)
        #expect(Self.fixture.cases.count > 40)
    }

    static var layerCases: [Int] { fixture.cases.indices.filter { fixture.cases[$0]["class_name"] != nil } }

    @Test(arguments: layerCases)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let name = c["name"]?.string ?? "?"
        let what = "\(Self.script) case \(name)"
        let className = try #require(c["class_name"]?.string)
        let config = try #require(c["config"]?.object)
        let layer = try LayerRegistry.layer(className: className, config: config)
        #expect(layer.name == config["name"]?.string, "\(what): name")
        for (key, value) in config where value.object == nil && key != "cell" && key != "layer" {
            #expect(layer.fullConfig[key] == value || (value.double != nil && layer.fullConfig[key]?.double.map { abs($0 - value.double!) < 1e-6 } == true),
                    "\(what): config \(key) \(layer.fullConfig[key] ?? nil) != \(value)")
        }

        let inputs = try #require(c["inputs"]?.array).compactMap(\.tensor)
        try layer.ensureBuilt(inputs.map { [nil] + $0.shape.dropFirst().map { Optional($0) } })
        let expectedWeights = try #require(c["weights"]?.array).compactMap(\.tensor)
        try layer.setWeights(expectedWeights)

        let floatInput = inputs[0].dtype == .float32
        let xs = inputs.map { $0.dtype == .float32 ? $0.requiringGradient() : $0 }
        let mask = c["mask"]?.tensor
        let outs = try layer.callAsFunction(xs, masks: xs.indices.map { $0 == 0 ? mask : nil }, training: false)
        let expected = try #require(c["outputs"]?.array).compactMap(\.tensor)
        #expect(outs.count == expected.count, "\(what): output count")
        let long = inputs[0].rank == 3 && inputs[0].shape[1] > 20
        let rtol: Float = long ? 1e-4 : 1e-5
        for (k, (o, e)) in zip(outs, expected).enumerated() {
            expectClose(o, e, rtol: rtol, atol: 1e-5, "\(what): output \(k)")
        }
        let weightings = try #require(c["weightings"]?.array).compactMap(\.tensor)
        let loss = zip(outs, weightings).map { ($0 * $1).sum() }.reduce(Tensor.zeros([]), +)
        let trainable = layer.trainableWeights
        let leaves = (floatInput ? xs : []) + trainable.map(\.value)
        let grads = try gradients(of: loss, wrt: leaves)
        let inputGrads = try #require(c["input_grads"]?.array).compactMap(\.tensor)
        let weightGrads = try #require(c["weight_grads"]?.array).compactMap(\.tensor)
        #expect(weightGrads.count == trainable.count, "\(what): trainable weights")
        for (i, (g, e)) in zip(grads, inputGrads + weightGrads).enumerated() {
            expectClose(g, e, rtol: rtol, atol: 1e-5, "\(what): gradient \(i)")
        }
    }

    /// Embedding(maskZero) → LSTM(returnSequences) on padded ids: the mask made by the Embedding
    /// flows through a Sequential model into the LSTM, which skips the padding.
    @Test func embeddingLSTMPipeline() throws {
        let c = try #require(Self.fixture.cases.first { $0["name"]?.string == "embedding_lstm_pipeline" })
        let what = "\(Self.script) case embedding_lstm_pipeline"
        let ids = try #require(c["inputs"]?.array?.first?.tensor)
        let embedding = try LayerRegistry.layer(className: "Embedding", config: try #require(c["embedding_config"]?.object))
        let lstm = try LayerRegistry.layer(className: "LSTM", config: try #require(c["lstm_config"]?.object))
        let model = try Sequential {
            Input(shape: [ids.shape[1]], dtype: .int32)
            embedding
            lstm
        }
        try model.setWeights(try #require(c["weights"]?.array).compactMap(\.tensor))
        let y = try model(ids)
        expectClose(y, try #require(c["outputs"]?.array?.first?.tensor), rtol: 1e-5, atol: 1e-5, "\(what): output")
        let loss = (y * (try #require(c["weightings"]?.array?.first?.tensor))).sum()
        let trainable = model.trainableWeights
        let grads = try gradients(of: loss, wrt: trainable.map(\.value))
        for (i, (g, e)) in zip(grads, try #require(c["weight_grads"]?.array).compactMap(\.tensor)).enumerated() {
            expectClose(g, e, rtol: 1e-5, atol: 1e-5, "\(what): gradient \(i)")
        }
    }
}
