/// Root-mean-square normalization (`keras.layers.RMSNormalization`):
/// `x·rsqrt(mean(x², axis) + epsilon)·scale`.
///
/// - Input: any shape of rank ≥ 1. Output: the same shape. Masks pass through.
/// - Weights: `scale`, of shape `inputShape[axis]`, initialized to ones.
/// Normalizing over the trailing axes runs the fused `rmsNormalized` kernel.
public final class RMSNormalization: Layer, AxisNormalizing {
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

    public override func build(_ inputShapes: [[Int?]]) throws {
        let dims = try normalizedDims(inputShapes.first ?? [])
        scale = addWeight(name: "scale", shape: dims, initializer: Initializers.ones)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let axes = try self.axes(rank: input.rank)
        if case let (flat, inner)? = flattenedTrailing(input, axes: axes) {
            return flat.rmsNormalized(scale: scale?.value.reshaped([inner]), epsilon: epsilon).reshaped(input.shape)
        }
        let bshape = weightBroadcastShape(input, axes: axes)
        let inv = ((input * input).mean(axes: axes, keepDims: true) + epsilon).rsqrt()
        return scale.map { input * inv * $0.value.reshaped(bshape) } ?? input * inv
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["axis": axis.count == 1 ? JSONValue(axis[0]) : JSONValue(axis), "epsilon": JSONValue(epsilon)]
    }
}
