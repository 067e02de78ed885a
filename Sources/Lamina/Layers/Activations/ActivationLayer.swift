/// Applies an activation function elementwise (`keras.layers.Activation`). Named
/// `ActivationLayer` in Swift because ``Activation`` is the function type; its Keras class name
/// (configs, automatic names) is `Activation`.
///
/// - Input: any shape. Output: the same shape (except `glu`, which halves its axis). Masks pass through.
public final class ActivationLayer: Layer {
    public let activation: Activation

    /// - Parameter activation: the function, e.g. `.relu` or `try .named("gelu")`.
    public init(_ activation: Activation, name: String? = nil) {
        self.activation = activation
        super.init(name: name ?? Naming.unique("activation"))
    }

    /// An activation given by its Keras name (`"relu"`, `"softmax"`, …).
    public convenience init(_ activation: String, name: String? = nil) throws {
        self.init(try Activation.named(activation), name: name)
    }

    public override class var className: String { "Activation" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor { activation(input) }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        activation.name == "glu" ? try super.computeOutputShape(inputShapes) : [inputShapes[0]]
    }

    public override var config: [String: JSONValue] { ["activation": .string(activation.name)] }
}
