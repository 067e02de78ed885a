/// Root-mean-square normalization (`keras.layers.RMSNormalization`):
/// `x·rsqrt(mean(x², axis) + epsilon)·scale`.
///
/// - Input: any shape of rank ≥ 1. Output: the same shape. Masks pass through.
/// - Weights: `scale`, of shape `inputShape[axis]`, initialized to ones.
/// Normalizing over the trailing axes runs the fused `rmsNormalized` kernel.
public final class RMSNormalization: Layer {
    public let axis: [Int]
    public let epsilon: Float
    public private(set) var scale: Variable?

    public init(axis: [Int] = [-1], epsilon: Float = 1e-6, name: String? = nil) {
        self.axis = axis
        self.epsilon = epsilon
        super.init(name: name)
    }

    public convenience init(axis: Int, epsilon: Float = 1e-6, name: String? = nil) {
        self.init(axis: [axis], epsilon: epsilon, name: name)
    }

    public override class var className: String { "RMSNormalization" }
    // Keras's RMSNormalization does not support masking: it drops a mask (and warns).

    func axes(rank: Int) throws -> [Int] {
        try axis.map { a in
            guard a >= -rank && a < rank else {
                throw LaminaError.value("Layer \"\(name)\": axis \(a) is out of bounds for inputs of rank \(rank). Received: axis=\(axis)")
            }
            return a < 0 ? a + rank : a
        }.sorted()
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let shape = inputShapes.first ?? []
        let dims = try self.axes(rank: shape.count).map { a -> Int in
            guard let d = shape[a] else {
                throw LaminaError.shape("Layer \"\(name)\": the normalized axis \(a) of inputs of shape \(describeShape(shape)) must be defined")
            }
            return d
        }
        scale = addWeight(name: "scale", shape: dims, initializer: Initializers.ones)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let axes = try self.axes(rank: input.rank)
        let inner = axes.reduce(1) { $0 * input.shape[$1] }
        if axes == Array((input.rank - axes.count)..<input.rank) {
            let flat = input.reshaped(Array(input.shape.prefix(input.rank - axes.count)) + [inner])
            return flat.rmsNormalized(scale: scale?.value.reshaped([inner]), epsilon: epsilon).reshaped(input.shape)
        }
        var bshape = [Int](repeating: 1, count: input.rank)
        for a in axes { bshape[a] = input.shape[a] }
        let inv = ((input * input).mean(axes: axes, keepDims: true) + epsilon).rsqrt()
        return scale.map { input * inv * $0.value.reshaped(bshape) } ?? input * inv
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["axis": axis.count == 1 ? JSONValue(axis[0]) : JSONValue(axis), "epsilon": JSONValue(epsilon)]
    }
}
