/// An activation function, named as in Keras so that configs round-trip (`"relu"`, `"softmax"`).
///
/// Use the static members (`.relu`, `.softmax`, `.gelu(approximate: true)`, …), look one up by
/// its Keras name with ``named(_:)``, or wrap your own closure with ``init(name:_:)``.
public struct Activation: Sendable, CustomStringConvertible {
    /// The Keras name written in configs.
    public let name: String
    let function: @Sendable (Tensor) -> Tensor

    /// A custom activation. The name is what configs record.
    public init(name: String, _ function: @escaping @Sendable (Tensor) -> Tensor) {
        self.name = name
        self.function = function
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { function(x) }
    public var description: String { name }

    /// Identity (Keras writes `"linear"` for no activation).
    public static let linear = Activation(name: "linear") { $0 }
}
