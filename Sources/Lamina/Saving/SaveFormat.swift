/// Which file format a path asks for, by its extension.
public enum SaveFormat: Equatable {
    /// Weights only: safetensors (`.safetensors`), or Keras's HDF5 `.weights.h5`.
    case safetensors, kerasWeightsH5
    /// A whole model: Lamina's `.lamina` (safetensors with the config and optimizer state), or `.keras`.
    case lamina, keras

    static let weightExtensions = [".safetensors", ".weights.h5"]
    static let modelExtensions = [".lamina", ".keras"]

    /// The weights format for `path`, or nil.
    public static func weights(for path: String) -> SaveFormat? {
        if path.hasSuffix(".safetensors") { return .safetensors }
        if path.hasSuffix(".weights.h5") { return .kerasWeightsH5 }
        return nil
    }

    /// The whole-model format for `path`, or nil.
    public static func model(for path: String) -> SaveFormat? {
        if path.hasSuffix(".lamina") { return .lamina }
        if path.hasSuffix(".keras") { return .keras }
        return nil
    }

    static func notYet(_ path: String, _ what: String) -> LaminaError {
        LaminaError(.unsupported, "\(path): \(what) files (Keras's HDF5-based formats) are not supported yet; use .safetensors for weights or .lamina for whole models")
    }
}
