import Foundation

extension LaminaError {
    /// Runs `body`, turning LaminaData's ``DataError`` (a file and what is wrong with it) into a
    /// `.file` LaminaError with the same message, so Lamina's saving and loading API throws one
    /// error type.
    static func mappingFileErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DataError { throw LaminaError(.file, e.description) }
    }
}

/// ``AtomicFile/write(_:to:)`` throwing ``LaminaError``.
func writeAtomically(_ data: Data, to path: String) throws {
    try LaminaError.mappingFileErrors { try AtomicFile.write(data, to: path) }
}

/// ``AtomicFile/write(_:to:)`` for UTF-8 text, throwing ``LaminaError``.
func writeAtomically(_ text: String, to path: String) throws {
    try LaminaError.mappingFileErrors { try AtomicFile.write(text, to: path) }
}
