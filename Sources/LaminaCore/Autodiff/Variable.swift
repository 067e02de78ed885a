/// A named, mutable tensor that training updates: a layer's kernel, a bias, an optimizer slot.
///
/// The value of a trainable variable is a leaf of the gradient graph; ``gradients(of:wrt:retainGraph:)``
/// takes gradients with respect to it. Non-trainable variables (moving statistics, optimizer
/// state) are plain constants.
public final class Variable: @unchecked Sendable {
    /// The name given at creation, e.g. `"kernel"`.
    public let name: String
    /// The current value.
    public private(set) var value: Tensor
    /// Whether the variable is a leaf of the gradient graph (and so is updated by optimizers).
    public var trainable: Bool {
        didSet { if trainable != oldValue { value = Variable.leaf(value.detached(), trainable, name) } }
    }

    public init(_ initial: Tensor, name: String = "variable", trainable: Bool = true) {
        precondition(!trainable || initial.dtype.isFloatingPoint, "Variable '\(name)': only float32 variables can be trainable")
        self.name = name
        self.trainable = trainable
        self.value = Variable.leaf(noGrad { initial.copied() }, trainable, name)
    }

    public var shape: [Int] { value.shape }
    public var dtype: DType { value.dtype }

    /// Replaces the value (same shape and dtype), keeping the variable's identity.
    public func assign(_ newValue: Tensor) {
        precondition(newValue.shape == value.shape && newValue.dtype == value.dtype,
                     "Variable '\(name)': cannot assign a \(newValue.dtype) tensor of shape \(ShapeMath.describe(newValue.shape)) "
                     + "to a \(value.dtype) variable of shape \(ShapeMath.describe(value.shape))")
        value.backend.copy(newValue, into: value)
    }

    private static func leaf(_ t: Tensor, _ trainable: Bool, _ name: String) -> Tensor {
        guard trainable else { return t }
        var v = t
        v.node = GradNode(leaf: name)
        return v
    }
}
