/// A densely connected layer: `activation(inputs · kernel + bias)` over the last axis
/// (`keras.layers.Dense`).
///
/// - Input: `[batch, ..., inputDim]`. Output: `[batch, ..., units]`.
/// - Weights: `kernel` `[inputDim, units]`, `bias` `[units]` (Keras's layout).
public final class Dense: Layer, KernelBiasLayer {
    public let units: Int
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

    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: any Initializer = GlorotUniform(), biasInitializer: any Initializer = Initializers.zeros,
                kernelRegularizer: (any Regularizer)? = nil, biasRegularizer: (any Regularizer)? = nil,
                kernelConstraint: (any Constraint)? = nil, biasConstraint: (any Constraint)? = nil, name: String? = nil) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.kernelConstraint = kernelConstraint
        self.biasConstraint = biasConstraint
        super.init(name: name)
    }

    public override class var className: String { "Dense" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        guard units > 0 else { throw LaminaError.value("Layer \"\(name)\": units must be positive. Received: units=\(units)") }
        guard let shape = inputShapes.first, shape.count >= 1, let inputDim = shape.last ?? nil else {
            throw LaminaError.shape("Layer \"\(name)\": the last dimension of the inputs to a Dense layer should be defined. Found: \(describeShape(inputShapes.first ?? []))")
        }
        kernel = addKernel(shape: [inputDim, units])
        bias = addBias(shape: [units])
        inputSpec = [InputSpec(minRank: 2, axes: [-1: inputDim])]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        return activation(input.linear(weight: kernel.value, bias: bias?.value))
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [Array(inputShapes[0].dropLast()) + [units]]
    }

    public override var supportsMasking: Bool { true }

    public override var config: [String: JSONValue] {
        ["units": JSONValue(units), "activation": .string(activation.name), "quantization_config": nil]
            .merging(kernelBiasConfig) { a, _ in a }
    }
}
