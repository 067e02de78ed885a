import Lamina
import Testing

/// Attention and normalization layers against real Keras: golden data written by
/// Scripts/golden/attention.py (Keras 3, JAX). Each case rebuilds the layer from Keras's
/// `get_config()` through LayerRegistry, loads Keras's weights, and compares the output, the
/// attention scores and the gradients of `sum(output · weighting)` (inputs and trainable weights).
@Suite struct AttentionGoldenTests {
    static let fixture = try! Fixture("attention")

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == "Scripts/golden/attention.py")
        #expect(Self.fixture.cases.count >= 20)
    }

    @Test(arguments: fixture.cases.indices)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let name = c["name"]?.string ?? "?"
        let what = "Scripts/golden/attention.py case \(name)"
        let (layer, config) = try goldenLayer(c, what)
        for (key, value) in config where value.object == nil && key != "dtype" && key != "axis" && key != "attention_axes" {
            #expect(layer.fullConfig[key] == value || layer.fullConfig[key]?.double.map { abs($0 - (value.double ?? .nan)) < 1e-6 } == true,
                    "\(what): config \(key) \(layer.fullConfig[key] ?? nil) != \(value)")
        }
        let inputs = try #require(c["inputs"]?.array).compactMap(\.tensor)
        try layer.ensureBuilt(inputs.map { [nil] + $0.shape.dropFirst().map { Optional($0) } })
        #expect(layer.weights.map(\.name) == c["weight_names"]?.array?.compactMap(\.string), "\(what): weight names")
        try layer.setWeights(try #require(c["weights"]?.array).compactMap(\.tensor))

        let xs = inputs.map { $0.requiringGradient() }
        let causal = c["use_causal_mask"]?.bool ?? false
        let key = xs.count > 2 ? xs[2] : nil
        let output: Tensor, scores: Tensor?
        switch (c["kind"]?.string, layer) {
        case ("dense_attention", let a as Attention):
            (output, scores) = try a(query: xs[0], value: xs[1], key: key, queryMask: c["query_mask"]?.tensor,
                                     valueMask: c["value_mask"]?.tensor, useCausalMask: causal)
        case ("dense_attention", let a as AdditiveAttention):
            (output, scores) = try a(query: xs[0], value: xs[1], key: key, queryMask: c["query_mask"]?.tensor,
                                     valueMask: c["value_mask"]?.tensor, useCausalMask: causal)
        case ("mha", let m as MultiHeadAttention):
            (output, scores) = try m(query: xs[0], value: xs[1], key: key, attentionMask: c["attention_mask"]?.tensor, useCausalMask: causal)
        default:
            (output, scores) = (try layer(xs[0]), nil)
        }
        expectClose(output, try c.tensor("output"), rtol: 1e-5, atol: 1e-5, "\(what): output")
        if let expected = c["scores"]?.tensor, let scores { expectClose(scores, expected, rtol: 1e-5, atol: 1e-6, "\(what): scores") }

        let loss = (output * (try c.tensor("weighting"))).sum()
        let trainable = layer.trainableWeights
        let grads = try gradients(of: loss, wrt: xs + trainable.map(\.value))
        let expected = try #require(c["input_grads"]?.array).compactMap(\.tensor) + (try #require(c["weight_grads"]?.array).compactMap(\.tensor))
        #expect(grads.count == expected.count, "\(what): gradient count")
        for (i, (g, e)) in zip(grads, expected).enumerated() {
            expectClose(g, e, rtol: 1e-5, atol: 1e-5, "\(what): gradient \(i)")
        }
    }
}
