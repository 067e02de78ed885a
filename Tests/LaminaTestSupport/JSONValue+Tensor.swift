import Lamina
import Testing

/// Tensors in the JSON fixtures that Keras scripts write (Scripts/golden, Scripts/keras_files):
/// `{"shape": [...], "dtype": "float32"|"int32", "data": [...]}`.
extension JSONValue {
    /// A tensor stored as `{"shape", "dtype", "data"}`.
    public var tensor: Tensor? {
        guard let shape = self["shape"]?.ints, let data = self["data"]?.array else { return nil }
        if self["dtype"]?.string == "int32" { return Tensor(data.map { Int32($0.int ?? 0) }, shape: shape) }
        return Tensor(data.map { $0.float ?? .nan }, shape: shape)
    }

    /// The tensor under `key`; fails the test if absent.
    public func tensor(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tensor {
        try #require(self[key]?.tensor, "fixture case has no tensor '\(key)'", sourceLocation: sourceLocation)
    }

    /// The record `{"shape", "dtype", "data"}` of a tensor.
    public init(tensor t: Tensor) {
        let data: [JSONValue] = t.dtype == .float32 ? t.scalars().map { JSONValue($0) } : t.intScalars().map { JSONValue(Int($0)) }
        self = ["shape": JSONValue(t.shape), "dtype": .string(t.dtype == .float32 ? "float32" : "int32"), "data": .array(data)]
    }
}
