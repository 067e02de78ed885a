import Foundation
import Lamina
import LaminaHDF5

/// `.weights.h5` files on disk: what `model.save_weights` / `model.load_weights` read and write
/// in Keras 3.
public enum KerasWeightsFile {
    /// Writes the weights of `layer` (and, for a compiled model, its optimizer's state, as Keras
    /// does) to `path`, atomically.
    public static func save(_ layer: Layer, to path: String) throws {
        guard layer.isBuilt else {
            throw LaminaError(.state, "Layer \"\(layer.name)\" is not built yet, so it has no weights to save; call it or fit it first")
        }
        let bytes = try encode(layer, name: path)
        try KerasFileError.wrap { try AtomicFile.write(bytes, to: path) }
    }

    /// The bytes of a `.weights.h5` file for `layer` (`name` is used in error messages).
    static func encode(_ layer: Layer, name: String) throws -> [UInt8] {
        try KerasFileError.wrap {
            let file = try HDF5File.createInMemory(name: name)
            try KerasWeightsWriter.write(layer, optimizer: (layer as? Model)?.compiled?.optimizer, into: file)
            return try file.imageBytes()
        }
    }

    /// Loads `path` into the built `layer`. A compiled model whose optimizer has already taken a
    /// step (its slots exist) gets the optimizer's state too, when the file has it in the same
    /// layout (else the optimizer is left as it is, as Keras does).
    public static func load(_ path: String, into layer: Layer, skipMismatch: Bool = false) throws {
        try load(into: layer, name: path, skipMismatch: skipMismatch) { try HDF5File(contentsOf: path) }
    }

    /// Loads the bytes of a `.weights.h5` file (`name` is used in errors) into the built `layer`.
    public static func load(bytes: [UInt8], name: String, into layer: Layer, skipMismatch: Bool = false) throws {
        try load(into: layer, name: name, skipMismatch: skipMismatch) { try HDF5File(bytes: bytes, name: name) }
    }

    private static func load(into layer: Layer, name: String, skipMismatch: Bool, open: () throws -> HDF5File) throws {
        guard layer.isBuilt else {
            throw LaminaError(.state, "Layer \"\(layer.name)\" is not built yet; call it once (or give its Input) before loading weights from \(name)")
        }
        try KerasFileError.wrap {
            try KerasWeightsReader.read(try open(), into: layer, name: name, skipMismatch: skipMismatch, optimizer: builtOptimizer(of: layer),
                                        strictOptimizer: false)
        }
    }

    /// The model's optimizer if it has slots for every trainable variable (Keras restores the
    /// state of built optimizers only).
    static func builtOptimizer(of layer: Layer) -> Optimizer? {
        guard let optimizer = (layer as? Model)?.compiled?.optimizer else { return nil }
        let tracked = Set(optimizer.trackedVariables.map(ObjectIdentifier.init))
        let trainable = KerasObjectGraph.trainableVariables(layer)
        return !trainable.isEmpty && trainable.allSatisfy({ tracked.contains(ObjectIdentifier($0)) }) ? optimizer : nil
    }
}
