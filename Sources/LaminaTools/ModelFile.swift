import Foundation
import Lamina

/// Whole-model files for the `lamina` file commands: loading through ``Model/load(from:compile:)``
/// (the one entry point, so every format it learns works here too) with errors that name the file.
public enum ModelFile {
    /// The model saved in `path` (`.lamina`, or `.keras` where supported), compiled if it was saved
    /// compiled and `compile` is true.
    /// - Throws: if the file is missing, is a weights-only file, or cannot be loaded.
    public static func load(_ path: String, compile: Bool = true) throws -> Model {
        try requireFile(path)
        guard SaveFormat.model(for: path) != nil else {
            if SaveFormat.weights(for: path) != nil {
                throw DataError(path, "holds weights only, not a whole model; pass a .lamina or .keras file "
                                + "(weights load into a model with `lamina convert WEIGHTS OUT --model MODEL`)")
            }
            throw DataError(path, "not a model file: expected a whole model ending in .lamina or .keras")
        }
        return try Model.load(from: path, compile: compile)
    }

    /// The Keras-style summary table of the model saved in `path`.
    public static func summary(_ path: String, lineLength: Int? = nil) throws -> String {
        try load(path).summaryText(lineLength: lineLength)
    }

    /// Throws a ``DataError`` naming `path` unless it is a readable file.
    static func requireFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(path, "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError(path, "is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw DataError(path, "the file is not readable") }
    }
}
