/// Errors for user mistakes and bad data: wrong shapes, unknown names, bad files. Each message
/// names the layer, model or file and says what was expected and what was received.
public struct LaminaError: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable { case shape, value, unknownName, file, state, unsupported }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func shape(_ m: String) -> LaminaError { LaminaError(.shape, m) }
    static func value(_ m: String) -> LaminaError { LaminaError(.value, m) }
    static func unknown(_ m: String) -> LaminaError { LaminaError(.unknownName, m) }
    static func file(_ path: String, _ m: String) -> LaminaError { LaminaError(.file, "\(path): \(m)") }
    static func state(_ m: String) -> LaminaError { LaminaError(.state, m) }
}

/// Renders a Keras shape with `None` for unknown dimensions: `(None, 64)`.
public func describeShape(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
}

extension Tensor {
    /// The tensor's shape as a Keras shape with the batch (first) dimension unknown: `[nil, d1, …]`
    /// (`[]` for a scalar). Layers are built and checked against this form.
    var kerasShape: [Int?] { shape.isEmpty ? [] : [nil] + shape.dropFirst().map { Optional($0) } }
}
