import Lamina
import Testing

/// The layer lifecycle, configs, registry and error messages of the core layers.
@Suite struct LayerLifecycleTests {
    @Test func denseBuildsOnFirstCallWithKerasWeightOrder() throws {
        let d = Dense(3, name: "d")
        #expect(!d.isBuilt && d.weights.isEmpty && d.countParams() == 0)
        let y = try d(Tensor.ones([2, 4]))
        #expect(y.shape == [2, 3])
        #expect(d.isBuilt)
        #expect(d.weights.map(\.name) == ["kernel", "bias"])
        #expect(d.weights.map(\.shape) == [[4, 3], [3]])
        #expect(d.countParams() == 15)
    }

    @Test func preluAndNormalizationWeights() throws {
        let p = PReLU(sharedAxes: [1, 2])
        _ = try p(Tensor.ones([2, 5, 5, 3]))
        #expect(p.weights.map(\.name) == ["alpha"])
        #expect(p.weights[0].shape == [1, 1, 3])
        #expect(p.countParams() == 3)
        let n = try Normalization()
        try n.adapt(Tensor([[1, 2], [3, 6]]))
        #expect(n.weights.map(\.name) == ["mean", "variance", "count"])
        #expect(n.trainableWeights.isEmpty)
        #expect(n.getWeights()[0].scalars() == [2, 4])
        #expect(n.getWeights()[1].scalars() == [1, 4])
        #expect(n.getWeights()[2].dtype == .int32)
    }

    @Test func setWeightsShapeErrorsNameTheLayer() throws {
        let d = Dense(3, name: "my_dense")
        _ = try d(Tensor.ones([1, 2]))
        let e = #expect(throws: LaminaError.self) { try d.setWeights([Tensor.ones([3, 3]), Tensor.ones([3])]) }
        #expect(e?.message.contains("my_dense") == true)
        #expect(e?.message.contains("(2, 3)") == true && e?.message.contains("(3, 3)") == true)
        let e2 = #expect(throws: LaminaError.self) { try d.setWeights([Tensor.ones([2, 3])]) }
        #expect(e2?.message.contains("my_dense") == true)
    }

    @Test func wrongInputShapesNameTheLayerAndShapes() throws {
        let d = Dense(3, name: "dd")
        _ = try d(Tensor.ones([1, 4]))
        let e = #expect(throws: LaminaError.self) { try d(Tensor.ones([1, 5])) }
        #expect(e?.message.contains("\"dd\"") == true)
        #expect(e?.message.lowercased().contains("received") == true)
        #expect(e?.message.contains("(None, 5)") == true && e?.message.contains("4") == true)

        let p = try Permute([2, 1], name: "perm")
        let e2 = #expect(throws: LaminaError.self) { try p(Tensor.ones([2, 3])) }
        #expect(e2?.message.contains("perm") == true && e2?.message.contains("ndim=3") == true)

        let r = try Reshape([4, 2], name: "resh")
        let e3 = #expect(throws: LaminaError.self) { try r(Tensor.ones([2, 3, 3])) }
        #expect(e3?.message.contains("resh") == true)
        #expect(e3?.message.contains("Received: input_shape=(3, 3), target_shape=(4, 2)") == true)
        let e3b = #expect(throws: LaminaError.self) { try Reshape([-1, 4])(Input(shape: [3, 3])) }
        #expect(e3b?.message.contains("target_shape=(-1, 4)") == true)
        #expect(throws: LaminaError.self) { try Reshape([-1, -1]) }

        let rv = try RepeatVector(2, name: "rv")
        let e4 = #expect(throws: LaminaError.self) { try rv(Tensor.ones([2, 3, 1])) }
        #expect(e4?.message.contains("rv") == true)

        let add = Add(name: "adder")
        let e5 = #expect(throws: LaminaError.self) { try add([Tensor.ones([2, 3]), Tensor.ones([2, 4])]) }
        #expect(e5?.message.contains("adder") == true && e5?.message.contains("Received shapes (3,) and (4,)") == true)
        let e6 = #expect(throws: LaminaError.self) { try Subtract()([Input(shape: [3]), Input(shape: [3]), Input(shape: [3])]) }
        #expect(e6?.message.contains("exactly 2 inputs") == true)
        let e7 = #expect(throws: LaminaError.self) { try Concatenate(axis: -1, name: "cat")([Input(shape: [2, 3]), Input(shape: [4, 3])]) }
        #expect(e7?.message.contains("cat") == true && e7?.message.contains("[(None, 2, 3), (None, 4, 3)]") == true)
        let e8 = #expect(throws: LaminaError.self) { try Dot(axes: -1, name: "dotty")([Input(shape: [3]), Input(shape: [4])]) }
        #expect(e8?.message.contains("dotty") == true && e8?.message.contains("3 (at axis 1) != 4 (at axis 1)") == true)
    }

