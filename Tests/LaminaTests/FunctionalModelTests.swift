import Lamina
import Testing

/// Functional models: several inputs and outputs, shared layers, nested models, graph errors.
@Suite struct FunctionalModelTests {
    @Test func twoInputsTwoOutputsTrainAndPredict() throws {
        setRandomSeed(1)
        let a = Input(shape: [4], name: "a"), b = Input(shape: [3], name: "b")
        let ha = try Dense(8, activation: .relu)(a)
        let hb = try Dense(8, activation: .relu)(b)
        let shared = Dense(5, activation: .tanh)
        let sa = try shared(ha), sb = try shared(hb)    // one layer called twice shares its weights
        let out1 = try Dense(1, name: "regression")(sa)
        let out2 = try Dense(3, activation: .softmax, name: "classes")(sb)
        let model = try Model(inputs: [a, b], outputs: [out1, out2])
        #expect(model.inputs.count == 2 && model.outputs.count == 2)
        #expect(shared.weights.count == 2)
        #expect(model.countParams() == (4 * 8 + 8) + (3 * 8 + 8) + (8 * 5 + 5) + (5 + 1) + (5 * 3 + 3))

        let xa = Tensor.randomUniform([64, 4], seed: 2), xb = Tensor.randomUniform([64, 3], seed: 3)
        let y1 = xa.sum(axis: 1, keepDims: true)
        let y2 = xb.argmax(axis: 1)
        try model.compile(optimizer: Adam(learningRate: 0.01), losses: ["mse", "sparse_categorical_crossentropy"],
                          metrics: [[], ["accuracy"]], lossWeights: [1, 0.5])
        let h = try model.fit([xa, xb], [y1, y2], batchSize: 16, epochs: 20, verbose: 0)
        let loss = try #require(h.history["loss"])
        #expect(loss.last! < loss.first!)
        #expect(h.keys.contains("classes_accuracy"))
        let preds = try model.predict([xa, xb])
        #expect(preds.count == 2 && preds[0].shape == [64, 1] && preds[1].shape == [64, 3])
    }

    @Test func nestedModelsActAsLayers() throws {
        let inner = try Sequential([Dense(6, activation: .relu), Dense(2)], input: Input(shape: [4]), name: "inner")
        let x = Input(shape: [4])
        let y = try Dense(1)(try inner(x))
        let outer = try Model(inputs: x, outputs: y)
        #expect(outer.countParams() == inner.countParams() + 3)
        let out = try outer(Tensor.ones([5, 4]))
        #expect(out.shape == [5, 1])
        // The nested model's weights are the outer model's weights.
        let direct = try Dense(1, name: "probe")(try inner(Input(shape: [4])))
        _ = direct
        #expect(outer.weights.contains { w in inner.weights.contains { $0 === w } })
    }

    @Test func disconnectedGraphThrows() throws {
        let a = Input(shape: [2]), b = Input(shape: [2])
        let y = try Dense(1)(b)
        #expect(throws: LaminaError.self) { try Model(inputs: a, outputs: y) }
    }

    @Test func wrongInputShapeNamesTheModelAndShapes() throws {
        let x = Input(shape: [3])
        let model = try Model(inputs: x, outputs: try Dense(2)(x), name: "small")
        do {
            _ = try model.predict(Tensor.ones([4, 5]))
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.message.contains("small") && e.message.contains("(None, 3)") && e.message.contains("(4, 5)"))
        }
    }
}
