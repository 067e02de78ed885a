/// Normalizes each example over `axis` to mean 0 and variance 1, then scales by `gamma` and
/// shifts by `beta` (`keras.layers.LayerNormalization`).
///
/// - Input: any shape of rank ≥ 1. Output: the same shape. Masks pass through.
/// - Weights: `gamma` and `beta`, of shape `inputShape[axis]` (one entry per normalized axis).
/// - `rmsScaling`: Keras's RMS variant (`x·rsqrt(variance + epsilon)·gamma`, no beta).
/// Normalizing over the trailing axes runs the fused `layerNormalized` kernel; other axes use
/// composite ops.
public final class LayerNormalization: Layer, AxisNormalizing {
    public let axis: [Int]
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let rmsScaling: Bool
    public let betaInitializer: any Initializer
    public let gammaInitializer: any Initializer
    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?

    public init(axis: [Int] = [-1], epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true, rmsScaling: Bool = false,
                betaInitializer: any Initializer = Initializers.zeros, gammaInitializer: any Initializer = Initializers.ones,
                name: String? = nil) {
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rmsScaling = rmsScaling
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        super.init(name: name)
    }

    public convenience init(axis: Int, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true, name: String? = nil) {
        self.init(axis: [axis], epsilon: epsilon, center: center, scale: scale, name: name)
    }

    public override class var className: String { "LayerNormalization" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let dims = try normalizedDims(inputShapes.first ?? [])
        if scale || rmsScaling { gamma = addWeight(name: "gamma", shape: dims, initializer: gammaInitializer) }
        if center && !rmsScaling { beta = addWeight(name: "beta", shape: dims, initializer: betaInitializer) }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let axes = try self.axes(rank: input.rank)
        if !rmsScaling, case let (flat, inner)? = flattenedTrailing(input, axes: axes) {
            let y = flat.layerNormalized(gamma: gamma?.value.reshaped([inner]), beta: beta?.value.reshaped([inner]), epsilon: epsilon)
            return y.reshaped(input.shape)
        }
        // Composite path: any axes, and Keras's rms_scaling variant.
        let bshape = weightBroadcastShape(input, axes: axes)
        let mean = input.mean(axes: axes, keepDims: true)
        let centered = input - mean
        let inv = ((centered * centered).mean(axes: axes, keepDims: true) + epsilon).rsqrt()
        var y = (rmsScaling ? input : centered) * inv
        if let gamma { y = y * gamma.value.reshaped(bshape) }
        if let beta { y = y + beta.value.reshaped(bshape) }
        return y
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["axis": axis.count == 1 ? JSONValue(axis[0]) : JSONValue(axis), "epsilon": JSONValue(epsilon), "center": .bool(center),
         "scale": .bool(scale), "rms_scaling": .bool(rmsScaling),
         "beta_initializer": betaInitializer.serialized(module: "keras.initializers"),
         "gamma_initializer": gammaInitializer.serialized(module: "keras.initializers"),
         "beta_regularizer": nil, "gamma_regularizer": nil, "beta_constraint": nil, "gamma_constraint": nil]
    }
}
