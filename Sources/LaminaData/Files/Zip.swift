import Foundation

/// A ZIP archive read into memory: the container of `.keras` model files and NumPy's `.npz`.
///
/// Reads stored (method 0) and deflate (method 8) entries, ZIP64 records included; every entry's
/// sizes and CRC-32 are checked when it is read. Problems throw ``DataError`` naming the archive,
/// the entry and what is wrong, e.g. `model.keras: entry 'config.json': CRC-32 mismatch …`.
///
/// ```swift
/// let zip = try ZipArchive(contentsOf: "model.keras")
/// let config = try zip.bytes(of: "config.json")
/// ```
public struct ZipArchive: Sendable {
    /// One entry of the central directory.
    public struct Entry: Sendable, Equatable {
        /// The entry's path inside the archive (`/`-separated; folders end with `/`).
        public let name: String
        /// The compression method: 0 stored, 8 deflate (others are listed but cannot be read).
        public let method: UInt16
        /// The CRC-32 of the uncompressed bytes.
        public let crc32: UInt32
        /// Bytes as stored in the archive.
        public let compressedSize: Int
        /// Bytes after decompression.
        public let size: Int
        /// General-purpose flags (bit 0: encrypted; bit 3: sizes in a data descriptor; bit 11: UTF-8 name).
        public let flags: UInt16
        let localHeaderOffset: Int

        /// Whether the entry is a folder (its name ends with `/`).
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The file path (or the name given to ``init(bytes:name:)``) used in error messages.
    public let name: String
    /// The entries in central-directory order.
    public let entries: [Entry]
    private let data: [UInt8]
    private let index: [String: Int]

    /// Reads the archive at `path`.
    /// - Throws: ``DataError`` if the file is missing, not a ZIP archive, or truncated or corrupt.
    public init(contentsOf path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot read the file (missing or not readable)")
        }
        try self.init(bytes: [UInt8](contents), name: path)
    }

    /// Reads an archive held in memory; `name` stands for it in error messages.
    public init(bytes: [UInt8], name: String) throws {
        self.name = name
        self.data = bytes
        self.entries = try ZipDirectory.read(bytes, name: name)
        // As in Python's zipfile, the last of several entries with one name wins.
        self.index = Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { _, b in b })
    }

    /// The entry names in central-directory order.
    public var entryNames: [String] { entries.map(\.name) }

    /// Whether the archive has an entry called `entry`.
    public func contains(_ entry: String) -> Bool { index[entry] != nil }

    /// The uncompressed bytes of `entry`, checked against its declared size and CRC-32.
    /// - Throws: ``DataError`` naming the archive and the entry if it is missing, encrypted,
    ///   compressed with an unsupported method, truncated or corrupt.
    public func bytes(of entry: String) throws -> [UInt8] {
        guard let i = index[entry] else {
            let names = entryNames.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
            throw DataError(name, "no entry '\(entry)' in the archive (it holds \(entries.count): \(names)\(entries.count > 12 ? ", …" : ""))")
        }
        let e = entries[i]
        func fail(_ reason: String) -> DataError { DataError(name, "entry '\(entry)': " + reason) }
        guard e.flags & 1 == 0 else { throw fail("is encrypted; encrypted archives are not supported") }
        let o = e.localHeaderOffset
        guard let sig = data.le32(at: o), let nameLength = data.le16(at: o + 26), let extraLength = data.le16(at: o + 28) else {
            throw fail("truncated: its local header at offset \(o) lies past the end of the \(data.count)-byte file")
        }
        guard sig == ZipDirectory.localSignature else { throw fail("corrupt: no local file header at offset \(o)") }
        let nameStart = o + 30, start = nameStart + Int(nameLength) + Int(extraLength)
        guard start <= data.count else { throw fail("truncated: its local header ends past the end of the \(data.count)-byte file") }
        let localName = ZipDirectory.decodeName(data[nameStart..<(nameStart + Int(nameLength))])
        guard localName == e.name else { throw fail("corrupt: the local header names it '\(localName)'") }
        guard e.compressedSize <= data.count - start else {
            throw fail("truncated: needs \(e.compressedSize) bytes of data at offset \(start), the file has \(data.count - start) after it")
        }
        let stored = data[start..<(start + e.compressedSize)]
        let bytes: [UInt8]
        switch e.method {
        case 0:
            guard e.compressedSize == e.size else {
                throw fail("corrupt: stored without compression but its sizes differ (\(e.compressedSize) stored, \(e.size) declared)")
            }
            bytes = Array(stored)
        case 8:
            bytes = try Zlib.inflate(stored, windowBits: Zlib.rawDeflate, limit: e.size, path: name, context: "entry '\(entry)': ")
            guard bytes.count == e.size else { throw fail("truncated: inflates to \(bytes.count) bytes but \(e.size) are declared") }
        default:
            throw fail("compression method \(e.method) (\(ZipDirectory.methodName(e.method))) is not supported; stored (0) and deflate (8) are")
        }
        let crc = Zlib.crc32(bytes[...])
        guard crc == e.crc32 else {
            throw fail("CRC-32 mismatch (declared \(ZipDirectory.hex(e.crc32)), computed \(ZipDirectory.hex(crc))): the data is corrupt")
        }
        return bytes
    }
}
