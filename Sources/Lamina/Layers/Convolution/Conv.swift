import LaminaCore

/// The shared machinery of ``Conv1D`` and ``Conv2D`` (Keras `BaseConv`), channels-last.
///
/// - Input: `[batch, (h,) w, channels]`. Output: `[batch, (oh,) ow, filters]`.
/// - Weights: `kernel` `kernelSize + [channels / groups, filters]`, `bias` `[filters]`.
/// A 1-D convolution runs as a 2-D one with height 1.
public class BaseConv: Layer, KernelBiasLayer {
    /// 1 or 2.
    public let spatialRank: Int
    public let filters: Int
    public private(set) var kernelSize: [Int] = []
    public private(set) var strides: [Int] = []
    public private(set) var padding: ConvPadding = .valid
    public private(set) var dilationRate: [Int] = []
    public let groups: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: any Initializer
    public let biasInitializer: any Initializer
    public let kernelRegularizer: (any Regularizer)?
    public let biasRegularizer: (any Regularizer)?
    public let kernelConstraint: (any Constraint)?
    public let biasConstraint: (any Constraint)?
    public private(set) var kernel: Variable?
    public private(set) var bias: Variable?

    init(rank: Int, filters: Int, kernelSize: [Int], strides: [Int], padding: String, dilationRate: [Int], groups: Int,
         activation: Activation, useBias: Bool, kernelInitializer: any Initializer, biasInitializer: any Initializer,
         kernelRegularizer: (any Regularizer)?, biasRegularizer: (any Regularizer)?,
         kernelConstraint: (any Constraint)?, biasConstraint: (any Constraint)?, name: String?) throws {
        spatialRank = rank
        self.filters = filters
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        self.groups = groups
        super.init(name: name)
        let n = self.name
        guard filters > 0 else { throw LaminaError.value("Layer \"\(n)\": invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters).") }
        guard groups > 0, filters % groups == 0 else {
            throw LaminaError.value("Layer \"\(n)\": the number of filters must be evenly divisible by the number of groups. Received: groups=\(groups), filters=\(filters).")
        }
        (self.kernelSize, self.strides, self.dilationRate, self.padding) =
            try ConvArgs.window(kernelSize: kernelSize, strides: strides, dilationRate: dilationRate, padding: padding, rank: rank, layer: n,
                                allowCausal: rank == 1)
        inputSpec = [InputSpec(minRank: rank + 2)]
    }
    var k: [Int] { kernelSize }
    var s: [Int] { strides }
    var d: [Int] { dilationRate }
    var pad: ConvPadding { padding }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let c = try ConvArgs.checkInput(inputShapes[0], rank: spatialRank + 2, layer: name, className: className)
        guard c % groups == 0 else {
            throw LaminaError.value("Layer \"\(name)\": the number of input channels must be evenly divisible by the number of groups. Received: groups=\(groups), input_shape=\(describeShape(inputShapes[0])).")
        }
        kernel = addKernel(shape: k + [c / groups, filters])
        bias = addBias(shape: [filters])
        inputSpec = [InputSpec(rank: spatialRank + 2, axes: [-1: c])]
    }

    /// The 2-D view: kernel, strides, dilation as pairs (height 1 for 1-D).
    var k2: [Int] { spatialRank == 1 ? [1] + k : k }
    var s2: [Int] { spatialRank == 1 ? [1] + s : s }
    var d2: [Int] { spatialRank == 1 ? [1] + d : d }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let x = spatialRank == 1 ? input.reshaped([input.shape[0], 1, input.shape[1], input.shape[2]]) : input
        let w = spatialRank == 1 ? kernel.value.reshaped([1] + kernel.shape) : kernel.value
        let p = ConvArgs.parameters(x, kernel: k2, strides: s2, dilation: d2, padding: pad, groups: groups)
        // Bias and ReLU (or no activation) in the convolution's single output pass.
        let fused = activation.name == "relu" || activation.name == "linear"
        var y = fused ? x.conv2d(filter: w, bias: bias?.value, relu: activation.name == "relu", p) : x.conv2d(filter: w, p)
        if spatialRank == 1 { y = y.reshaped([y.shape[0], y.shape[2], y.shape[3]]) }
        if fused { return y }
        if let bias { y = y + bias.value }
        return activation(y)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let shape = inputShapes[0]
        _ = try ConvArgs.checkInput(shape, rank: spatialRank + 2, layer: name, className: className)
        let spatial = ConvArgs.outputLengths(shape, kernel: k, strides: s, dilation: d, padding: pad)
        return [[shape[0]] + spatial + [filters]]
    }

    public override var config: [String: JSONValue] {
        ["filters": JSONValue(filters), "kernel_size": JSONValue(k), "strides": JSONValue(s), "padding": .string(pad.rawValue),
         "data_format": "channels_last", "dilation_rate": JSONValue(d), "groups": JSONValue(groups),
         "activation": .string(activation.name)].merging(kernelBiasConfig) { a, _ in a }
    }
}
