import CZlib
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
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(path, "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 4)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { inp in
            stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.avail_in = uInt(inp.count)
            repeat {
                try buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        let reason = status == Z_BUF_ERROR ? "the gzip stream is truncated" : "corrupt gzip data (zlib error \(status))"
                        throw DataError(path, reason)
                    }
                    output.append(contentsOf: out[0..<(chunk - Int(stream.avail_out))])
                }
                if status != Z_STREAM_END && stream.avail_in == 0 && stream.avail_out != 0 {
                    throw DataError(path, "the gzip stream is truncated")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}

/// A problem with a data file: names the file and says what is wrong.
public struct DataError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}
