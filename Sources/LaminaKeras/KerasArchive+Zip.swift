import Foundation
import Lamina

extension KerasArchive {
    /// Writes `model` as a `.keras` file (a ZIP of stored entries), atomically.
    public static func save(_ model: Model, to path: String) throws {
        let entries = try entries(model, name: path)
        try KerasFileError.wrap {
            var zip = ZipWriter()
            for (name, bytes) in entries { try zip.add(name, bytes) }
            try AtomicFile.write(zip.finish(), to: path)
        }
    }

    /// Loads a `.keras` file written by Keras 3 (or by ``save(_:to:)``).
    public static func load(_ path: String, compile: Bool = true) throws -> Model {
        try load(archive: try KerasFileError.wrap { try ZipArchive(contentsOf: path) }, name: path, compile: compile)
    }

    /// Loads a `.keras` file held in memory; `name` is used in errors.
    public static func load(bytes: [UInt8], name: String, compile: Bool = true) throws -> Model {
        try load(archive: try KerasFileError.wrap { try ZipArchive(bytes: bytes, name: name) }, name: name, compile: compile)
    }

    private static func load(archive: ZipArchive, name: String, compile: Bool) throws -> Model {
        for entry in [configEntry, weightsEntry] where !archive.entryNames.contains(entry) {
            throw KerasFileError.file(name, "missing entry \"\(entry)\" (entries: \(archive.entryNames.joined(separator: ", "))): not a .keras model file")
        }
        let (config, weights) = try KerasFileError.wrap { (try archive.bytes(of: configEntry), try archive.bytes(of: weightsEntry)) }
        return try model(config: config, weights: weights, name: name, compile: compile)
    }
}
