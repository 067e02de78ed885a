// Every Keras activation (keras/src/activations/activations.py), with Keras's names, defaults and
// formulas (the JAX backend's, including which side of a kink gets the derivative).
// All are elementwise on any shape unless noted (softmax, logSoftmax, glu, sparsemax work along an axis).

extension Activation {
    /// `max(x, 0)`.
    public static let relu = Activation(name: "relu") { $0.relu() }
    /// `min(max(x, 0), 6)`; derivative 1 only on the open interval (0, 6).
    public static let relu6 = Activation(name: "relu6") { Activations.relu6($0) }
    /// `1 / (1 + e⁻ˣ)`.
    public static let sigmoid = Activation(name: "sigmoid") { $0.sigmoid() }
    public static let tanh = Activation(name: "tanh") { $0.tanh() }
    /// `log(1 + eˣ)`, computed stably.
    public static let softplus = Activation(name: "softplus") { $0.softplus() }
    /// `x / (|x| + 1)`.
    public static let softsign = Activation(name: "softsign") { $0 / ($0.abs() + 1) }
    /// `eˣ`.
    public static let exponential = Activation(name: "exponential") { $0.exp() }
    /// `x · sigmoid(x)` (Keras `silu`, alias `swish`).
    public static let silu = Activation(name: "silu") { $0 * $0.sigmoid() }
    /// Alias of ``silu`` (Keras writes `"silu"`).
    public static let swish = silu
    /// `relu6(x + 3) / 6`.
    public static let hardSigmoid = Activation(name: "hard_sigmoid") { Activations.hardSigmoid($0) }
    /// `x · hard_sigmoid(x)` (alias `hard_swish`).
    public static let hardSilu = Activation(name: "hard_silu") { $0 * Activations.hardSigmoid($0) }
    /// Alias of ``hardSilu`` (Keras writes `"hard_silu"`).
    public static let hardSwish = hardSilu
    /// `x · tanh(softplus(x))`.
    public static let mish = Activation(name: "mish") { $0 * $0.softplus().tanh() }
    /// `scale · elu(x, alpha)` with Keras's fixed `alpha ≈ 1.6733`, `scale ≈ 1.0507`.
    public static let selu = Activation(name: "selu") { x in
        let alpha: Float = 1.6732632423543772, scale: Float = 1.0507009873554805
        return Tensor.where(x.greater(0), x, x.expm1() * alpha) * scale
    }
    public static let elu = Activation.elu(alpha: 1)
    public static let celu = Activation.celu(alpha: 1)
    /// Exact GELU (Keras's default, `approximate=False`).
    public static let gelu = Activation.gelu(approximate: false)
    /// Keras's `leaky_relu` function default slope is 0.2 (the `LeakyReLU` layer's is 0.3).
    public static let leakyRelu = Activation.leakyRelu(negativeSlope: 0.2)
    public static let softmax = Activation.softmax(axis: -1)
    public static let logSoftmax = Activation.logSoftmax(axis: -1)
    public static let glu = Activation.glu(axis: -1)
    public static let sparsemax = Activation.sparsemax(axis: -1)
    /// `-softplus(-x)`.
    public static let logSigmoid = Activation(name: "log_sigmoid") { -((-$0).softplus()) }
    /// `0.5 · clip(x + 1, 0, 2)`.
    public static let sparseSigmoid = Activation(name: "sparse_sigmoid") { x in
        Tensor.where(x.lessEqual(-1), x.zerosLike(), Tensor.where(x.greaterEqual(1), x.onesLike(), (x + 1) * 0.5))
    }
    /// `x - tanh(x)`.
    public static let tanhShrink = Activation(name: "tanh_shrink") { $0 - $0.tanh() }
    /// `clip(x, -1, 1)`.
    public static let hardTanh = Activation(name: "hard_tanh") { x in
        Tensor.where(x.greater(1), x.onesLike(), Tensor.where(x.less(-1), -x.onesLike(), x))
    }
    public static let softShrink = Activation.softShrink(threshold: 0.5)
    public static let hardShrink = Activation.hardShrink(threshold: 0.5)
    /// `0` for x ≤ -1, `x` for x ≥ 1, `(x + 1)² / 4` between.
    public static let sparsePlus = Activation(name: "sparse_plus") { x in
        Tensor.where(x.lessEqual(-1), x.zerosLike(), Tensor.where(x.greaterEqual(1), x, (x + 1).squared() * 0.25))
    }
    public static let squareplus = Activation.squareplus(b: 4)

    /// `x` for x > 0, `alpha·(eˣ - 1)` otherwise.
    public static func elu(alpha: Float = 1) -> Activation {
        Activation(name: "elu") { x in Tensor.where(x.greater(0), x, x.expm1() * alpha) }
    }

