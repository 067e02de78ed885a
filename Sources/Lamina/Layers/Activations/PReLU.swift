/// Parametric ReLU (`keras.layers.PReLU`): `max(x, 0) - alpha · max(-x, 0)` with a learned
/// `alpha` per element of the input (without the batch), shared along `sharedAxes`.
///
/// - Input: `[batch, d1, …, dn]`. Output: the same shape. Masks pass through.
/// - Weights: `alpha` of shape `[d1, …, dn]`, with 1 at each (1-based) shared axis.
public final class PReLU: Layer {
    public let alphaInitializer: any Initializer
    public let alphaRegularizer: (any Regularizer)?
    public let alphaConstraint: (any Constraint)?
    /// 1-based axes (axis 0 is the batch) along which `alpha` is shared, e.g. `[1, 2]` for images.
    public let sharedAxes: [Int]?
    public private(set) var alpha: Variable?

    public init(alphaInitializer: any Initializer = Initializers.zeros, alphaRegularizer: (any Regularizer)? = nil,
                alphaConstraint: (any Constraint)? = nil, sharedAxes: [Int]? = nil, name: String? = nil) {
        self.alphaInitializer = alphaInitializer
        self.alphaRegularizer = alphaRegularizer
        self.alphaConstraint = alphaConstraint
        self.sharedAxes = sharedAxes
        super.init(name: name)
    }

    public override class var className: String { "PReLU" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let shape = inputShapes[0]
        guard shape.count >= 2 else {
            throw LaminaError.shape("Layer \"\(name)\" (PReLU) needs inputs of rank ≥ 2. Received: input_shape=\(describeShape(shape))")
        }
        var paramShape: [Int?] = Array(shape.dropFirst())
        for a in sharedAxes ?? [] {
            guard a >= 1 && a < shape.count else {
                throw LaminaError.value("Layer \"\(name)\": shared_axes must be in 1..<\(shape.count). Received: shared_axes=\(sharedAxes ?? [])")
            }
            paramShape[a - 1] = 1
        }
        guard paramShape.allSatisfy({ $0 != nil }) else {
            throw LaminaError.shape("Layer \"\(name)\" (PReLU): every non-shared axis must be known. Received: input_shape=\(describeShape(shape))")
        }
        alpha = addWeight(name: "alpha", shape: paramShape.map { $0! }, initializer: alphaInitializer,
                          regularizer: alphaRegularizer, constraint: alphaConstraint)
        var axes: [Int: Int] = [:]
        if let sharedAxes, !sharedAxes.isEmpty {
            for i in 1..<shape.count where !sharedAxes.contains(i) { axes[i] = shape[i] }
        }
        inputSpec = [InputSpec(rank: shape.count, axes: axes)]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let alpha else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        return input.relu() - alpha.value * (-input).relu()
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["alpha_initializer": alphaInitializer.serialized(module: "keras.initializers"),
         "alpha_regularizer": alphaRegularizer?.serialized(module: "keras.regularizers") ?? nil,
         "alpha_constraint": alphaConstraint?.serialized(module: "keras.constraints") ?? nil,
         "shared_axes": sharedAxes.map { JSONValue($0) } ?? nil]
    }
}
