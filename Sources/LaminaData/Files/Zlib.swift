import CZlib

/// zlib's inflate and CRC-32, shared by the gzip reader and the ZIP reader and writer.
enum Zlib {
    /// Window bits for a gzip stream (header and trailer checked by zlib).
    static let gzip: Int32 = 16 + MAX_WBITS
    /// Window bits for a raw deflate stream, as stored in ZIP entries.
    static let rawDeflate: Int32 = -MAX_WBITS

    /// Decompresses one stream. `limit` caps the output (a ZIP entry's declared size), so corrupt
    /// input cannot make it grow without bound.
    /// - Throws: ``DataError`` naming `path`, prefixed with `context` (e.g. "entry 'a.npy': "),
    ///   for truncated or corrupt data or output beyond `limit`.
    static func inflate(_ input: ArraySlice<UInt8>, windowBits: Int32, limit: Int? = nil,
                        path: String, context: String = "") throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(path, context + "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        let format = windowBits == gzip ? "gzip stream" : "deflate data"
        var output = [UInt8]()
        output.reserveCapacity(Swift.min(limit ?? input.count * 4, input.count * 4 + 1024))
        var buffer = [UInt8](repeating: 0, count: Swift.min(limit ?? Int.max, (1 << 20) - 1) + 1)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { inp in
            var consumed = 0
            repeat {
                if stream.avail_in == 0 && consumed < inp.count {
                    let n = Swift.min(inp.count - consumed, Int(UInt32.max))
                    stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress! + consumed)
                    stream.avail_in = uInt(n)
                    consumed += n
                }
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else {
                    if status == Z_BUF_ERROR { throw DataError(path, context + "the \(format) is truncated") }
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw DataError(path, context + "corrupt \(format) (\(reason))")
                }
                output.append(contentsOf: buffer[0..<produced])
                if let limit, output.count > limit {
                    throw DataError(path, context + "the \(format) inflates to more than the declared \(limit) bytes")
                }
                if status != Z_STREAM_END && stream.avail_in == 0 && consumed == inp.count && produced == 0 {
                    throw DataError(path, context + "the \(format) is truncated")
                }
            } while status != Z_STREAM_END
        }
        return output
    }

    /// The CRC-32 (ISO 3309, as in ZIP and gzip) of `bytes`.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buf in
            var crc = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < buf.count {
                let n = Swift.min(buf.count - offset, Int(UInt32.max))
                crc = CZlib.crc32(crc, buf.baseAddress! + offset, uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
