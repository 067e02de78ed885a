/// The projections inside ``MultiHeadAttention``: what Keras does with `EinsumDense`, for the
/// equations MultiHeadAttention builds. The input's last `boundDims.count` axes are contracted
/// with the kernel `[boundDims..., outputDims...]`, giving `[..., outputDims...]`, plus a bias of
/// shape `outputDims`.
///
/// - Weights: `kernel` `boundDims + outputDims`, `bias` `outputDims` (Keras's layouts: the query
///   projection's kernel is `(dim, heads, key_dim)`, the output projection's `(heads, value_dim, out)`).
public final class EinsumProjection: Layer {
    public let boundDims: [Int]
    public let outputDims: [Int]
    public let useBias: Bool
    public let kernelInitializer: any Initializer
    public let biasInitializer: any Initializer
    public private(set) var kernel: Variable?
    public private(set) var bias: Variable?

    public init(boundDims: [Int], outputDims: [Int], useBias: Bool, kernelInitializer: any Initializer = GlorotUniform(),
                biasInitializer: any Initializer = Initializers.zeros, name: String? = nil) {
        self.boundDims = boundDims
        self.outputDims = outputDims
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        super.init(name: name)
    }

    public override class var className: String { "EinsumDense" }

    public override func build(_ inputShapes: [[Int?]]) throws {
        kernel = addWeight(name: "kernel", shape: boundDims + outputDims, initializer: kernelInitializer)
        if useBias { bias = addWeight(name: "bias", shape: outputDims, initializer: biasInitializer) }
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        let k = boundDims.count
        guard input.rank > k, Array(input.shape.suffix(k)) == boundDims else {
            throw LaminaError.shape("Layer \"\(name)\": expected inputs ending in \(describeShape(boundDims.map { $0 })). "
                + "Received: inputs.shape=\(describeShape(input.shape.map { $0 }))")
        }
        let inner = boundDims.reduce(1, *), outer = outputDims.reduce(1, *)
        let lead = Array(input.shape.dropLast(k))
        let y = input.reshaped(lead + [inner]).linear(weight: kernel.value.reshaped([inner, outer]), bias: bias?.value.reshaped([outer]))
        return y.reshaped(lead + outputDims)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [Array(inputShapes[0].dropLast(boundDims.count)) + outputDims.map { Optional($0) }]
    }
}
