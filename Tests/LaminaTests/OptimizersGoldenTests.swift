import Lamina
import Testing

/// Every optimizer against Keras, step by step: Fixtures/optimizers.json, written by
/// Scripts/golden/optimizers.py (`kind == "optimizer"`): two variables, five gradients, the
/// weights after each `apply`. Run on the CPU backend (fused kernels) and on the reference
/// backend (the composite definitions).
@Suite struct OptimizersGoldenTests {
    static let script = "Scripts/golden/optimizers.py"

    @Test("optimizers match Keras step by step", arguments: ["cpu", "reference"])
    func optimizersMatchKeras(_ backendName: String) throws {
        let backend = try #require(Backends.named(backendName))
        let cases = try Fixture("optimizers").cases.filter { $0["kind"]?.string == "optimizer" }
        #expect(cases.count >= 30, "fixture from \(Self.script) has \(cases.count) optimizer cases")
        for c in cases {
            let cls = try #require(c["class_name"]?.string), kwargs = try #require(c["kwargs"])
            try withBackend(backend) {
                let optimizer = try makeOptimizer(cls, kwargs)
                let initial = try #require(c["initial"]?.array).map { try #require($0.tensor) }
                let variables = initial.enumerated().map { Variable($1, name: "w\($0)") }
                let gradients = try #require(c["gradients"]?.array)
                let steps = try #require(c["steps"]?.array)
                for (t, (g, expected)) in zip(gradients, steps).enumerated() {
                    let grads = try #require(g.array).map { try #require($0.tensor) }
                    optimizer.apply(grads, to: variables)
                    for (k, e) in try #require(expected.array).enumerated() {
                        expectClose(variables[k].value, try #require(e.tensor), rtol: 1e-5, atol: 1e-6,
                                    "\(cls) \(kwargs) on \(backendName), variable \(k) after step \(t + 1) vs Keras (\(Self.script))")
                    }
                }
                #expect(optimizer.iterations == steps.count)
            }
        }
    }

    @Test func namedKnowsEveryKerasOptimizer() throws {
        let expected: [String: String] = ["sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop", "adagrad": "Adagrad",
                                          "adadelta": "Adadelta", "adamax": "Adamax", "nadam": "Nadam", "lion": "Lion"]
        for (name, cls) in expected {
            #expect(try Optimizers.named(name).className == cls)
            #expect(try Optimizers.named(name.uppercased()).className == cls)
        }
        #expect(Set(Optimizers.knownNames) == Set(expected.keys))
        #expect(throws: LaminaError.self) { try Optimizers.named("adamz") }
    }

    @Test func defaultsAndConfigFollowKeras() throws {
        let adamw = AdamW()
        #expect(adamw.weightDecay == 0.004 && adamw.name == "adam_w" && adamw.config["weight_decay"]?.double == Double(Float(0.004)))
        #expect(RMSprop().name == "rm_sprop" && RMSprop().slotNames == ["velocity"])
        #expect(RMSprop(momentum: 0.9, centered: true).slotNames == ["velocity", "momentum", "average_gradient"])
        #expect(SGD().name == "sgd" && SGD().currentLearningRate == 0.01)
        #expect(Adagrad().config["initial_accumulator_value"]?.float == 0.1)
        #expect(Adadelta().rho == 0.95 && Lion().beta2 == 0.99)
        #expect(Set(Nadam().config.keys).isSuperset(of: ["beta_1", "beta_2", "epsilon", "learning_rate", "global_clipnorm"]))
    }

    @Test func adagradStartsItsAccumulatorAtTheInitialValue() {
        let opt = Adagrad(initialAccumulatorValue: 0.25)
        let v = Variable(Tensor([1, 2, 3]), name: "w")
        #expect(opt.slotsFor(v)[0].value.scalars() == [0.25, 0.25, 0.25])
    }

    @Test func excludedVariablesGetNoWeightDecay() {
        let opt = SGD(learningRate: 0.1, weightDecay: 0.5)
        let kernel = Variable(Tensor([1, 1]), name: "kernel"), bias = Variable(Tensor([1, 1]), name: "bias"), other = Variable(Tensor([1]), name: "x")
        opt.excludeFromWeightDecay(variables: [other], names: ["bia"])
        opt.apply([Tensor([0, 0]), Tensor([0, 0]), Tensor([0])], to: [kernel, bias, other])
        #expect(kernel.value.scalars() == [0.95, 0.95])
        #expect(bias.value.scalars() == [1, 1])
        #expect(other.value.scalars() == [1])
    }

    @Test func anEmptyStepDoesNothing() {
        let opt = Adam()
        opt.apply([], to: [])
        #expect(opt.iterations == 0)
    }
}

/// An optimizer from a Keras class name and its constructor kwargs (a schedule as
/// `{"class_name", "config"}` under `learning_rate`).
func makeOptimizer(_ cls: String, _ k: JSONValue) throws -> Optimizer {
    func f(_ key: String, _ d: Float) -> Float { k[key]?.float ?? d }
    func o(_ key: String) -> Float? { k[key]?.float }
    let lr: (Float) throws -> LearningRate = { d in
        guard let v = k["learning_rate"] else { return .constant(d) }
        if let x = v.float { return .constant(x) }
        return .schedule(try makeSchedule(v["class_name"]?.string ?? "", v["config"] ?? .null))
    }
    let wd = o("weight_decay"), cn = o("clipnorm"), cv = o("clipvalue"), gcn = o("global_clipnorm")
    switch cls {
    case "SGD":
        return SGD(learningRate: try lr(0.01), momentum: f("momentum", 0), nesterov: k["nesterov"]?.bool ?? false, weightDecay: wd,
                   clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Adam":
        return Adam(learningRate: try lr(0.001), beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                    amsgrad: k["amsgrad"]?.bool ?? false, weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "AdamW":
        return AdamW(learningRate: try lr(0.001), weightDecay: f("weight_decay", 0.004), beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999),
                     epsilon: f("epsilon", 1e-7), amsgrad: k["amsgrad"]?.bool ?? false, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "RMSprop":
        return RMSprop(learningRate: try lr(0.001), rho: f("rho", 0.9), momentum: f("momentum", 0), epsilon: f("epsilon", 1e-7),
                       centered: k["centered"]?.bool ?? false, weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Adagrad":
        return Adagrad(learningRate: try lr(0.001), initialAccumulatorValue: f("initial_accumulator_value", 0.1),
                       epsilon: f("epsilon", 1e-7), weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Adadelta":
        return Adadelta(learningRate: try lr(0.001), rho: f("rho", 0.95), epsilon: f("epsilon", 1e-7), weightDecay: wd,
                        clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Adamax":
        return Adamax(learningRate: try lr(0.001), beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                      weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Nadam":
        return Nadam(learningRate: try lr(0.001), beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                     weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    case "Lion":
        return Lion(learningRate: try lr(0.001), beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.99), weightDecay: wd,
                    clipnorm: cn, clipvalue: cv, globalClipnorm: gcn)
    default:
        throw LaminaError(.unknownName, "no optimizer \(cls)")
    }
}
