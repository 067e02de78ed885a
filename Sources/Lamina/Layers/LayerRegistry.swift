/// Rebuilds layers from Keras configs: maps a Keras `class_name` to a function that makes the
/// layer from its `config` object (the form `get_config` writes, including `name` and `trainable`).
///
/// ```swift
/// let layer = try LayerRegistry.layer(from: ["class_name": "Dense", "config": ["units": 4, "activation": "relu"]])
/// ```
/// Register your own classes with ``register(_:_:)``. Unknown class names throw a ``LaminaError``
/// naming the class.
public enum LayerRegistry {
    public typealias Factory = (_ config: [String: JSONValue]) throws -> Layer

    /// Built-in layers, then each family's table (existing names win on a clash).
    nonisolated(unsafe) private static var factories: [String: Factory] =
        [recurrentBuiltIns, visionFactories, attentionBuiltIns].reduce(builtIns) { $0.merging($1) { old, _ in old } }

    /// Adds (or replaces) the factory for a class name.
    public static func register(_ className: String, _ factory: @escaping Factory) { factories[className] = factory }

    /// The class names that can be rebuilt.
    public static var classNames: [String] { factories.keys.sorted() }

    /// Makes a layer of class `className` from its config.
    public static func layer(className: String, config: [String: JSONValue]) throws -> Layer {
        guard let make = factories[className] else {
            throw LaminaError.unknown("Unknown layer class: '\(className)'. Registered layer classes: \(classNames.joined(separator: ", "))")
        }
        let layer = try make(config)
        if let t = config["trainable"]?.bool { layer.trainable = t }
        return layer
    }

    /// Makes a layer from a serialized `{"class_name": …, "config": {…}}` object.
    public static func layer(from serialized: JSONValue) throws -> Layer {
        guard let className = serialized["class_name"]?.string else {
            throw LaminaError.value("A serialized layer needs a \"class_name\" string. Received: \(serialized)")
        }
        return try layer(className: className, config: serialized["config"]?.object ?? [:])
    }

