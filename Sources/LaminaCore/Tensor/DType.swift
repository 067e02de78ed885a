/// The element type of a ``Tensor``.
///
/// Every element is stored in 4 bytes: `float32` as `Float`, `int32` and `bool` as `Int32`
/// (`bool` holds 0 or 1). Keeping one element size lets every backend share its movement kernels.
public enum DType: String, Codable, Sendable, CustomStringConvertible {
    case float32
    case int32
    case bool

    /// Bytes per element.
    public var byteSize: Int { 4 }
    /// Whether values are floating point (and so can carry gradients).
    public var isFloatingPoint: Bool { self == .float32 }
    public var description: String { rawValue }
}
