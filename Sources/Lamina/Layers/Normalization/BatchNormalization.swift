import LaminaCore

/// Batch normalization over the last axis (`keras.layers.BatchNormalization` with `axis=-1`).
///
/// - Input: `[batch, ..., channels]` (rank ≥ 2). Output: the same shape.
/// - Weights: `gamma`, `beta` (trainable, when `scale` / `center`), `moving_mean`,
///   `moving_variance` (non-trainable), each `[channels]`.
/// - Training (`training: true` and the layer trainable): normalizes with the batch mean and
///   (population) variance over every axis but the last, and updates in place
///   `moving = moving·momentum + batch·(1 - momentum)`. Otherwise, and always when
///   `trainable` is false (as Keras 3), it uses the moving statistics.
public final class BatchNormalization: Layer {
    public let axis: Int
    public let momentum: Float
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: any Initializer
    public let gammaInitializer: any Initializer
    public let movingMeanInitializer: any Initializer
    public let movingVarianceInitializer: any Initializer
    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?
    public private(set) var movingMean: Variable?
    public private(set) var movingVariance: Variable?

    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: any Initializer = Initializers.zeros, gammaInitializer: any Initializer = Initializers.ones,
                movingMeanInitializer: any Initializer = Initializers.zeros,
                movingVarianceInitializer: any Initializer = Initializers.ones, name: String? = nil) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
        super.init(name: name)
        inputSpec = [InputSpec(minRank: 2)]
    }

    public override class var className: String { "BatchNormalization" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let shape = inputShapes[0]
        guard shape.count >= 2 else {
            throw LaminaError.shape("Input 0 of layer \"\(name)\" is incompatible with the layer: expected min_ndim=2, found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        guard axis == -1 || axis == shape.count - 1 else {
            throw LaminaError(.unsupported, "Layer \"\(name)\" (BatchNormalization): only the last axis is supported. Received: axis=\(axis) for inputs of shape \(describeShape(shape))")
        }
        guard let c = shape[shape.count - 1] else {
            throw LaminaError.shape("Layer \"\(name)\" (BatchNormalization): axis -1 of the inputs should be defined. Found: \(describeShape(shape))")
        }
        if scale { gamma = addWeight(name: "gamma", shape: [c], initializer: gammaInitializer) }
        if center { beta = addWeight(name: "beta", shape: [c], initializer: betaInitializer) }
        movingMean = addWeight(name: "moving_mean", shape: [c], initializer: movingMeanInitializer, trainable: false)
        movingVariance = addWeight(name: "moving_variance", shape: [c], initializer: movingVarianceInitializer, trainable: false)
        inputSpec = [InputSpec(minRank: 2, axes: [-1: c])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try normalized(input, training: training, relu: false)
    }

    /// The layer's output, followed by ReLU when `relu` (in the same pass over the activations).
    func normalized(_ input: Tensor, training: Bool, relu: Bool) throws -> Tensor {
        guard let movingMean, let movingVariance else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let c = input.shape[input.rank - 1]
        let g = gamma?.value ?? Tensor.ones([c], on: input.backend)
        let b = beta?.value ?? Tensor.zeros([c], on: input.backend)
        if training && trainable {
            let (y, mean, variance) = input.batchNormalized(gamma: g, beta: b, epsilon: epsilon, relu: relu)
            noGrad {
                movingMean.assign(movingMean.value * momentum + mean * (1 - momentum))
                movingVariance.assign(movingVariance.value * momentum + variance * (1 - momentum))
            }
            return y
        }
        // Keras's ops.batch_normalization (TF and JAX): x·inv + (beta − mean·inv), one pass over x.
        let (inv, shift) = inferenceScaleShift(channels: c, on: input.backend)
        return input.channelAffine(scale: inv, shift: shift, relu: relu)
    }

    /// Whether a call with `training` normalizes with the moving statistics (Keras: always when
    /// the layer is not trainable).
    func usesMovingStatistics(training: Bool) -> Bool { !(training && trainable) }

    /// The inference normalization as `x·scale + shift` per channel: `scale = gamma·rsqrt(var + ε)`,
    /// `shift = beta − mean·scale` (Tensor ops, so gradients reach gamma and beta).
    func inferenceScaleShift(channels c: Int, on backend: Backend) -> (scale: Tensor, shift: Tensor) {
        let g = gamma?.value ?? Tensor.ones([c], on: backend)
        let b = beta?.value ?? Tensor.zeros([c], on: backend)
        let inv = (movingVariance!.value + epsilon).rsqrt() * g
        return (inv, b - movingMean!.value * inv)
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["axis": JSONValue(axis), "momentum": JSONValue(momentum), "epsilon": JSONValue(epsilon), "center": .bool(center),
         "scale": .bool(scale),
         "beta_initializer": betaInitializer.serialized(module: "keras.initializers"),
         "gamma_initializer": gammaInitializer.serialized(module: "keras.initializers"),
         "moving_mean_initializer": movingMeanInitializer.serialized(module: "keras.initializers"),
         "moving_variance_initializer": movingVarianceInitializer.serialized(module: "keras.initializers"),
         "beta_regularizer": nil, "gamma_regularizer": nil, "beta_constraint": nil, "gamma_constraint": nil,
         "synchronized": false, "renorm": false, "renorm_clipping": nil, "renorm_momentum": 0.99]
    }
}

extension BatchNormalization: ReluFusable {
    func callFollowedByRelu(_ inputs: [Tensor], training: Bool) throws -> Tensor? {
        guard inputs.count == 1 else { return nil }
        try ensureBuilt([inputs[0].kerasShape])
        return try normalized(inputs[0], training: training, relu: true)
    }
}
