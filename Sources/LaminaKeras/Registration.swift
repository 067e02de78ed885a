import Lamina

/// Lamina's save and load functions for Keras's files, registered when the program loads
/// (a C constructor in CLaminaKeras calls ``laminaKerasRegister()``).
final class KerasFormatHandler: SaveFormatHandler {
    func saveWeights(of layer: Layer, to path: String) throws {
        try KerasWeightsFile.save(layer, to: path)
    }

    func loadWeights(into layer: Layer, from path: String, skipMismatch: Bool) throws {
        if SaveFormat.weights(for: path) == .kerasLegacyH5 {
            try LegacyH5File.loadWeights(path, into: layer, skipMismatch: skipMismatch)
        } else {
            try KerasWeightsFile.load(path, into: layer, skipMismatch: skipMismatch)
        }
    }

    func saveModel(_ model: Model, to path: String) throws {
        try KerasArchive.save(model, to: path)
    }

    func loadModel(from path: String, compile: Bool) throws -> Model {
        if SaveFormat.model(for: path) == .kerasLegacyH5 { return try LegacyH5File.loadModel(path, compile: compile) }
        return try KerasArchive.load(path, compile: compile)
    }
}

/// Called from the C constructor in CLaminaKeras when the program loads.
@_cdecl("lamina_keras_register")
public func laminaKerasRegister() {
    let handler = KerasFormatHandler()
    for format in [SaveFormat.kerasWeightsH5, .keras, .kerasLegacyH5] { SaveFormat.register(handler, for: format) }
}
