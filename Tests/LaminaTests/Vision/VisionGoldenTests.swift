import Lamina
import Testing

/// Convolution, pooling, normalization and image reshaping layers against real Keras: golden data
/// written by Scripts/golden/vision.py (Keras 3, JAX). Each case rebuilds the layer from Keras's
/// own `get_config()` through LayerRegistry, loads Keras's weights, and compares the output, the
/// symbolic output shape, and the gradients of `sum(output · weighting)` with respect to the input
/// and the trainable weights; BatchNormalization training cases also compare the moving
/// statistics after the call.
@Suite struct VisionGoldenTests {
    static let fixture = try! Fixture("vision")

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == "Scripts/golden/vision.py")
        #expect(Self.fixture.cases.count >= 50)
    }

    @Test(arguments: fixture.cases.indices)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let name = c["name"]?.string ?? "?"
        let what = "Scripts/golden/vision.py case \(name)"
        let (layer, config) = try goldenLayer(c, what)
        expectConfigMatches(layer, config, what)

        let x = try c.tensor("input")
        let shape: [Int?] = [nil] + x.shape.dropFirst().map { Optional($0) }
        try layer.ensureBuilt([shape])
        let names = try #require(c["weight_names"]?.array).compactMap(\.string)
        #expect(layer.weights.map(\.name) == names, "\(what): weight names")
        #expect(layer.countParams() == c["count_params"]?.int, "\(what): countParams")
        try layer.setWeights(try #require(c["weights"]?.array).compactMap(\.tensor))

        let long = c["long_reduction"]?.bool ?? false
        let rtol: Float = long ? 1e-4 : 1e-5, atol: Float = long ? 1e-5 : 1e-5
        let training = c["training"]?.bool ?? false
        let xs = x.requiringGradient()
        let outs = try layer.callAsFunction([xs], masks: [c["mask"]?.tensor], training: training)
        expectClose(outs[0], try c.tensor("output"), rtol: rtol, atol: atol, "\(what): output")
        #expect(try layer.computeOutputShape([shape]) == [[nil] + outs[0].shape.dropFirst().map { Optional($0) }],
                "\(what): computeOutputShape")

        let loss = (outs[0] * (try c.tensor("weighting"))).sum()
        let trainable = layer.trainableWeights
        let grads = try gradients(of: loss, wrt: [xs] + trainable.map(\.value))
        let weightGrads = try #require(c["weight_grads"]?.array).compactMap(\.tensor)
        #expect(weightGrads.count == trainable.count, "\(what): trainable weights")
        for (i, (g, e)) in zip(grads, [try c.tensor("input_grad")] + weightGrads).enumerated() {
            expectClose(g, e, rtol: rtol, atol: long ? 1e-4 : 1e-5, "\(what): gradient \(i) (0 = input)")
        }
        if let after = c["non_trainable_after"]?.array?.compactMap(\.tensor) {
            #expect(layer.nonTrainableWeights.count == after.count, "\(what): non-trainable weights")
            for (v, e) in zip(layer.nonTrainableWeights, after) {
                expectClose(v.value, e, rtol: 1e-4, atol: 1e-5, "\(what): \(v.name) after one training call")
            }
        }
    }
}
