/// Parsing a ZIP archive's end-of-central-directory record (ZIP64 too) and its central directory
/// (PKWARE APPNOTE.TXT 4.3), with every offset and size checked against the file.
enum ZipDirectory {
    static let localSignature: UInt32 = 0x0403_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    /// The extra-field id of ZIP64 sizes and offsets.
    static let zip64ExtraID: UInt16 = 0x0001

    /// The entries of the archive `b`; `name` is used in errors.
    static func read(_ b: [UInt8], name: String) throws -> [ZipArchive.Entry] {
        guard let end = findEnd(b) else {
            if b.count >= 4 && b.le32(at: 0) == localSignature {
                throw DataError(name, "truncated ZIP archive: the end-of-central-directory record is missing (the file ends early)")
            }
            throw DataError(name, "not a ZIP archive (no end-of-central-directory record in its last bytes)")
        }
        guard let disk = b.le16(at: end + 4), let cdDisk = b.le16(at: end + 6), var count = b.le16(at: end + 10).map(Int.init),
              let size32 = b.le32(at: end + 12), let offset32 = b.le32(at: end + 16) else {
            throw DataError(name, "truncated ZIP archive: the end-of-central-directory record is cut off")
        }
        var size = Int(size32), offset = Int(offset32)
        if let locator = b.le32(at: end - 20), locator == zip64LocatorSignature {
            guard let at64 = b.le64(at: end - 12), let o = Int(exactly: at64), b.le32(at: o) == zip64EndSignature,
                  let c = b.le64(at: o + 32), let s = b.le64(at: o + 40), let off = b.le64(at: o + 48) else {
                throw DataError(name, "corrupt ZIP64 archive: the ZIP64 end-of-central-directory record is missing or cut off")
            }
            guard let c = Int(exactly: c), let s = Int(exactly: s), let off = Int(exactly: off) else {
                throw DataError(name, "corrupt ZIP64 archive: impossible central-directory size or offset")
            }
            (count, size, offset) = (c, s, off)
        } else if disk != 0 || cdDisk != 0 {
            throw DataError(name, "a multi-part (split) ZIP archive; only single-file archives are supported")
        }
        guard offset <= end, size <= end - offset else {
            throw DataError(name, "corrupt or truncated ZIP archive: the central directory (\(size) bytes at offset \(offset)) "
                            + "does not fit before its end record at offset \(end)")
        }
        var entries: [ZipArchive.Entry] = []
        entries.reserveCapacity(min(count, size / 46))
        var p = offset
        for k in 0..<count {
            guard p + 46 <= offset + size, b.le32(at: p) == centralSignature,
                  let flags = b.le16(at: p + 8), let method = b.le16(at: p + 10), let crc = b.le32(at: p + 16),
                  let comp32 = b.le32(at: p + 20), let size32 = b.le32(at: p + 24), let nameLength = b.le16(at: p + 28),
                  let extraLength = b.le16(at: p + 30), let commentLength = b.le16(at: p + 32), let local32 = b.le32(at: p + 42) else {
                throw DataError(name, "corrupt ZIP archive: central-directory record \(k + 1) of \(count) at offset \(p) is damaged")
            }
            let nameStart = p + 46, extraStart = nameStart + Int(nameLength), next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= offset + size else {
                throw DataError(name, "corrupt ZIP archive: central-directory record \(k + 1) of \(count) runs past the directory's end")
            }
            let entryName = decodeName(b[nameStart..<extraStart])
            var comp = UInt64(comp32), full = UInt64(size32), local = UInt64(local32)
            if comp32 == .max || size32 == .max || local32 == .max {
                try zip64Extra(b, extraStart..<(extraStart + Int(extraLength)), full: &full, compressed: &comp, offset: &local,
                               name: name, entry: entryName)
            }
            guard let c = Int(exactly: comp), let s = Int(exactly: full), let l = Int(exactly: local), l < offset else {
                throw DataError(name, "entry '\(entryName)': corrupt central-directory record (sizes or offset beyond the file)")
            }
            entries.append(ZipArchive.Entry(name: entryName, method: method, crc32: crc, compressedSize: c, size: s, flags: flags,
                                            localHeaderOffset: l))
            p = next
        }
        return entries
    }

    /// The offset of the end-of-central-directory record: the last signature, searching back over
    /// at most a 64 KiB comment, whose comment fits in the file.
    static func findEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 22 else { return nil }
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 0xFFFF)
        while i >= lowest {
            if b[i] == 0x50 && b.le32(at: i) == endSignature, let comment = b.le16(at: i + 20), i + 22 + Int(comment) <= b.count {
                return i
            }
            i -= 1
        }
        return nil
    }

    /// Replaces the 0xFFFFFFFF sizes and offset of a central record by the 64-bit values of its
    /// ZIP64 extra field (present in the order: size, compressed size, offset).
    static func zip64Extra(_ b: [UInt8], _ extra: Range<Int>, full: inout UInt64, compressed: inout UInt64, offset: inout UInt64,
                           name: String, entry: String) throws {
        var p = extra.lowerBound
        while p + 4 <= extra.upperBound, let id = b.le16(at: p), let length = b.le16(at: p + 2) {
            let body = p + 4, stop = body + Int(length)
            guard stop <= extra.upperBound else { break }
            if id == zip64ExtraID {
                var q = body
                func next() throws -> UInt64 {
                    guard q + 8 <= stop, let v = b.le64(at: q) else {
                        throw DataError(name, "entry '\(entry)': corrupt ZIP64 extra field (too short for its 0xFFFFFFFF fields)")
                    }
                    q += 8
                    return v
                }
                if full == UInt64(UInt32.max) { full = try next() }
                if compressed == UInt64(UInt32.max) { compressed = try next() }
                if offset == UInt64(UInt32.max) { offset = try next() }
                return
            }
            p = stop
        }
        // No ZIP64 field: the 0xFFFFFFFF values are taken literally, and checked against the file later.
    }

    /// Entry names are UTF-8 (flag bit 11, and what every modern writer uses for ASCII names).
    static func decodeName(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    static func methodName(_ method: UInt16) -> String {
        switch method {
        case 1: return "shrunk"
        case 6: return "imploded"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "LZMA"
        case 93: return "Zstandard"
        case 95: return "xz"
        case 99: return "AES-encrypted"
        default: return "unknown"
        }
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
