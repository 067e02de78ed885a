import Lamina
import LaminaHDF5

/// Keras 2's whole-model HDF5 files (`model.save("m.h5")`, `legacy_h5_format.py`): the root
/// attribute `model_config` (JSON), `training_config` when compiled, the group `model_weights`
/// whose attribute `layer_names` lists the layers in `model.layers` order and whose per-layer
/// groups list their datasets in `weight_names`, and `optimizer_weights`. Weights-only files
/// (`save_weights("w.h5")`) hold the layer groups at the root.
///
/// Weights load positionally, as Keras does: the n-th layer with weights in the model takes the
/// n-th saved layer with weights, each layer's `trainable + non-trainable` weights in order.
/// Read only; Lamina writes `.keras` and `.weights.h5` instead.
public enum LegacyH5File {
    /// Rebuilds the model from `model_config`, loads its weights and, with `compile`, applies
    /// `training_config` and restores the optimizer's state from `optimizer_weights`.
    public static func loadModel(_ path: String, compile: Bool = true) throws -> Model {
        try loadModel(name: path, compile: compile) { try HDF5File(contentsOf: path) }
    }

    /// ``loadModel(_:compile:)`` for the bytes of a file held in memory (`name` is used in errors).
    public static func loadModel(bytes: [UInt8], name: String, compile: Bool = true) throws -> Model {
        try loadModel(name: name, compile: compile) { try HDF5File(bytes: bytes, name: name) }
    }

    private static func loadModel(name path: String, compile: Bool, open: () throws -> HDF5File) throws -> Model {
        try KerasFileError.wrap {
            let file = try open()
            let root = try file.root
            guard try root.hasAttribute("model_config") else {
                throw KerasFileError.file(path, "no \"model_config\" attribute at the root: not a Keras whole-model .h5 file "
                    + "(a weights-only .h5 file loads into an existing model with loadWeights(from:))")
            }
            let config = try json(root, "model_config", path)
            let model: Model
            let keras3 = try root.hasAttribute("keras_version") && (try root.stringAttribute("keras_version")).hasPrefix("3.")
            do { model = try KerasConfigReader.model(from: LegacyConfig.upgrade(config), checkArguments: keras3) } catch let e as LaminaError {
                throw LaminaError(e.kind, "\(path): model_config: \(e.message)")
            }
            let weights = try root.groupIfPresent("model_weights") ?? root
            try LegacyH5Weights.load(weights, into: model, file: path, skipMismatch: false)
            if compile, try root.hasAttribute("training_config") {
                let training = try json(root, "training_config", path)
                do { try model.compile(fromConfig: LegacyConfig.compileConfig(training)) } catch let e as LaminaError {
                    throw LaminaError(e.kind, "\(path): training_config: \(e.message)")
                }
                if let group = try root.groupIfPresent("optimizer_weights"), let optimizer = model.compiled?.optimizer {
                    try LegacyH5Weights.restoreOptimizer(group, optimizer, model: model, file: path)
                }
            }
            return model
        }
    }

    /// Loads the weights of a Keras 2 `.h5` file (whole-model or weights-only) into the built `layer`.
    public static func loadWeights(_ path: String, into layer: Layer, skipMismatch: Bool = false) throws {
        guard layer.isBuilt else {
            throw LaminaError(.state, "Layer \"\(layer.name)\" is not built yet; call it once (or give its Input) before loading weights from \(path)")
        }
        try KerasFileError.wrap {
            let root = try HDF5File(contentsOf: path).root
            let weights = try root.groupIfPresent("model_weights") ?? root
            try LegacyH5Weights.load(weights, into: layer, file: path, skipMismatch: skipMismatch)
        }
    }

    private static func json(_ root: HDF5Group, _ attribute: String, _ path: String) throws -> JSONValue {
        let text = try root.stringAttribute(attribute)
        do { return try JSONValue.parse(text) } catch {
            throw KerasFileError.file(path, "HDF5 path /: attribute \"\(attribute)\" is not valid JSON")
        }
    }
}
