import Lamina
import Testing

/// Layers against real Keras: golden data written by Scripts/golden/layers.py (Keras 3, JAX).
/// Each case rebuilds the layer from Keras's own `get_config()` through LayerRegistry, loads
/// Keras's weights, and compares outputs and the gradients of `sum(outputs · weighting)` with
/// respect to the inputs and the trainable weights.
@Suite struct LayersGoldenTests {
    static let fixture = try! Fixture("layers")

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == "Scripts/golden/layers.py")
        #expect(Self.fixture.cases.count > 60)
    }

    @Test(arguments: fixture.cases.indices)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let name = c["name"]?.string ?? "?"
        let what = "Scripts/golden/layers.py case \(name)"
        let (layer, config) = try goldenLayer(c, what)
        expectConfigMatches(layer, config, what)

        let inputs = try #require(c["inputs"]?.array).compactMap(\.tensor)
        if let data = c["adapt"]?.tensor {
            try #require(layer as? Normalization).adapt(data)
        } else {
            try layer.ensureBuilt(inputs.map { [nil] + $0.shape.dropFirst().map { Optional($0) } })
        }
        let expectedWeights = try #require(c["weights"]?.array).compactMap(\.tensor)
        let names = try #require(c["weight_names"]?.array).compactMap(\.string)
        #expect(layer.weights.map(\.name) == names, "\(what): weight names")
        #expect(layer.countParams() == c["count_params"]?.int, "\(what): countParams")
        if c["adapt"] != nil {
            for (w, e) in zip(layer.getWeights(), expectedWeights) { expectClose(w.cast(to: .float32), e.cast(to: .float32), "\(what): adapted \(names)") }
        }
        try layer.setWeights(expectedWeights)

        let xs = inputs.map { $0.requiringGradient() }
        let mask = c["mask"]?.tensor
        let outs = try layer.callAsFunction(xs, masks: xs.indices.map { $0 == 0 ? mask : nil }, training: false)
        #expect(outs.count == 1)
        expectClose(outs[0], try c.tensor("output"), rtol: 1e-5, atol: 1e-6, "\(what): output")
        // Symbolic shape inference agrees with the real output (Dense with "glu" halves the units,
        // which Dense's computeOutputShape, like Keras's, does not know).
        let inferred = try layer.computeOutputShape(inputs.map { [nil] + $0.shape.dropFirst().map { Optional($0) } })
        #expect(name == "dense_glu" || inferred == [[nil] + outs[0].shape.dropFirst().map { Optional($0) }], "\(what): computeOutputShape \(inferred)")

        let loss = (outs[0] * (try c.tensor("weighting"))).sum()
        let trainable = layer.trainableWeights
        let grads = try gradients(of: loss, wrt: xs + trainable.map(\.value))
        let inputGrads = try #require(c["input_grads"]?.array).compactMap(\.tensor)
        let weightGrads = try #require(c["weight_grads"]?.array).compactMap(\.tensor)
        #expect(weightGrads.count == trainable.count, "\(what): trainable weights")
        for (i, (g, e)) in zip(grads, inputGrads + weightGrads).enumerated() {
            expectClose(g, e, rtol: 1e-5, atol: 1e-5, "\(what): gradient \(i)")
        }
    }
}
