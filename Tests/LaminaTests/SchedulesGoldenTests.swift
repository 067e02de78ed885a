import Lamina
import Testing

/// Learning-rate schedules against Keras: Fixtures/optimizers.json, written by
/// Scripts/golden/optimizers.py (`kind == "schedule"`).
@Suite struct SchedulesGoldenTests {
    static let script = "Scripts/golden/optimizers.py"

    @Test func schedulesMatchKeras() throws {
        let cases = try Fixture("optimizers").cases.filter { $0["kind"]?.string == "schedule" }
        #expect(cases.count >= 14, "fixture from \(Self.script) has \(cases.count) schedule cases")
        for c in cases {
            let cls = try #require(c["class_name"]?.string), kwargs = try #require(c["kwargs"])
            let schedule = try makeSchedule(cls, kwargs)
            let steps = try #require(c["steps"]?.ints)
            let expected = try c.tensor("values")
            let actual = Tensor(steps.map { schedule($0) }, shape: [steps.count])
            expectClose(actual, expected, rtol: 1e-5, atol: 1e-7, "\(cls) \(kwargs) vs Keras (\(Self.script)); steps \(steps)")
        }
    }

    @Test func configsUseKerasKeys() {
        let s = CosineDecay(initialLearningRate: 0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 3)
        #expect(Set(s.config.keys) == ["initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"])
        #expect(s.config["name"]?.string == "CosineDecay")
        #expect(CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 5).config["name"]?.string == "SGDRDecay")
        #expect(PiecewiseConstantDecay(boundaries: [1], values: [1, 2]).config["name"]?.string == "PiecewiseConstant")
        let sgd = SGD(learningRate: .schedule(ExponentialDecay(initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5)))
        #expect(sgd.config["learning_rate"]?["class_name"]?.string == "ExponentialDecay")
        #expect(sgd.config["learning_rate"]?["module"]?.string == "keras.optimizers.schedules")
    }
}

/// A schedule from a Keras class name and its constructor kwargs.
func makeSchedule(_ cls: String, _ k: JSONValue) throws -> any LearningRateSchedule {
    func f(_ key: String, _ d: Float) -> Float { k[key]?.float ?? d }
    func i(_ key: String) -> Int { k[key]?.int ?? 0 }
    switch cls {
    case "ExponentialDecay":
        return ExponentialDecay(initialLearningRate: f("initial_learning_rate", 0), decaySteps: i("decay_steps"),
                                decayRate: f("decay_rate", 0), staircase: k["staircase"]?.bool ?? false)
    case "PiecewiseConstantDecay":
        return PiecewiseConstantDecay(boundaries: k["boundaries"]?.ints ?? [], values: (k["values"]?.array ?? []).map { $0.float ?? 0 })
    case "PolynomialDecay":
        return PolynomialDecay(initialLearningRate: f("initial_learning_rate", 0), decaySteps: i("decay_steps"),
                               endLearningRate: f("end_learning_rate", 0.0001), power: f("power", 1), cycle: k["cycle"]?.bool ?? false)
    case "InverseTimeDecay":
        return InverseTimeDecay(initialLearningRate: f("initial_learning_rate", 0), decaySteps: i("decay_steps"),
                                decayRate: f("decay_rate", 0), staircase: k["staircase"]?.bool ?? false)
    case "CosineDecay":
        return CosineDecay(initialLearningRate: f("initial_learning_rate", 0), decaySteps: i("decay_steps"), alpha: f("alpha", 0),
                           warmupTarget: k["warmup_target"]?.float, warmupSteps: i("warmup_steps"))
    case "CosineDecayRestarts":
        return CosineDecayRestarts(initialLearningRate: f("initial_learning_rate", 0), firstDecaySteps: i("first_decay_steps"),
                                   tMul: f("t_mul", 2), mMul: f("m_mul", 1), alpha: f("alpha", 0))
    default:
        throw LaminaError(.unknownName, "no schedule \(cls)")
    }
}