    private static let builtIns: [String: Factory] = [
        "Dense": { c in
            Dense(try c.int("units", layer: "Dense"), activation: try Activation.named(c["activation"]?.string),
                  useBias: c["use_bias"]?.bool ?? true,
                  kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                  biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros,
                  kernelRegularizer: try c.optionalObject("kernel_regularizer"), biasRegularizer: try c.optionalObject("bias_regularizer"),
                  kernelConstraint: try c.optionalObject("kernel_constraint"), biasConstraint: try c.optionalObject("bias_constraint"),
                  name: c.name)
        },
        "Activation": { c in try ActivationLayer(c["activation"]?.string ?? "linear", name: c.name) },
        "ReLU": { c in
            try ReLU(maxValue: c["max_value"]?.float, negativeSlope: c["negative_slope"]?.float ?? 0,
                     threshold: c["threshold"]?.float ?? 0, name: c.name)
        },
        "LeakyReLU": { c in try LeakyReLU(negativeSlope: c["negative_slope"]?.float ?? c["alpha"]?.float ?? 0.3, name: c.name) },
        "PReLU": { c in
            PReLU(alphaInitializer: try c.initializer("alpha_initializer") ?? Initializers.zeros,
                  alphaRegularizer: try c.optionalObject("alpha_regularizer"), alphaConstraint: try c.optionalObject("alpha_constraint"),
                  sharedAxes: c["shared_axes"].flatMap { $0.int.map { [$0] } ?? $0.ints }, name: c.name)
        },
        "ELU": { c in ELU(alpha: c["alpha"]?.float ?? 1, name: c.name) },
        "Softmax": { c in Softmax(axis: c["axis"]?.int ?? -1, name: c.name) },
        "Dropout": { c in
            try Dropout(try c.float("rate", layer: "Dropout"), noiseShape: c["noise_shape"]?.shape, seed: c["seed"]?.int, name: c.name)
        },
        "GaussianNoise": { c in try GaussianNoise(stddev: try c.float("stddev", layer: "GaussianNoise"), seed: c["seed"]?.int, name: c.name) },
        "Flatten": { c in try Flatten(dataFormat: c["data_format"]?.string ?? "channels_last", name: c.name) },
        "Reshape": { c in
            guard let t = c["target_shape"]?.ints else { throw LaminaError.value("Reshape config needs \"target_shape\". Received: \(c)") }
            return try Reshape(t, name: c.name)
        },
        "Permute": { c in
            guard let d = c["dims"]?.ints else { throw LaminaError.value("Permute config needs \"dims\". Received: \(c)") }
            return try Permute(d, name: c.name)
        },
        "RepeatVector": { c in try RepeatVector(try c.int("n", layer: "RepeatVector"), name: c.name) },
        "Lambda": { c in
            throw LaminaError(.unsupported, "Layer \"\(c.name ?? "lambda")\" (Lambda) wraps code that a config cannot hold; "
                + "rebuild it in Swift and register a factory with LayerRegistry.register(\"Lambda\", …)")
        },
        "Add": { c in Add(name: c.name) },
        "Subtract": { c in Subtract(name: c.name) },
        "Multiply": { c in Multiply(name: c.name) },
        "Average": { c in Average(name: c.name) },
        "Maximum": { c in Maximum(name: c.name) },
        "Minimum": { c in Minimum(name: c.name) },
        "Concatenate": { c in Concatenate(axis: c["axis"]?.int ?? -1, name: c.name) },
        "Dot": { c in
            let normalize = c["normalize"]?.bool ?? false
            if let a = c["axes"]?.int { return Dot(axes: a, normalize: normalize, name: c.name) }
            guard let a = c["axes"]?.ints, a.count == 2 else {
                throw LaminaError.value("Dot config: `axes` should be an int or a list of two ints. Received: \(c["axes"] ?? nil)")
            }
            return Dot(axes: (a[0], a[1]), normalize: normalize, name: c.name)
        },
        "Rescaling": { c in
            let offset: Float = c["offset"] == nil ? 0 : try c.scalar("offset", layer: "Rescaling")
            return Rescaling(scale: try c.scalar("scale", layer: "Rescaling"), offset: offset, name: c.name)
        },
        "Normalization": { c in
            let axis: [Int] = c["axis"].map { $0.isNull ? [] : ($0.int.map { [$0] } ?? $0.ints ?? [-1]) } ?? [-1]
            return try Normalization(axis: axis, mean: c["mean"]?.flatFloats, variance: c["variance"]?.flatFloats,
                                     invert: c["invert"]?.bool ?? false, name: c.name)
        },
        "Resizing": { c in
            try Resizing(height: try c.int("height", layer: "Resizing"), width: try c.int("width", layer: "Resizing"),
                         interpolation: c["interpolation"]?.string ?? "bilinear",
                         cropToAspectRatio: c["crop_to_aspect_ratio"]?.bool ?? false, name: c.name)
        },
        "CenterCrop": { c in try CenterCrop(height: try c.int("height", layer: "CenterCrop"), width: try c.int("width", layer: "CenterCrop"), name: c.name) },
        "RandomCrop": { c in
            try RandomCrop(height: try c.int("height", layer: "RandomCrop"), width: try c.int("width", layer: "RandomCrop"), seed: c["seed"]?.int, name: c.name)
        },
        "RandomFlip": { c in try RandomFlip(mode: c["mode"]?.string ?? "horizontal_and_vertical", seed: c["seed"]?.int, name: c.name) },
        "RandomRotation": { c in
            try RandomRotation(factor: try c.factorPair("factor", layer: "RandomRotation"), fillMode: c["fill_mode"]?.string ?? "reflect",
                               interpolation: c["interpolation"]?.string ?? "bilinear", seed: c["seed"]?.int,
                               fillValue: c["fill_value"]?.float ?? 0, name: c.name)
        },
        "RandomZoom": { c in
            try RandomZoom(heightFactor: try c.factorPair("height_factor", layer: "RandomZoom"),
                           widthFactor: c["width_factor"]?.isNull == false ? try c.factorPair("width_factor", layer: "RandomZoom") : nil,
                           fillMode: c["fill_mode"]?.string ?? "reflect", interpolation: c["interpolation"]?.string ?? "bilinear",
                           seed: c["seed"]?.int, fillValue: c["fill_value"]?.float ?? 0, name: c.name)
        },
        "RandomTranslation": { c in
            try RandomTranslation(heightFactor: try c.factorPair("height_factor", layer: "RandomTranslation"),
                                  widthFactor: try c.factorPair("width_factor", layer: "RandomTranslation"),
                                  fillMode: c["fill_mode"]?.string ?? "reflect", interpolation: c["interpolation"]?.string ?? "bilinear",
                                  seed: c["seed"]?.int, fillValue: c["fill_value"]?.float ?? 0, name: c.name)
        },
        "RandomContrast": { c in
            let f = try c["factor"]?.float.map { ($0, $0) } ?? c.factorPair("factor", layer: "RandomContrast")
            return try RandomContrast(factor: f, valueRange: try c.valueRange(), seed: c["seed"]?.int, name: c.name)
        },
        "RandomBrightness": { c in
            try RandomBrightness(factor: try c.factorPair("factor", layer: "RandomBrightness"), valueRange: try c.valueRange(),
                                 seed: c["seed"]?.int, name: c.name)
        },
        "TextVectorization": { c in try TextVectorization.fromConfig(c) },
    ]
}

