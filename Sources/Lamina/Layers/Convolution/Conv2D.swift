import LaminaCore

/// 2-D convolution (`keras.layers.Conv2D`), channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, oh, ow, filters]` with, per axis,
///   `oh = ceil(h / stride)` for `"same"` and `floor((h - (k - 1)·dilation - 1) / stride) + 1` for `"valid"`.
/// - Weights: `kernel` `[kh, kw, channels / groups, filters]`, `bias` `[filters]`.
public final class Conv2D: BaseConv {
    public init(_ filters: Int, kernelSize: [Int], strides: [Int] = [1, 1], padding: String = "valid", dilationRate: [Int] = [1, 1],
                groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: any Initializer = GlorotUniform(), biasInitializer: any Initializer = Initializers.zeros,
                kernelRegularizer: (any Regularizer)? = nil, biasRegularizer: (any Regularizer)? = nil,
                kernelConstraint: (any Constraint)? = nil, biasConstraint: (any Constraint)? = nil, name: String? = nil) throws {
        try super.init(rank: 2, filters: filters, kernelSize: kernelSize, strides: strides, padding: padding, dilationRate: dilationRate,
                       groups: groups, activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                       kernelConstraint: kernelConstraint, biasConstraint: biasConstraint, name: name)
    }

    /// A square kernel: `Conv2D(8, 3)`.
    public convenience init(_ filters: Int, _ kernelSize: Int, strides: Int = 1, padding: String = "valid",
                            activation: Activation = .linear, name: String? = nil) throws {
        try self.init(filters, kernelSize: [kernelSize, kernelSize], strides: [strides, strides], padding: padding,
                      activation: activation, name: name)
    }

    public override class var className: String { "Conv2D" }
}

/// 1-D convolution (`keras.layers.Conv1D`), channels-last; runs as a 2-D convolution of height 1.
///
/// - Input: `[batch, steps, channels]`. Output: `[batch, newSteps, filters]`.
/// - `padding`: `"valid"`, `"same"` or `"causal"` (left padding `dilation·(k - 1)`, so output
///   `t` sees inputs up to `t` only).
/// - Weights: `kernel` `[k, channels / groups, filters]`, `bias` `[filters]`.
public final class Conv1D: BaseConv {
    public init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: String = "valid", dilationRate: Int = 1,
                groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: any Initializer = GlorotUniform(), biasInitializer: any Initializer = Initializers.zeros,
                kernelRegularizer: (any Regularizer)? = nil, biasRegularizer: (any Regularizer)? = nil,
                kernelConstraint: (any Constraint)? = nil, biasConstraint: (any Constraint)? = nil, name: String? = nil) throws {
        try super.init(rank: 1, filters: filters, kernelSize: [kernelSize], strides: [strides], padding: padding, dilationRate: [dilationRate],
                       groups: groups, activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                       kernelConstraint: kernelConstraint, biasConstraint: biasConstraint, name: name)
    }

    public override class var className: String { "Conv1D" }
}

extension Conv2D {
    /// The convolution followed by `bn` at inference (moving statistics), and a ReLU when `relu`,
    /// as one convolution: the normalization's per-channel scale folds into the filter's output
    /// channels and its shift into the bias, so the activations are written once. Nil when `bn`
    /// would use batch statistics (training) or this layer has an activation.
    func callFoldingBatchNorm(_ input: Tensor, _ bn: BatchNormalization, relu: Bool, training: Bool) throws -> Tensor? {
        guard activation.name == "linear", bn.usesMovingStatistics(training: training), input.rank == 4, bn.isBuilt else { return nil }
        try ensureBuilt([input.kerasShape])
        guard let kernel, bn.movingMean?.shape == [filters] else { return nil }
        let (scale, shift) = bn.inferenceScaleShift(channels: filters, on: input.backend)
        let p = ConvArgs.parameters(input, kernel: k2, strides: s2, dilation: d2, padding: pad, groups: groups)
        let b = bias.map { $0.value * scale + shift } ?? shift
        return input.conv2d(filter: kernel.value * scale, bias: b, relu: relu, p)
    }
}
