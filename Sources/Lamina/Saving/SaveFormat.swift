/// Which file format a path asks for, by its extension.
public enum SaveFormat: Hashable {
    /// Weights only: safetensors (`.safetensors`), or Keras's HDF5 `.weights.h5`.
    case safetensors, kerasWeightsH5
    /// A whole model: Lamina's `.lamina` (safetensors with the config and optimizer state), or `.keras`.
    case lamina, keras
    /// Keras 2's whole-model HDF5 file (`.h5`, `.hdf5`): read only (model or weights).
    case kerasLegacyH5

    /// The extensions Lamina can write, for weights and for whole models.
    static let weightExtensions = [".safetensors", ".weights.h5"]
    static let modelExtensions = [".lamina", ".keras"]

    /// The weights format for `path`, or nil.
    public static func weights(for path: String) -> SaveFormat? {
        if path.hasSuffix(".safetensors") { return .safetensors }
        if path.hasSuffix(".weights.h5") { return .kerasWeightsH5 }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return .kerasLegacyH5 }
        return nil
    }

    /// The whole-model format for `path`, or nil.
    public static func model(for path: String) -> SaveFormat? {
        if path.hasSuffix(".lamina") { return .lamina }
        if path.hasSuffix(".keras") { return .keras }
        if path.hasSuffix(".weights.h5") { return nil }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return .kerasLegacyH5 }
        return nil
    }

    /// Whether Lamina writes this format (Keras 2's `.h5` is read only).
    public var canWrite: Bool { self != .kerasLegacyH5 }

    /// Whether the format is one of Keras's HDF5-based ones, handled by the `LaminaKeras` product.
    public var isKerasHDF5: Bool { self == .kerasWeightsH5 || self == .keras || self == .kerasLegacyH5 }
}

/// Reads and writes a format implemented outside the Lamina module. The `LaminaKeras` product
/// registers one for `.weights.h5`, `.keras` and `.h5` when the program loads, so that
/// ``Layer/saveWeights(to:)``, ``Layer/loadWeights(from:skipMismatch:)``, ``Model/save(to:)``
/// and ``Model/load(from:compile:)`` accept those files once it is linked.
public protocol SaveFormatHandler: AnyObject {
    /// Writes the weights of `layer` (a model or a single layer) to `path`.
    func saveWeights(of layer: Layer, to path: String) throws
    /// Loads weights from `path` into the built `layer`; nothing changes unless everything fits
    /// (or `skipMismatch`).
    func loadWeights(into layer: Layer, from path: String, skipMismatch: Bool) throws
    /// Writes the whole model (config, weights, optimizer state).
    func saveModel(_ model: Model, to path: String) throws
    /// Rebuilds a model from `path`; with `compile`, restores its compile settings and optimizer state.
    func loadModel(from path: String, compile: Bool) throws -> Model
}

extension SaveFormat {
    nonisolated(unsafe) private static var handlers: [SaveFormat: SaveFormatHandler] = [:]

    /// Makes `handler` read and write `format` (replacing any earlier one).
    public static func register(_ handler: SaveFormatHandler, for format: SaveFormat) {
        handlers[format] = handler
    }

    /// The handler for `format`, or an error naming the product to add when none is registered.
    static func handler(for format: SaveFormat, path: String) throws -> SaveFormatHandler {
        if let h = handlers[format] { return h }
        let what = format == .keras ? ".keras" : (format == .kerasWeightsH5 ? ".weights.h5" : "Keras 2 .h5")
        throw LaminaError(.unsupported, "\(path): \(what) files (Keras's HDF5-based formats) are read and written by the LaminaKeras "
            + "product, which this program does not link: add .product(name: \"LaminaKeras\", package: \"Lamina\") to the target's "
            + "dependencies (it needs libhdf5-dev), or use .safetensors for weights and .lamina for whole models")
    }

    static func readOnly(_ path: String) -> LaminaError {
        LaminaError(.unsupported, "\(path): Lamina reads Keras 2 .h5 files but does not write them; save as .keras (whole model) or .weights.h5 (weights)")
    }
}
