import LaminaCore

/// Depthwise-separable 2-D convolution (`keras.layers.SeparableConv2D`): a depthwise convolution
/// (with the strides, padding and dilation) followed by a 1×1 pointwise convolution. Channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, oh, ow, filters]`.
/// - Weights: `depthwise_kernel` `[kh, kw, channels, depthMultiplier]`,
///   `pointwise_kernel` `[1, 1, channels · depthMultiplier, filters]`, `bias` `[filters]`.
public final class SeparableConv2D: Layer {
    public let filters: Int
    public private(set) var kernelSize: [Int] = []
    public private(set) var strides: [Int] = []
    public private(set) var padding: ConvPadding = .valid
    public let depthMultiplier: Int
    public private(set) var dilationRate: [Int] = []
    public let activation: Activation
    public let useBias: Bool
    public let depthwiseInitializer: any Initializer
    public let pointwiseInitializer: any Initializer
    public let biasInitializer: any Initializer
    public private(set) var depthwiseKernel: Variable?
    public private(set) var pointwiseKernel: Variable?
    public private(set) var bias: Variable?

    public init(_ filters: Int, kernelSize: [Int], strides: [Int] = [1, 1], padding: String = "valid", depthMultiplier: Int = 1,
                dilationRate: [Int] = [1, 1], activation: Activation = .linear, useBias: Bool = true,
                depthwiseInitializer: any Initializer = GlorotUniform(), pointwiseInitializer: any Initializer = GlorotUniform(),
                biasInitializer: any Initializer = Initializers.zeros, name: String? = nil) throws {
        self.filters = filters
        self.depthMultiplier = depthMultiplier
        self.activation = activation
        self.useBias = useBias
        self.depthwiseInitializer = depthwiseInitializer
        self.pointwiseInitializer = pointwiseInitializer
        self.biasInitializer = biasInitializer
        super.init(name: name)
        guard filters > 0, depthMultiplier > 0 else {
            throw LaminaError.value("Layer \"\(self.name)\": `filters` and `depth_multiplier` must be strictly positive. Received filters=\(filters), depth_multiplier=\(depthMultiplier).")
        }
        (self.kernelSize, self.strides, self.dilationRate, self.padding) =
            try ConvArgs.window(kernelSize: kernelSize, strides: strides, dilationRate: dilationRate, padding: padding, rank: 2, layer: self.name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "SeparableConv2D" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let c = try ConvArgs.checkInput(inputShapes[0], rank: 4, layer: name, className: className)
        depthwiseKernel = addWeight(name: "depthwise_kernel", shape: kernelSize + [c, depthMultiplier], initializer: depthwiseInitializer)
        pointwiseKernel = addWeight(name: "pointwise_kernel", shape: [1, 1, c * depthMultiplier, filters], initializer: pointwiseInitializer)
        if useBias { bias = addWeight(name: "bias", shape: [filters], initializer: biasInitializer) }
        inputSpec = [InputSpec(rank: 4, axes: [-1: c])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let depthwiseKernel, let pointwiseKernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let p = ConvArgs.parameters(input, kernel: kernelSize, strides: strides, dilation: dilationRate, padding: padding)
        var y = input.depthwiseConv2d(filter: depthwiseKernel.value, p).conv2d(filter: pointwiseKernel.value, ConvolutionParameters())
        if let bias { y = y + bias.value }
        return activation(y)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        _ = try ConvArgs.checkInput(s, rank: 4, layer: name, className: className)
        let spatial = ConvArgs.outputLengths(s, kernel: kernelSize, strides: strides, dilation: dilationRate, padding: padding)
        return [[s[0]] + spatial + [filters]]
    }

    public override var config: [String: JSONValue] {
        ["filters": JSONValue(filters), "kernel_size": JSONValue(kernelSize), "strides": JSONValue(strides),
         "padding": .string(padding.rawValue), "data_format": "channels_last", "depth_multiplier": JSONValue(depthMultiplier),
         "dilation_rate": JSONValue(dilationRate), "activation": .string(activation.name), "use_bias": .bool(useBias),
         "depthwise_initializer": depthwiseInitializer.serialized(module: "keras.initializers"),
         "pointwise_initializer": pointwiseInitializer.serialized(module: "keras.initializers"),
         "bias_initializer": biasInitializer.serialized(module: "keras.initializers"),
         "depthwise_regularizer": nil, "pointwise_regularizer": nil, "bias_regularizer": nil, "activity_regularizer": nil,
         "depthwise_constraint": nil, "pointwise_constraint": nil, "bias_constraint": nil]
    }
}
