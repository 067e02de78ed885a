/// Rebuilding optimizers, schedules and losses from their Keras serialized form
/// (`{"class_name", "config"}`), for `compile_config` in saved models.
extension Optimizers {
    /// An optimizer from `{"class_name": "Adam", "config": {...}}` (or a plain name string).
    public static func fromConfig(_ serialized: JSONValue) throws -> Optimizer {
        if let s = serialized.string { return try named(s) }
        guard let cls = serialized["class_name"]?.string else {
            throw LaminaError.value("A serialized optimizer needs a \"class_name\". Received: \(serialized)")
        }
        let c = serialized["config"]?.object ?? [:]
        func f(_ k: String, _ d: Float) -> Float { c[k]?.float ?? d }
        func opt(_ k: String) -> Float? { c[k]?.float }
        let lr = try learningRate(c["learning_rate"]) ?? 0.001
        let name = c["name"]?.string
        let (wd, cn, cv, gcn) = (opt("weight_decay"), opt("clipnorm"), opt("clipvalue"), opt("global_clipnorm"))
        switch cls {
        case "SGD":
            return SGD(learningRate: try learningRate(c["learning_rate"]) ?? 0.01, momentum: f("momentum", 0), nesterov: c["nesterov"]?.bool ?? false,
                       weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "sgd")
        case "Adam":
            return Adam(learningRate: lr, beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                        amsgrad: c["amsgrad"]?.bool ?? false, weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "adam")
        case "AdamW":
            return AdamW(learningRate: lr, weightDecay: wd ?? 0.004, beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999),
                         epsilon: f("epsilon", 1e-7), amsgrad: c["amsgrad"]?.bool ?? false, clipnorm: cn, clipvalue: cv,
                         globalClipnorm: gcn, name: name ?? "adam_w")
        case "RMSprop":
            return RMSprop(learningRate: lr, rho: f("rho", 0.9), momentum: f("momentum", 0), epsilon: f("epsilon", 1e-7),
                           centered: c["centered"]?.bool ?? false, weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn,
                           name: name ?? "rm_sprop")
        case "Adagrad":
            return Adagrad(learningRate: lr, initialAccumulatorValue: f("initial_accumulator_value", 0.1), epsilon: f("epsilon", 1e-7),
                           weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "adagrad")
        case "Adadelta":
            return Adadelta(learningRate: lr, rho: f("rho", 0.95), epsilon: f("epsilon", 1e-7), weightDecay: wd, clipnorm: cn,
                            clipvalue: cv, globalClipnorm: gcn, name: name ?? "adadelta")
        case "Adamax":
            return Adamax(learningRate: lr, beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                          weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "adamax")
        case "Nadam":
            return Nadam(learningRate: lr, beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.999), epsilon: f("epsilon", 1e-7),
                         weightDecay: wd, clipnorm: cn, clipvalue: cv, globalClipnorm: gcn, name: name ?? "nadam")
        case "Lion":
            return Lion(learningRate: lr, beta1: f("beta_1", 0.9), beta2: f("beta_2", 0.99), weightDecay: wd, clipnorm: cn,
                        clipvalue: cv, globalClipnorm: gcn, name: name ?? "lion")
        default:
            throw LaminaError.unknown("Unknown optimizer class in config: '\(cls)'")
        }
    }

    /// A learning rate: a number, or a serialized schedule.
    static func learningRate(_ v: JSONValue?) throws -> LearningRate? {
        guard let v else { return nil }
        if let x = v.float { return .constant(x) }
        guard let cls = v["class_name"]?.string, let c = v["config"]?.object else {
            throw LaminaError.value("Cannot read a learning rate from \(v)")
        }
        func f(_ k: String) throws -> Float {
            guard let x = c[k]?.float else { throw LaminaError.value("Schedule \(cls) is missing '\(k)'") }
            return x
        }
        func i(_ k: String) throws -> Int {
            guard let x = c[k]?.int else { throw LaminaError.value("Schedule \(cls) is missing '\(k)'") }
            return x
        }
        switch cls {
        case "ExponentialDecay":
            return .schedule(ExponentialDecay(initialLearningRate: try f("initial_learning_rate"), decaySteps: try i("decay_steps"),
                                              decayRate: try f("decay_rate"), staircase: c["staircase"]?.bool ?? false))
        case "InverseTimeDecay":
            return .schedule(InverseTimeDecay(initialLearningRate: try f("initial_learning_rate"), decaySteps: try i("decay_steps"),
                                              decayRate: try f("decay_rate"), staircase: c["staircase"]?.bool ?? false))
        case "PiecewiseConstantDecay":
            return .schedule(PiecewiseConstantDecay(boundaries: c["boundaries"]?.ints ?? [], values: c["values"]?.array?.compactMap(\.float) ?? []))
        case "PolynomialDecay":
            return .schedule(PolynomialDecay(initialLearningRate: try f("initial_learning_rate"), decaySteps: try i("decay_steps"),
                                             endLearningRate: c["end_learning_rate"]?.float ?? 0.0001, power: c["power"]?.float ?? 1,
                                             cycle: c["cycle"]?.bool ?? false))
        case "CosineDecay":
            return .schedule(CosineDecay(initialLearningRate: try f("initial_learning_rate"), decaySteps: try i("decay_steps"),
                                         alpha: c["alpha"]?.float ?? 0, warmupTarget: c["warmup_target"]?.float,
                                         warmupSteps: c["warmup_steps"]?.int ?? 0))
        case "CosineDecayRestarts":
            return .schedule(CosineDecayRestarts(initialLearningRate: try f("initial_learning_rate"), firstDecaySteps: try i("first_decay_steps"),
                                                 tMul: c["t_mul"]?.float ?? 2, mMul: c["m_mul"]?.float ?? 1, alpha: c["alpha"]?.float ?? 0))
        default:
            throw LaminaError.unknown("Unknown learning-rate schedule class in config: '\(cls)'")
        }
    }
}

extension Losses {
    /// A loss from its serialized form, keeping its arguments (`from_logits`, `label_smoothing`, …).
    public static func fromConfig(_ serialized: JSONValue) throws -> any Loss {
        if let s = serialized.string { return try named(s) }
        guard let cls = serialized["class_name"]?.string else {
            throw LaminaError.value("A serialized loss needs a \"class_name\". Received: \(serialized)")
        }
        let c = serialized["config"]?.object ?? [:]
        let reduction = c["reduction"]?.string.flatMap(Reduction.init(rawValue:)) ?? .sumOverBatchSize
        let logits = c["from_logits"]?.bool ?? false, smoothing = c["label_smoothing"]?.float ?? 0, axis = c["axis"]?.int ?? -1
        switch cls {
        case "CategoricalCrossentropy":
            return CategoricalCrossentropy(fromLogits: logits, labelSmoothing: smoothing, axis: axis, reduction: reduction)
        case "SparseCategoricalCrossentropy":
            return SparseCategoricalCrossentropy(fromLogits: logits, ignoreClass: c["ignore_class"]?.int, axis: axis, reduction: reduction)
        case "BinaryCrossentropy":
            return BinaryCrossentropy(fromLogits: logits, labelSmoothing: smoothing, axis: axis, reduction: reduction)
        case "Huber":
            return Huber(delta: c["delta"]?.float ?? 1, reduction: reduction)
        default:
            // Losses without arguments: the name table knows their class names.
            return try named(cls)
        }
    }
}
