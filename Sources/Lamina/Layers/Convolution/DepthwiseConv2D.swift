import LaminaCore

/// Depthwise 2-D convolution (`keras.layers.DepthwiseConv2D`): each input channel is convolved
/// with its own `depthMultiplier` filters. Channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, oh, ow, channels · depthMultiplier]`
///   (output channel `c·depthMultiplier + m` comes from input channel `c`).
/// - Weights: `kernel` `[kh, kw, channels, depthMultiplier]`, `bias` `[channels · depthMultiplier]`.
public final class DepthwiseConv2D: Layer {
    public private(set) var kernelSize: [Int] = []
    public private(set) var strides: [Int] = []
    public private(set) var padding: ConvPadding = .valid
    public let depthMultiplier: Int
    public private(set) var dilationRate: [Int] = []
    public let activation: Activation
    public let useBias: Bool
    public let depthwiseInitializer: any Initializer
    public let biasInitializer: any Initializer
    public let depthwiseRegularizer: (any Regularizer)?
    public let biasRegularizer: (any Regularizer)?
    public let depthwiseConstraint: (any Constraint)?
    public let biasConstraint: (any Constraint)?
    public private(set) var kernel: Variable?
    public private(set) var bias: Variable?

    public init(kernelSize: [Int], strides: [Int] = [1, 1], padding: String = "valid", depthMultiplier: Int = 1,
                dilationRate: [Int] = [1, 1], activation: Activation = .linear, useBias: Bool = true,
                depthwiseInitializer: any Initializer = GlorotUniform(), biasInitializer: any Initializer = Initializers.zeros,
                depthwiseRegularizer: (any Regularizer)? = nil, biasRegularizer: (any Regularizer)? = nil,
                depthwiseConstraint: (any Constraint)? = nil, biasConstraint: (any Constraint)? = nil, name: String? = nil) throws {
        self.depthMultiplier = depthMultiplier
        self.activation = activation
        self.useBias = useBias
        self.depthwiseInitializer = depthwiseInitializer
        self.biasInitializer = biasInitializer
        self.depthwiseRegularizer = depthwiseRegularizer
        self.biasRegularizer = biasRegularizer
        self.depthwiseConstraint = depthwiseConstraint
        self.biasConstraint = biasConstraint
        super.init(name: name)
        guard depthMultiplier > 0 else {
            throw LaminaError.value("Layer \"\(self.name)\": invalid value for argument `depth_multiplier`. Expected a strictly positive value. Received depth_multiplier=\(depthMultiplier).")
        }
        (self.kernelSize, self.strides, self.dilationRate, self.padding) =
            try ConvArgs.window(kernelSize: kernelSize, strides: strides, dilationRate: dilationRate, padding: padding, rank: 2, layer: self.name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "DepthwiseConv2D" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let c = try ConvArgs.checkInput(inputShapes[0], rank: 4, layer: name, className: className)
        kernel = addWeight(name: "kernel", shape: kernelSize + [c, depthMultiplier], initializer: depthwiseInitializer,
                           regularizer: depthwiseRegularizer, constraint: depthwiseConstraint)
        if useBias {
            bias = addWeight(name: "bias", shape: [c * depthMultiplier], initializer: biasInitializer,
                             regularizer: biasRegularizer, constraint: biasConstraint)
        }
        inputSpec = [InputSpec(rank: 4, axes: [-1: c])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let p = ConvArgs.parameters(input, kernel: kernelSize, strides: strides, dilation: dilationRate, padding: padding)
        var y = input.depthwiseConv2d(filter: kernel.value, p)
        if let bias { y = y + bias.value }
        return activation(y)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        let c = try ConvArgs.checkInput(s, rank: 4, layer: name, className: className)
        let spatial = ConvArgs.outputLengths(s, kernel: kernelSize, strides: strides, dilation: dilationRate, padding: padding)
        return [[s[0]] + spatial + [c * depthMultiplier]]
    }

    public override var config: [String: JSONValue] {
        ["kernel_size": JSONValue(kernelSize), "strides": JSONValue(strides), "padding": .string(padding.rawValue),
         "depth_multiplier": JSONValue(depthMultiplier), "data_format": "channels_last", "dilation_rate": JSONValue(dilationRate),
         "activation": .string(activation.name), "use_bias": .bool(useBias),
         "depthwise_initializer": depthwiseInitializer.serialized(module: "keras.initializers"),
         "bias_initializer": biasInitializer.serialized(module: "keras.initializers"),
         "depthwise_regularizer": depthwiseRegularizer?.serialized(module: "keras.regularizers") ?? nil,
         "bias_regularizer": biasRegularizer?.serialized(module: "keras.regularizers") ?? nil,
         "activity_regularizer": nil,
         "depthwise_constraint": depthwiseConstraint?.serialized(module: "keras.constraints") ?? nil,
         "bias_constraint": biasConstraint?.serialized(module: "keras.constraints") ?? nil]
    }
}
