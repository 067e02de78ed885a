/// Makes the initial value of a weight from its shape (Keras `keras.initializers`).
public protocol Initializer: KerasObject {
    func callAsFunction(_ shape: [Int]) -> Tensor
}

/// Constant initializers used by the engine itself; the full family (Glorot, He, Orthogonal, …)
/// lives beside this file.
public enum Initializers {
    public static let zeros: any Initializer = Constant(value: 0, name: "Zeros")
    public static let ones: any Initializer = Constant(value: 1, name: "Ones")
}

/// Every element is `value` (Keras `Constant`, `Zeros`, `Ones`).
public struct Constant: Initializer {
    public let value: Float
    public let className: String
    public init(value: Float = 0) { self.value = value; className = "Constant" }
    init(value: Float, name: String) { self.value = value; className = name }
    public func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.full(value, shape: shape) }
    public var config: [String: JSONValue] { className == "Constant" ? ["value": JSONValue(value)] : [:] }
}
