/// Builds a ZIP archive in memory from stored (uncompressed) entries, the layout of Keras's
/// `.keras` files and of `np.savez`. Python's `zipfile`, NumPy, Keras and `unzip` read it.
///
/// Entries get a fixed timestamp (1980-01-01 00:00, the earliest ZIP date) so the same contents
/// always give the same bytes; ZIP64 records are written only when an entry or offset needs them.
///
/// ```swift
/// var zip = ZipWriter()
/// try zip.add("config.json", Array(json.utf8))
/// try AtomicFile.write(zip.finish(), to: "model.keras")
/// ```
public struct ZipWriter: Sendable {
    private struct Record: Sendable {
        let name: [UInt8], crc: UInt32, size: Int, offset: Int, zip64: Bool
    }

    private var body: [UInt8] = []
    private var records: [Record] = []
    /// Writes ZIP64 records for every entry and the end even when nothing needs them (like Python's
    /// `force_zip64`); readers' ZIP64 paths can be tested without 4 GiB files.
    public var forceZip64 = false

    /// An empty archive.
    public init() {}

    /// The number of entries added so far.
    public var count: Int { records.count }

    /// Appends an entry holding `bytes`, stored without compression. Names use `/` between folders.
    /// - Throws: ``DataError`` if the name is empty or longer than ZIP's 65,535 bytes.
    public mutating func add(_ name: String, _ bytes: [UInt8]) throws {
        let encoded = Array(name.utf8)
        guard !encoded.isEmpty, encoded.count <= Int(UInt16.max) else {
            throw DataError(name.isEmpty ? "(zip entry)" : String(name.prefix(60)),
                            "a ZIP entry name must have 1 to 65,535 bytes, this one has \(encoded.count)")
        }
        let offset = body.count
        let zip64 = forceZip64 || bytes.count >= Int(UInt32.max) || offset >= Int(UInt32.max)
        let crc = Zlib.crc32(bytes[...])
        body.appendLE32(ZipDirectory.localSignature)
        body.appendLE16(zip64 ? 45 : 20)          // version needed to extract: 2.0, or 4.5 for ZIP64
        body.appendLE16(Self.flags(encoded))
        body.appendLE16(0)                        // method: stored
        body.appendLE16(Self.dosTime)
        body.appendLE16(Self.dosDate)
        body.appendLE32(crc)
        body.appendLE32(zip64 ? .max : UInt32(bytes.count))
        body.appendLE32(zip64 ? .max : UInt32(bytes.count))
        body.appendLE16(UInt16(encoded.count))
        body.appendLE16(zip64 ? 20 : 0)
        body.append(contentsOf: encoded)
        if zip64 {
            body.appendLE16(ZipDirectory.zip64ExtraID)
            body.appendLE16(16)
            body.appendLE64(UInt64(bytes.count))
            body.appendLE64(UInt64(bytes.count))
        }
        body.append(contentsOf: bytes)
        records.append(Record(name: encoded, crc: crc, size: bytes.count, offset: offset, zip64: zip64))
    }

    /// The archive's bytes: the entries, the central directory and the end records.
    public func finish() -> [UInt8] {
        var out = body
        let directoryStart = out.count
        for r in records {
            out.appendLE32(ZipDirectory.centralSignature)
            out.appendLE16(3 << 8 | (r.zip64 ? 45 : 20))   // made by: Unix, version 2.0 (4.5)
            out.appendLE16(r.zip64 ? 45 : 20)
            out.appendLE16(Self.flags(r.name))
            out.appendLE16(0)
            out.appendLE16(Self.dosTime)
            out.appendLE16(Self.dosDate)
            out.appendLE32(r.crc)
            out.appendLE32(r.zip64 ? .max : UInt32(r.size))
            out.appendLE32(r.zip64 ? .max : UInt32(r.size))
            out.appendLE16(UInt16(r.name.count))
            out.appendLE16(r.zip64 ? 28 : 0)
            out.appendLE16(0)                              // comment length
            out.appendLE16(0)                              // disk number
            out.appendLE16(0)                              // internal attributes
            out.appendLE32(0o100644 << 16)                 // external attributes: a regular file, rw-r--r--
            out.appendLE32(r.zip64 ? .max : UInt32(r.offset))
            out.append(contentsOf: r.name)
            if r.zip64 {
                out.appendLE16(ZipDirectory.zip64ExtraID)
                out.appendLE16(24)
                out.appendLE64(UInt64(r.size))
                out.appendLE64(UInt64(r.size))
                out.appendLE64(UInt64(r.offset))
            }
        }
        let directorySize = out.count - directoryStart
        let zip64End = forceZip64 || records.count >= 0xFFFF || directoryStart >= Int(UInt32.max) || directorySize >= Int(UInt32.max)
        if zip64End {
            let recordStart = out.count
            out.appendLE32(ZipDirectory.zip64EndSignature)
            out.appendLE64(44)                             // size of the rest of this record
            out.appendLE16(3 << 8 | 45)
            out.appendLE16(45)
            out.appendLE32(0)
            out.appendLE32(0)
            out.appendLE64(UInt64(records.count))
            out.appendLE64(UInt64(records.count))
            out.appendLE64(UInt64(directorySize))
            out.appendLE64(UInt64(directoryStart))
            out.appendLE32(ZipDirectory.zip64LocatorSignature)
            out.appendLE32(0)
            out.appendLE64(UInt64(recordStart))
            out.appendLE32(1)                              // total number of disks
        }
        out.appendLE32(ZipDirectory.endSignature)
        out.appendLE16(0)
        out.appendLE16(0)
        out.appendLE16(zip64End ? .max : UInt16(records.count))
        out.appendLE16(zip64End ? .max : UInt16(records.count))
        out.appendLE32(zip64End ? .max : UInt32(directorySize))
        out.appendLE32(zip64End ? .max : UInt32(directoryStart))
        out.appendLE16(0)                                  // comment length
        return out
    }

    /// 1980-01-01 00:00:00 in MS-DOS format.
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = 0 << 9 | 1 << 5 | 1

    /// Bit 11 marks a UTF-8 name (set only when the name is not plain ASCII, as Python does).
    static func flags(_ name: [UInt8]) -> UInt16 { name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11 }
}
