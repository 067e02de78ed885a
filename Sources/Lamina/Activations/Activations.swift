// Every Keras activation (keras/src/activations/activations.py), with Keras's names and defaults.

extension Activation {
    public static let relu = Activation(name: "relu") { $0.relu() }
    public static let relu6 = Activation(name: "relu6") { $0.relu().minimum(Tensor.full(6, shape: [], on: $0.backend)) }
    public static let sigmoid = Activation(name: "sigmoid") { $0.sigmoid() }
    public static let tanh = Activation(name: "tanh") { $0.tanh() }
    public static let softplus = Activation(name: "softplus") { $0.softplus() }
    public static let softsign = Activation(name: "softsign") { $0 / ($0.abs() + 1) }
    public static let exponential = Activation(name: "exponential") { $0.exp() }
    public static let silu = Activation(name: "silu") { $0 * $0.sigmoid() }
    /// Alias of ``silu``.
    public static let swish = Activation(name: "silu") { $0 * $0.sigmoid() }
    public static let hardSigmoid = Activation(name: "hard_sigmoid") { ($0 / 6 + 0.5).clipped(min: 0, max: 1) }
    public static let hardSilu = Activation(name: "hard_silu") { $0 * ($0 / 6 + 0.5).clipped(min: 0, max: 1) }
    /// Alias of ``hardSilu``.
    public static let hardSwish = Activation(name: "hard_silu") { $0 * ($0 / 6 + 0.5).clipped(min: 0, max: 1) }
    public static let mish = Activation(name: "mish") { $0 * $0.softplus().tanh() }
    public static let selu = Activation(name: "selu") { x in
        let alpha: Float = 1.6732632423543772, scale: Float = 1.0507009873554805
        return Tensor.where(x.greater(0), x, x.expm1() * alpha) * scale
    }
    public static let elu = Activation.elu(alpha: 1)
    public static let gelu = Activation.gelu(approximate: false)
    public static let leakyRelu = Activation.leakyRelu(negativeSlope: 0.2)
    public static let softmax = Activation.softmax(axis: -1)
    public static let logSoftmax = Activation.logSoftmax(axis: -1)

    /// `x` for x > 0, `alpha·(eˣ - 1)` otherwise.
    public static func elu(alpha: Float = 1) -> Activation {
        Activation(name: "elu") { x in Tensor.where(x.greater(0), x, x.expm1() * alpha) }
    }

    /// Gaussian error linear unit: exact `x·Φ(x)`, or the tanh approximation.
    public static func gelu(approximate: Bool = false) -> Activation {
        Activation(name: "gelu") { x in
            if approximate {
                let inner = (x + x * x * x * 0.044715) * Float(0.7978845608028654)
                return x * 0.5 * (inner.tanh() + 1)
            }
            return x * 0.5 * ((x * Float(0.7071067811865476)).erf() + 1)
        }
    }

    /// `x` for x > 0, `negativeSlope·x` otherwise (the function's default slope is 0.2).
    public static func leakyRelu(negativeSlope: Float = 0.2) -> Activation {
        Activation(name: "leaky_relu") { x in Tensor.where(x.greater(0), x, x * negativeSlope) }
    }

    /// Keras `relu(x, negative_slope, max_value, threshold)`.
    public static func relu(negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0) -> Activation {
        if negativeSlope == 0 && maxValue == nil && threshold == 0 { return .relu }
        return Activation(name: "relu") { x in Activations.relu(x, negativeSlope: negativeSlope, maxValue: maxValue, threshold: threshold) }
    }

    public static func softmax(axis: Int) -> Activation { Activation(name: "softmax") { $0.softmax(axis: axis) } }
    public static func logSoftmax(axis: Int) -> Activation { Activation(name: "log_softmax") { $0.logSoftmax(axis: axis) } }

    /// The activation with this Keras name (`"relu"`, `"softmax"`, `"gelu"`, …); nil or `"linear"` is
    /// the identity.
    public static func named(_ name: String?) throws -> Activation {
        guard let name else { return .linear }
        switch name {
        case "linear", "None": return .linear
        case "relu": return .relu
        case "relu6": return .relu6
        case "leaky_relu": return .leakyRelu
        case "elu": return .elu
        case "selu": return .selu
        case "gelu": return .gelu
        case "silu", "swish": return .silu
        case "hard_silu", "hard_swish": return .hardSilu
        case "mish": return .mish
        case "softplus": return .softplus
        case "softsign": return .softsign
        case "sigmoid": return .sigmoid
        case "hard_sigmoid": return .hardSigmoid
        case "tanh": return .tanh
        case "softmax": return .softmax
        case "log_softmax": return .logSoftmax
        case "exponential": return .exponential
        default:
            throw LaminaError.unknown("Unknown activation: '\(name)'. Known activations: " + Activation.knownNames.joined(separator: ", "))
        }
    }

    /// The Keras names ``named(_:)`` accepts.
    public static let knownNames = ["linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish", "hard_silu",
                                    "hard_swish", "mish", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh", "softmax",
                                    "log_softmax", "exponential"]
}

/// Activation functions with arguments, as functions on tensors.
public enum Activations {
    /// Keras's `relu` with all its options (`activations.py relu`).
    public static func relu(_ x: Tensor, negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0) -> Tensor {
        if negativeSlope != 0 && maxValue == nil && threshold == 0 {
            return Tensor.where(x.greater(0), x, x * negativeSlope)
        }
        let negativePart: Tensor? = negativeSlope != 0 ? (threshold != 0 ? (threshold - x).relu() : (-x).relu()) : nil
        var y: Tensor
        if threshold != 0 {
            y = x * x.greater(threshold).cast(to: .float32)
        } else {
            y = x.relu()
        }
        if let maxValue { y = y.clipped(min: 0, max: maxValue) }
        if let negativePart { y = y - negativePart * negativeSlope }
        return y
    }
}
