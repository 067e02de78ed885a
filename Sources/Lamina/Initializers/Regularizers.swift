/// `l1 · Σ|x|` (Keras `keras.regularizers.L1`, also `"l1"`).
public struct L1: Regularizer {
    public let l1: Float
    public init(l1: Float = 0.01) {
        precondition(l1 >= 0 && l1.isFinite, "Invalid value for argument l1: expected a non-negative float. Received: l1=\(l1)")
        self.l1 = l1
    }
    public func callAsFunction(_ weight: Tensor) -> Tensor { weight.abs().sum() * l1 }
    public var className: String { "L1" }
    public var config: [String: JSONValue] { ["l1": JSONValue(l1)] }
}

/// `l2 · Σx²` (Keras `keras.regularizers.L2`, also `"l2"`).
public struct L2: Regularizer {
    public let l2: Float
    public init(l2: Float = 0.01) {
        precondition(l2 >= 0 && l2.isFinite, "Invalid value for argument l2: expected a non-negative float. Received: l2=\(l2)")
        self.l2 = l2
    }
    public func callAsFunction(_ weight: Tensor) -> Tensor { weight.squared().sum() * l2 }
    public var className: String { "L2" }
    public var config: [String: JSONValue] { ["l2": JSONValue(l2)] }
}

/// `l1 · Σ|x| + l2 · Σx²`, each term only when its factor is non-zero (Keras
/// `keras.regularizers.L1L2`, also `"l1_l2"`; both factors default to 0, as in Keras's code).
public struct L1L2: Regularizer {
    public let l1: Float
    public let l2: Float
    public init(l1: Float = 0, l2: Float = 0) {
        precondition(l1 >= 0 && l1.isFinite, "Invalid value for argument l1: expected a non-negative float. Received: l1=\(l1)")
        precondition(l2 >= 0 && l2.isFinite, "Invalid value for argument l2: expected a non-negative float. Received: l2=\(l2)")
        self.l1 = l1; self.l2 = l2
    }
    public func callAsFunction(_ weight: Tensor) -> Tensor {
        var r = Tensor.full(0, shape: [], on: weight.backend)
        if l1 != 0 { r = r + weight.abs().sum() * l1 }
        if l2 != 0 { r = r + weight.squared().sum() * l2 }
        return r
    }
    public var className: String { "L1L2" }
    public var config: [String: JSONValue] { ["l1": JSONValue(l1), "l2": JSONValue(l2)] }
}

/// The regularizers by Keras name (`keras.regularizers.get`): `"L1"`/`"l1"`, `"L2"`/`"l2"`,
/// `"L1L2"`/`"l1_l2"`, with Keras's defaults.
public enum Regularizers {
    public static func named(_ name: String) throws -> any Regularizer {
        switch name {
        case "L1", "l1": return L1()
        case "L2", "l2": return L2()
        case "L1L2", "l1_l2": return L1L2()
        default: throw LaminaError.unknown("Could not interpret regularizer identifier: \(name)")
        }
    }
}
