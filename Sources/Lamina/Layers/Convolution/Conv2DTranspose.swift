import LaminaCore

/// Transposed 2-D convolution (`keras.layers.Conv2DTranspose`): the gradient of a `Conv2D` with
/// respect to its input, used to upsample. Channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, oh, ow, filters]`, per axis (with the
///   dilated kernel `k' = (k - 1)·dilation + 1`): `h·stride + max(k' - stride, 0)` ("valid") or
///   `h·stride` ("same") without `outputPadding`; with it, `(h - 1)·stride + k' - 2·pad + outputPadding`
///   where `pad` is `k' / 2` for "same" and 0 for "valid".
/// - Weights: `kernel` `[kh, kw, filters, channels]` (Keras's layout: out and in swapped), `bias` `[filters]`.
public final class Conv2DTranspose: Layer, KernelBiasLayer {
    public let filters: Int
    public private(set) var kernelSize: [Int] = []
    public private(set) var strides: [Int] = []
    public private(set) var padding: ConvPadding = .valid
    public private(set) var outputPadding: [Int]?
    public private(set) var dilationRate: [Int] = []
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

    public init(_ filters: Int, kernelSize: [Int], strides: [Int] = [1, 1], padding: String = "valid", outputPadding: [Int]? = nil,
                dilationRate: [Int] = [1, 1], activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: any Initializer = GlorotUniform(), biasInitializer: any Initializer = Initializers.zeros,
                kernelRegularizer: (any Regularizer)? = nil, biasRegularizer: (any Regularizer)? = nil,
                kernelConstraint: (any Constraint)? = nil, biasConstraint: (any Constraint)? = nil, name: String? = nil) throws {
        self.filters = filters
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        super.init(name: name)
        guard filters > 0 else { throw LaminaError.value("Layer \"\(self.name)\": invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters).") }
        (self.kernelSize, self.strides, self.dilationRate, self.padding) =
            try ConvArgs.window(kernelSize: kernelSize, strides: strides, dilationRate: dilationRate, padding: padding, rank: 2, layer: self.name)
        if let outputPadding {
            let op = try ConvArgs.tuple(outputPadding, 2, "output_padding", layer: self.name, allowZero: true)
            for i in 0..<2 where op[i] >= self.strides[i] {
                throw LaminaError.value("Layer \"\(self.name)\": strides \(self.strides) must be greater than output padding \(op)")
            }
            self.outputPadding = op
        }
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "Conv2DTranspose" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let c = try ConvArgs.checkInput(inputShapes[0], rank: 4, layer: name, className: className)
        kernel = addKernel(shape: kernelSize + [filters, c])
        bias = addBias(shape: [filters])
        inputSpec = [InputSpec(rank: 4, axes: [-1: c])]
    }

    /// Keras's `compute_conv_transpose_output_length` along axis `i`.
    func outputLength(_ input: Int?, _ i: Int) -> Int? {
        guard let input else { return nil }
        let k = (kernelSize[i] - 1) * dilationRate[i] + 1, s = strides[i]
        guard let op = outputPadding?[i] else {
            return padding == .valid ? input * s + max(k - s, 0) : input * s
        }
        let pad = padding == .same ? k / 2 : 0
        return (input - 1) * s + k - 2 * pad + op
    }

    /// The start padding of the equivalent forward convolution along axis `i`: `k' - 1` minus the
    /// left padding Keras gives `lax.conv_transpose` (`_convert_conv_transpose_padding_args_from_keras_to_jax`).
    func leadingPad(_ i: Int) -> Int {
        let k = (kernelSize[i] - 1) * dilationRate[i] + 1, s = strides[i]
        if padding == .valid { return 0 }
        let padLength = outputPadding.map { k + k % 2 - 2 + $0[i] } ?? (s + k - 2)
        let left = min(padLength / 2 + padLength % 2, k - 1)
        return k - 1 - left
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let out = (0..<2).map { outputLength(input.shape[$0 + 1], $0)! }
        var pads: [Int] = []
        for i in 0..<2 {
            let k = (kernelSize[i] - 1) * dilationRate[i] + 1, top = leadingPad(i)
            // The end padding that makes the forward convolution map `out` back to exactly `input` positions.
            let exact = (input.shape[i + 1] - 1) * strides[i] + k - out[i] - top
            pads += [top, max(0, exact)]
        }
        let p = ConvolutionParameters(strides: strides, dilation: dilationRate, padding: pads)
        precondition(p.outputSize(input: out, window: kernelSize) == [input.shape[1], input.shape[2]],
                     "Conv2DTranspose \(name): inconsistent geometry \(p) for \(input.shape) → \(out)")
        var y = input.conv2dTranspose(filter: kernel.value, outputShape: [input.shape[0]] + out + [filters], p)
        if let bias { y = y + bias.value }
        return activation(y)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        _ = try ConvArgs.checkInput(s, rank: 4, layer: name, className: className)
        return [[s[0], outputLength(s[1], 0), outputLength(s[2], 1), filters]]
    }

    public override var config: [String: JSONValue] {
        ["filters": JSONValue(filters), "kernel_size": JSONValue(kernelSize), "strides": JSONValue(strides),
         "padding": .string(padding.rawValue), "output_padding": outputPadding.map { JSONValue($0) } ?? nil,
         "data_format": "channels_last", "dilation_rate": JSONValue(dilationRate),
         "activation": .string(activation.name)].merging(kernelBiasConfig) { a, _ in a }
    }
}
