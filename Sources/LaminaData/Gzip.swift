import Foundation
import LaminaCore

/// Reading files that may be gzip-compressed.
public enum FileData {
    /// The bytes of `path`, decompressed if the file is gzip (by its magic number, not its name).
    /// - Throws: ``DataError`` naming the file if it is missing or a corrupt or truncated gzip stream.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot read the file (missing or not readable)")
        }
        let bytes = [UInt8](data)
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B { return try gunzip(bytes, path: path) }
        return bytes
    }

    /// Decompresses a gzip stream.
    public static func gunzip(_ input: [UInt8], path: String) throws -> [UInt8] {
        try Zlib.inflate(input[...], windowBits: Zlib.gzip, path: path)
    }
}

/// A problem with a data file: names the file and says what is wrong.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}
