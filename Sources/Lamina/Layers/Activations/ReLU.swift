/// Rectified linear unit with Keras's options (`keras.layers.ReLU`):
/// `f(x) = min(x, maxValue)` for x ≥ threshold, `negativeSlope · (x - threshold)` otherwise.
///
/// - Input: any shape. Output: the same shape. Masks pass through.
public final class ReLU: Layer {
    public let maxValue: Float?
    public let negativeSlope: Float
    public let threshold: Float

    /// Throws if `maxValue`, `negativeSlope` or `threshold` is negative (as Keras).
    public init(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0, name: String? = nil) throws {
        if let maxValue, maxValue < 0 {
            throw LaminaError.value("max_value of a ReLU layer cannot be a negative value. Received: max_value=\(maxValue)")
        }
        guard negativeSlope >= 0 else {
            throw LaminaError.value("negative_slope of a ReLU layer cannot be None or a negative value. Received: negative_slope=\(negativeSlope)")
        }
        guard threshold >= 0 else {
            throw LaminaError.value("threshold of a ReLU layer cannot be None or a negative value. Received: threshold=\(threshold)")
        }
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        super.init(name: name)
    }

    public override class var className: String { "ReLU" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        Activations.relu(input, negativeSlope: negativeSlope, maxValue: maxValue, threshold: threshold)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["max_value": JSONValue(maxValue), "negative_slope": JSONValue(negativeSlope), "threshold": JSONValue(threshold)]
    }
}

/// Leaky ReLU (`keras.layers.LeakyReLU`): `x` for x ≥ 0, `negativeSlope · x` otherwise. The
/// layer's default slope is 0.3 (the `leaky_relu` function's is 0.2).
///
/// - Input: any shape. Output: the same shape. Masks pass through.
public final class LeakyReLU: Layer {
    public let negativeSlope: Float

    public init(negativeSlope: Float = 0.3, name: String? = nil) throws {
        guard negativeSlope >= 0 else {
            throw LaminaError.value("The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negative_slope=\(negativeSlope)")
        }
        self.negativeSlope = negativeSlope
        super.init(name: name)
    }

    public override class var className: String { "LeakyReLU" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        Activations.leakyRelu(input, negativeSlope: negativeSlope)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["negative_slope": JSONValue(negativeSlope)] }
}

/// Exponential linear unit (`keras.layers.ELU`): `x` for x > 0, `alpha · (eˣ - 1)` otherwise.
///
/// - Input: any shape. Output: the same shape. Masks pass through.
/// - Note: Keras's `ELU.get_config` omits `alpha`; Lamina writes it, and reads it back when present.
public final class ELU: Layer {
    public let alpha: Float

    public init(alpha: Float = 1, name: String? = nil) {
        self.alpha = alpha
        super.init(name: name)
    }

    public override class var className: String { "ELU" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { Activation.elu(alpha: alpha)(input) }
    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["alpha": JSONValue(alpha)] }
}
