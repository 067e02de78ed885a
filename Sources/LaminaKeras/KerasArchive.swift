import Foundation
import Lamina
import LaminaHDF5

/// Keras 3's `.keras` files (`saving_lib.save_model` / `load_model`): a ZIP with stored
/// entries `metadata.json` (`{"keras_version", "date_saved"}`), `config.json` (the serialized
/// model with its `compile_config`) and `model.weights.h5` (the `.weights.h5` layout, optimizer
/// state included). The ZIP itself is in `KerasArchive+Zip.swift`.
public enum KerasArchive {
    /// The Keras version whose format Lamina writes (recorded in `metadata.json`).
    public static let kerasVersion = "3.15.1"

    static let metadataEntry = "metadata.json", configEntry = "config.json", weightsEntry = "model.weights.h5"

    /// The entries of a `.keras` file for `model`, in Keras's order. `name` is used in errors.
    static func entries(_ model: Model, name: String) throws -> [(name: String, bytes: [UInt8])] {
        guard model.isBuilt else {
            throw LaminaError(.state, "Model \"\(model.name)\" is not built yet; call it or fit it before saving \(name)")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        let metadata: JSONValue = ["keras_version": .string(kerasVersion), "date_saved": .string(formatter.string(from: Date())),
                                   "lamina_version": .string(laminaVersion)]
        let weights = try KerasWeightsFile.encode(model, name: name + "/" + weightsEntry)
        return [(metadataEntry, Array(metadata.description.utf8)), (configEntry, Array(model.serialized().description.utf8)),
                (weightsEntry, weights)]
    }

    /// Rebuilds a model from the text of `config.json` and the bytes of `model.weights.h5`;
    /// with `compile`, applies the `compile_config` and restores the optimizer's state.
    static func model(config text: [UInt8], weights: [UInt8], name: String, compile: Bool) throws -> Model {
        let config: JSONValue
        do { config = try JSONValue.parse(String(decoding: text, as: UTF8.self)) } catch {
            throw KerasFileError.file(name, "\(configEntry) is not valid JSON")
        }
        let model: Model
        do { model = try KerasConfigReader.model(from: config) } catch let e as LaminaError {
            throw LaminaError(e.kind, "\(name): \(configEntry): \(e.message)")
        }
        if compile, let cc = config["compile_config"], !cc.isNull {
            do { try model.compile(fromConfig: cc) } catch let e as LaminaError {
                throw LaminaError(e.kind, "\(name): \(configEntry): compile_config: \(e.message)")
            }
        }
        try KerasFileError.wrap {
            let file = try HDF5File(bytes: weights, name: name + "/" + weightsEntry)
            try KerasWeightsReader.read(file, into: model, name: name + "/" + weightsEntry, skipMismatch: false,
                                        optimizer: compile ? model.compiled?.optimizer : nil)
        }
        return model
    }
}
