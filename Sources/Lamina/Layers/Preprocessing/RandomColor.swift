/// Randomly adjusts contrast during training (`keras.layers.RandomContrast`): per image a
/// factor is drawn from [1 − lower, 1 + upper] and each channel becomes
/// `(x − mean) · factor + mean` (mean over the image's pixels), clipped to `valueRange`.
/// The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
public final class RandomContrast: Layer {
    public let factor: (lower: Float, upper: Float)
    public let valueRange: (Float, Float)
    public let seed: Int?
    private var generator: Philox

    /// `factor` f in [0, 1] means contrast factors in [1 − f, 1 + f].
    public convenience init(factor: Float, valueRange: (Float, Float) = (0, 255), seed: Int? = nil, name: String? = nil) throws {
        try self.init(factor: (factor, factor), valueRange: valueRange, seed: seed, name: name)
    }

    public init(factor: (Float, Float), valueRange: (Float, Float) = (0, 255), seed: Int? = nil, name: String? = nil) throws {
        guard factor.0 >= 0, factor.1 >= 0, factor.0 <= 1 else {
            throw LaminaError.value("The `factor` argument should be a number (or a list of two numbers) in the range [0.0, 1.0]. Received: factor=\(factor)")
        }
        self.factor = factor
        self.valueRange = (min(valueRange.0, valueRange.1), max(valueRange.0, valueRange.1))
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "RandomContrast" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training else { return input.cast(to: .float32) }
        let factors = (0..<ImageLayers.count(input)).map { _ in generator.uniform(1 - factor.lower, 1 + factor.upper) }
        let (lo, hi) = valueRange
        return try ImageLayers.map(input, layer: name) { i, v, h, w, c in
            var means = [Float](repeating: 0, count: c)
            for (j, x) in v.enumerated() { means[j % c] += x }
            for k in 0..<c { means[k] /= Float(h * w) }
            return (v.enumerated().map { j, x in min(hi, max(lo, (x - means[j % c]) * factors[i] + means[j % c])) }, h, w)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] {
        ["factor": .array([JSONValue(factor.lower), JSONValue(factor.upper)]),
         "value_range": .array([JSONValue(valueRange.0), JSONValue(valueRange.1)]), "seed": JSONValue(seed)]
    }
}

/// Randomly changes brightness during training (`keras.layers.RandomBrightness`): per image a
/// delta drawn from `factor` (fractions of the value range, in [−1, 1]) times
/// `valueRange.1 − valueRange.0` is added, then values are clipped to `valueRange`.
/// The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
public final class RandomBrightness: Layer {
    public let factor: (lower: Float, upper: Float)
    public let valueRange: (Float, Float)
    public let seed: Int?
    private var generator: Philox

    /// `factor` f means (−f, f).
    public convenience init(factor: Float, valueRange: (Float, Float) = (0, 255), seed: Int? = nil, name: String? = nil) throws {
        try self.init(factor: (-abs(factor), abs(factor)), valueRange: valueRange, seed: seed, name: name)
    }

    public init(factor: (Float, Float), valueRange: (Float, Float) = (0, 255), seed: Int? = nil, name: String? = nil) throws {
        self.factor = try ImageLayers.factor(factor.0, factor.1, bounds: -1...1, name: "factor")
        self.valueRange = (min(valueRange.0, valueRange.1), max(valueRange.0, valueRange.1))
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "RandomBrightness" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training else { return input.cast(to: .float32) }
        let (lo, hi) = valueRange
        let deltas = (0..<ImageLayers.count(input)).map { _ in generator.uniform(factor.lower, factor.upper) * (hi - lo) }
        return try ImageLayers.map(input, layer: name) { i, v, h, w, _ in
            (v.map { min(hi, max(lo, $0 + deltas[i])) }, h, w)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] {
        ["factor": .array([JSONValue(factor.lower), JSONValue(factor.upper)]),
         "value_range": .array([JSONValue(valueRange.0), JSONValue(valueRange.1)]), "seed": JSONValue(seed)]
    }
}