    @Test func argumentValidation() throws {
        #expect(throws: LaminaError.self) { try ReLU(maxValue: -1) }
        #expect(throws: LaminaError.self) { try ReLU(negativeSlope: -0.1) }
        #expect(throws: LaminaError.self) { try LeakyReLU(negativeSlope: -1) }
        #expect(throws: LaminaError.self) { try Dropout(1.5) }
        #expect(throws: LaminaError.self) { try GaussianNoise(stddev: 2) }
        #expect(throws: LaminaError.self) { try Permute([1, 3]) }
        #expect(throws: LaminaError.self) { try RepeatVector(0) }
        #expect(throws: LaminaError.self) { try Normalization(mean: [1], variance: nil) }
    }

    @Test func symbolicShapesWithoutRunningTheMath() throws {
        let x = Input(shape: [3, 2, 2])
        #expect(try Flatten()(x).shape == [nil, 12])
        #expect(try Reshape([-1, 3])(x).shape == [nil, 4, 3])
        #expect(try Permute([3, 1, 2])(x).shape == [nil, 2, 3, 2])
        #expect(try RepeatVector(5)(Input(shape: [4])).shape == [nil, 5, 4])
        #expect(try Reshape([-1, 2])(Input(shape: [nil, 4])).shape == [nil, nil, 2])
        #expect(try Flatten()(Input(shape: [nil, 4])).shape == [nil, nil])
        #expect(try Concatenate(axis: 1)([Input(shape: [2, 3]), Input(shape: [5, 3])]).map(\.shape) == [[nil, 7, 3]])
        #expect(try Dot(axes: (1, 2))([Input(shape: [3, 4]), Input(shape: [5, 3])]).map(\.shape) == [[nil, 4, 5]])
        #expect(try Dot(axes: 1)([Input(shape: [3]), Input(shape: [3])]).map(\.shape) == [[nil, 1]])
        #expect(try Add()([Input(shape: [3, 4]), Input(shape: [1, 4])]).map(\.shape) == [[nil, 3, 4]])
        #expect(try Lambda({ $0 * 2 }, outputShape: [7])(Input(shape: [7])).shape == [nil, 7])
        #expect(try Lambda({ $0.sum(axis: -1) })(Input(shape: [3, 4])).shape == [nil, 3])
    }

    @Test func functionalModelWithMergeLayers() throws {
        let a = Input(shape: [4]), b = Input(shape: [4])
        let h = try Dense(4, activation: .relu)(a)
        let s = try Add()([h, b])[0]
        let c = try Concatenate()([s, a])[0]
        let model = try Model(inputs: [a, b], outputs: [try Dense(2)(c)])
        let out = try model([Tensor.ones([3, 4]), Tensor.ones([3, 4])])
        #expect(out[0].shape == [3, 2])
    }

    @Test func configRoundTripThroughTheRegistry() throws {
        let layers: [Layer] = [
            Dense(5, activation: .gelu, useBias: false), ActivationLayer(.hardSilu), try ReLU(maxValue: 2, negativeSlope: 0.1, threshold: 0.5),
            try LeakyReLU(), PReLU(sharedAxes: [1]), ELU(alpha: 0.7), Softmax(axis: 1), try Dropout(0.25, noiseShape: [nil, 1], seed: 4),
            try GaussianNoise(stddev: 0.2, seed: 9), try Flatten(dataFormat: "channels_first"), try Reshape([-1, 4]), try Permute([2, 1]),
            try RepeatVector(3), Add(), Subtract(), Multiply(), Average(), Maximum(), Minimum(), Concatenate(axis: 1),
            Dot(axes: (1, 2), normalize: true), Dot(axes: -1), Rescaling(scale: 0.5, offset: 1), try Normalization(axis: [1, 2]),
            try Normalization(mean: [1, 2], variance: [3, 4], invert: true),
        ]
        for l in layers {
            let serialized: JSONValue = ["class_name": .string(l.className), "config": .object(l.fullConfig)]
            let rebuilt = try LayerRegistry.layer(from: JSONValue.parse(serialized.description))
            #expect(type(of: rebuilt) == type(of: l))
            #expect(JSONValue.object(rebuilt.fullConfig) == JSONValue.object(l.fullConfig), "\(l.className)")
        }
        let frozen = Dense(2)
        frozen.trainable = false
        #expect(try LayerRegistry.layer(className: "Dense", config: frozen.fullConfig).trainable == false)
    }

    @Test func registryErrors() throws {
        let e = #expect(throws: LaminaError.self) { try LayerRegistry.layer(className: "Conv9D", config: [:]) }
        #expect(e?.message.contains("Conv9D") == true)
        #expect(e?.kind == .unknownName)
        let e2 = #expect(throws: LaminaError.self) { try LayerRegistry.layer(className: "Lambda", config: ["name": "lam"]) }
        #expect(e2?.message.contains("lam") == true)
        #expect(throws: LaminaError.self) { try LayerRegistry.layer(className: "Dense", config: [:]) }
        #expect(LayerRegistry.classNames.contains("Dense") && LayerRegistry.classNames.contains("Normalization"))
    }

    @Test func automaticNamesAreKeras() {
        #expect(ActivationLayer(.relu).name.hasPrefix("activation"))
        #expect(try! ReLU().name.hasPrefix("re_lu"))
        #expect(PReLU().name.hasPrefix("p_re_lu"))
        #expect(try! LeakyReLU().name.hasPrefix("leaky_re_lu"))
    }
}