    /// `max(x, 0) + alpha·(exp(min(x, 0) / alpha) - 1)`.
    public static func celu(alpha: Float = 1) -> Activation {
        Activation(name: "celu") { x in Tensor.where(x.greater(0), x, (x / alpha).expm1() * alpha) }
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

    /// `x` for x ≥ 0, `negativeSlope·x` otherwise (the function's default slope is 0.2).
    public static func leakyRelu(negativeSlope: Float = 0.2) -> Activation {
        Activation(name: "leaky_relu") { x in Activations.leakyRelu(x, negativeSlope: negativeSlope) }
    }

    /// Keras `relu(x, negative_slope, max_value, threshold)`.
    public static func relu(negativeSlope: Float = 0, maxValue: Float? = nil, threshold: Float = 0) -> Activation {
        if negativeSlope == 0 && maxValue == nil && threshold == 0 { return .relu }
        return Activation(name: "relu") { x in Activations.relu(x, negativeSlope: negativeSlope, maxValue: maxValue, threshold: threshold) }
    }

    public static func softmax(axis: Int) -> Activation { Activation(name: "softmax") { $0.softmax(axis: axis) } }
    public static func logSoftmax(axis: Int) -> Activation { Activation(name: "log_softmax") { $0.logSoftmax(axis: axis) } }

    /// Gated linear unit: splits `axis` (even size) into halves `a`, `b` and returns `a · sigmoid(b)`.
    /// Shape `[..., 2n, ...] → [..., n, ...]`.
    public static func glu(axis: Int = -1) -> Activation {
        Activation(name: "glu") { x in
            let halves = x.split(parts: 2, axis: axis)
            return halves[0] * halves[1].sigmoid()
        }
    }

    /// Sparsemax along `axis`: the Euclidean projection onto the probability simplex.
    public static func sparsemax(axis: Int = -1) -> Activation {
        Activation(name: "sparsemax") { Activations.sparsemax($0, axis: axis) }
    }

    /// `x - t` for x > t, `x + t` for x < -t, 0 between.
    public static func softShrink(threshold t: Float = 0.5) -> Activation {
        Activation(name: "soft_shrink") { x in
            Tensor.where(x.greater(t), x - t, Tensor.where(x.less(-t), x + t, x.zerosLike()))
        }
    }

    /// `x` where |x| > t, 0 elsewhere.
    public static func hardShrink(threshold t: Float = 0.5) -> Activation {
        Activation(name: "hard_shrink") { x in Tensor.where(x.abs().greater(t), x, x.zerosLike()) }
    }

    /// `(x + √(x² + b)) / 2`.
    public static func squareplus(b: Float = 4) -> Activation {
        Activation(name: "squareplus") { x in (x + (x.squared() + b).sqrt()) * 0.5 }
    }

    /// `x` where x > threshold, `defaultValue` elsewhere (Keras `threshold`; it has no defaults,
    /// so it cannot be looked up by name).
    public static func threshold(_ threshold: Float, defaultValue: Float) -> Activation {
        Activation(name: "threshold") { x in
            Tensor.where(x.greater(threshold), x, Tensor.full(defaultValue, shape: [], on: x.backend))
        }
    }

    /// The activation with this Keras name (`"relu"`, `"softmax"`, `"gelu"`, …); nil or `"linear"` is
    /// the identity. Unknown names throw a ``LaminaError`` listing the known ones.
    public static func named(_ name: String?) throws -> Activation {
        guard let name else { return .linear }
        if name == "threshold" {
            throw LaminaError.value("Activation 'threshold' needs its arguments (threshold, default_value); "
                + "use Activation.threshold(_:defaultValue:) instead of the name")
        }
        guard let found = byName[name] else {
            throw LaminaError.unknown("Unknown activation: '\(name)'. Known activations: " + Activation.knownNames.joined(separator: ", "))
        }
        return found
    }

    private static let byName: [String: Activation] = [
        "linear": .linear, "None": .linear, "relu": .relu, "relu6": .relu6, "leaky_relu": .leakyRelu, "elu": .elu,
        "selu": .selu, "celu": .celu, "gelu": .gelu, "glu": .glu, "silu": .silu, "swish": .silu, "hard_silu": .hardSilu,
        "hard_swish": .hardSilu, "mish": .mish, "softplus": .softplus, "softsign": .softsign, "sigmoid": .sigmoid,
        "hard_sigmoid": .hardSigmoid, "log_sigmoid": .logSigmoid, "sparse_sigmoid": .sparseSigmoid, "tanh": .tanh,
        "tanh_shrink": .tanhShrink, "hard_tanh": .hardTanh, "soft_shrink": .softShrink, "hard_shrink": .hardShrink,
        "sparse_plus": .sparsePlus, "squareplus": .squareplus, "softmax": .softmax, "log_softmax": .logSoftmax,
        "sparsemax": .sparsemax, "exponential": .exponential,
    ]

    /// The Keras names ``named(_:)`` accepts.
    public static let knownNames = ["linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "glu", "silu", "swish",
                                    "hard_silu", "hard_swish", "mish", "softplus", "softsign", "sigmoid", "hard_sigmoid",
                                    "log_sigmoid", "sparse_sigmoid", "tanh", "tanh_shrink", "hard_tanh", "soft_shrink",
                                    "hard_shrink", "sparse_plus", "squareplus", "softmax", "log_softmax", "sparsemax", "exponential"]
}
