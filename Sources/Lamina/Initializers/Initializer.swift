/// Makes the initial value of a weight from its shape (Keras `keras.initializers`).
public protocol Initializer: KerasObject {
    func callAsFunction(_ shape: [Int]) -> Tensor
}

/// Every element is 0 (Keras `Zeros`, also `"zeros"` and `"zero"`).
public struct Zeros: Initializer {
    public init() {}
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.zeros(shape) }
    public var className: String { "Zeros" }
    public var config: [String: JSONValue] { [:] }
}

/// Every element is 1 (Keras `Ones`, also `"ones"` and `"one"`).
public struct Ones: Initializer {
    public init() {}
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.full(1, shape: shape) }
    public var className: String { "Ones" }
    public var config: [String: JSONValue] { [:] }
}

/// Every element is `value` (Keras `Constant`).
public struct Constant: Initializer {
    public let value: Float
    public init(value: Float = 0) { self.value = value }
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.full(value, shape: shape) }
    public var className: String { "Constant" }
    public var config: [String: JSONValue] { ["value": JSONValue(value)] }
}

/// `gain` times the identity matrix, for 2-D shapes only; non-square shapes get ones on the main
/// diagonal (Keras `Identity`; named `IdentityInitializer` in Swift, Keras's compatibility alias,
/// to leave `Identity` to the layer).
public struct IdentityInitializer: Initializer {
    public let gain: Float
    public init(gain: Float = 1) { self.gain = gain }
    public func callAsFunction(_ shape: [Int]) -> Tensor {
        precondition(shape.count == 2, "Identity matrix initializer can only be used for 2D matrices. Received: shape=\(shape) of rank \(shape.count).")
        var v = [Float](repeating: 0, count: shape[0] * shape[1])
        for i in 0..<min(shape[0], shape[1]) { v[i * shape[1] + i] = gain }
        return Tensor(v, shape: shape)
    }
    public var className: String { "Identity" }
    public var config: [String: JSONValue] { ["gain": JSONValue(gain)] }
}

/// Normal samples with `mean` and `stddev` (Keras `RandomNormal`, also `"normal"`).
public struct RandomNormal: Initializer {
    public let mean: Float
    public let stddev: Float
    public let seed: Int?
    public init(mean: Float = 0, stddev: Float = 0.05, seed: Int? = nil) { self.mean = mean; self.stddev = stddev; self.seed = seed }
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.randomNormal(shape, mean: mean, standardDeviation: stddev, seed: seed) }
    public var className: String { "RandomNormal" }
    public var config: [String: JSONValue] { ["seed": JSONValue(seed), "mean": JSONValue(mean), "stddev": JSONValue(stddev)] }
}

/// Uniform samples in `[minval, maxval)` (Keras `RandomUniform`, also `"uniform"`).
public struct RandomUniform: Initializer {
    public let minval: Float
    public let maxval: Float
    public let seed: Int?
    public init(minval: Float = -0.05, maxval: Float = 0.05, seed: Int? = nil) { self.minval = minval; self.maxval = maxval; self.seed = seed }
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: minval, high: maxval, seed: seed) }
    public var className: String { "RandomUniform" }
    public var config: [String: JSONValue] { ["seed": JSONValue(seed), "minval": JSONValue(minval), "maxval": JSONValue(maxval)] }
}

/// Normal samples with `mean` and `stddev`, redrawn when more than two standard deviations from
/// the mean (Keras `TruncatedNormal`).
public struct TruncatedNormal: Initializer {
    public let mean: Float
    public let stddev: Float
    public let seed: Int?
    public init(mean: Float = 0, stddev: Float = 0.05, seed: Int? = nil) { self.mean = mean; self.stddev = stddev; self.seed = seed }
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.truncatedNormal(shape, mean: mean, standardDeviation: stddev, seed: seed) }
    public var className: String { "TruncatedNormal" }
    public var config: [String: JSONValue] { ["seed": JSONValue(seed), "mean": JSONValue(mean), "stddev": JSONValue(stddev)] }
}

/// The initializers by Keras name (`keras.initializers.get`), with Keras's defaults.
public enum Initializers {
    public static let zeros: any Initializer = Zeros()
    public static let ones: any Initializer = Ones()

    /// The initializer Keras's `keras.initializers.get(name)` returns: class names
    /// (`"GlorotUniform"`), their snake_case forms (`"glorot_uniform"`) and the aliases `"normal"`,
    /// `"uniform"`, `"zero"`, `"one"`, `"IdentityInitializer"`, `"OrthogonalInitializer"`.
    /// Case-sensitive, as Keras.
    public static func named(_ name: String) throws -> any Initializer {
        guard let make = registry[name] else {
            throw LaminaError.unknown("Could not interpret initializer identifier: '\(name)'. Known initializers: "
                                          + registry.keys.sorted().joined(separator: ", "))
        }
        return make()
    }

    /// Every accepted name.
    public static var knownNames: [String] { registry.keys.sorted() }

    private static let registry: [String: () -> any Initializer] = {
        let classes: [(String, String, () -> any Initializer)] = [
            ("Constant", "constant", { Constant() }), ("Identity", "identity", { IdentityInitializer() }),
            ("Ones", "ones", { Ones() }), ("Zeros", "zeros", { Zeros() }),
            ("GlorotNormal", "glorot_normal", { GlorotNormal() }), ("GlorotUniform", "glorot_uniform", { GlorotUniform() }),
            ("HeNormal", "he_normal", { HeNormal() }), ("HeUniform", "he_uniform", { HeUniform() }),
            ("LecunNormal", "lecun_normal", { LecunNormal() }), ("LecunUniform", "lecun_uniform", { LecunUniform() }),
            ("Orthogonal", "orthogonal", { Orthogonal() }), ("RandomNormal", "random_normal", { RandomNormal() }),
            ("RandomUniform", "random_uniform", { RandomUniform() }), ("TruncatedNormal", "truncated_normal", { TruncatedNormal() }),
            ("VarianceScaling", "variance_scaling", { VarianceScaling() }), ("STFT", "stft", { STFT() }),
        ]
        var r: [String: () -> any Initializer] = [:]
        for (cls, snake, make) in classes { r[cls] = make; r[snake] = make }
        r["IdentityInitializer"] = { IdentityInitializer() }
        r["OrthogonalInitializer"] = { Orthogonal() }
        r["normal"] = { RandomNormal() }
        r["uniform"] = { RandomUniform() }
        r["zero"] = { Zeros() }
        r["one"] = { Ones() }
        return r
    }()
}