extension Dictionary where Key == String, Value == JSONValue {
    var name: String? { self["name"]?.string }

    /// A Keras factor: a number f is (−f, f), a list of two numbers is the pair.
    func factorPair(_ key: String, layer: String) throws -> (Float, Float) {
        if let f = self[key]?.float { return (-abs(f), abs(f)) }
        if let a = self[key]?.flatFloats, a.count == 2 { return (a[0], a[1]) }
        throw LaminaError.value("\(layer) config needs \"\(key)\" as a number or a list of two numbers. Received: \(self[key] ?? nil)")
    }

    /// `value_range`, (0, 255) when absent.
    func valueRange() throws -> (Float, Float) {
        guard let v = self["value_range"], !v.isNull else { return (0, 255) }
        guard let a = v.flatFloats, a.count == 2 else { throw LaminaError.value("value_range must be a list of two numbers. Received: \(v)") }
        return (a[0], a[1])
    }

    func int(_ key: String, layer: String) throws -> Int {
        guard let v = self[key]?.int else { throw LaminaError.value("\(layer) config needs an integer \"\(key)\". Received: \(JSONValue.object(self))") }
        return v
    }

    func float(_ key: String, layer: String) throws -> Float {
        guard let v = self[key]?.float else { throw LaminaError.value("\(layer) config needs a number \"\(key)\". Received: \(JSONValue.object(self))") }
        return v
    }

    /// A number, possibly serialized by Keras as `{"class_name": "__numpy__", "config": {"value": …}}`.
    func scalar(_ key: String, layer: String, value: JSONValue? = nil) throws -> Float {
        let v = value ?? self[key]
        if let f = v?.float { return f }
        if let f = v?["config"]?["value"]?.float { return f }
        throw LaminaError(.unsupported, "\(layer) config: \"\(key)\" must be a single number in Lamina. Received: \(v ?? nil)")
    }

    /// An initializer from a Keras serialized initializer or name; nil when absent.
    func initializer(_ key: String) throws -> (any Initializer)? {
        guard let v = self[key], !v.isNull else { return nil }
        return try Initializers.fromConfig(v)
    }

    /// A regularizer or constraint from its serialized form; nil when the key is absent or null.
    func optionalObject<T>(_ key: String) throws -> T? {
        guard let v = self[key], !v.isNull else { return nil }
        if T.self == (any Regularizer).self, let r = try Regularizers.fromConfig(v) as? T { return r }
        if T.self == (any Constraint).self, let c = try Constraints.fromConfig(v) as? T { return c }
        throw LaminaError(.unsupported, "\"\(key)\" = \(v) cannot be rebuilt by LayerRegistry")
    }
}

extension JSONValue {
    /// All numbers of a number or (nested) array, row-major; nil for null.
    var flatFloats: [Float]? {
        switch self {
        case .number(let d): return [Float(d)]
        case .array(let a): return a.compactMap { $0.flatFloats }.flatMap { $0 }
        default: return nil
        }
    }
}
