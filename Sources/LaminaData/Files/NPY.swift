import Foundation
import LaminaCore

/// NumPy's `.npy` format (numpy/lib/_format_impl.py): the magic `\x93NUMPY`, a version, a
/// header dict `{'descr', 'fortran_order', 'shape'}` padded to 64 bytes, then the raw data.
///
/// Reads versions 1.0 to 3.0 with the dtypes of ``NPYArray/DType``, little- or big-endian, in C
/// order; writes what `np.save` writes, byte for byte. Every problem throws a ``DataError`` naming
/// the file: bad magic, Fortran order, object arrays, unsupported dtypes, truncated data.
///
/// ```swift
/// let x = try NPY.readTensor("x.npy")           // float64 → float32, int64 → int32, …
/// try NPY.write(model.predict(x), to: "y.npy")
/// ```
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads the array in the `.npy` file at `path`.
    public static func read(_ path: String) throws -> NPYArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot read the file (missing or not readable)")
        }
        return try decode([UInt8](data), name: path)
    }

    /// Reads the `.npy` file at `path` as a tensor (see ``NPYArray/tensor(source:on:)``).
    public static func readTensor(_ path: String, on backend: (any Backend)? = nil) throws -> Tensor {
        try read(path).tensor(source: path, on: backend)
    }

    /// Writes `array` to `path` (atomically) as `np.save` would.
    public static func write(_ array: NPYArray, to path: String) throws {
        try AtomicFile.write(encode(array), to: path)
    }

    /// Writes a tensor to `path` with its own dtype (float32, int32 or bool).
    public static func write(_ tensor: Tensor, to path: String) throws {
        try write(NPYArray(tensor), to: path)
    }

    /// Parses the bytes of a `.npy` file; `name` stands for it in errors.
    public static func decode(_ b: [UInt8], name: String) throws -> NPYArray {
        func fail(_ reason: String) -> DataError { DataError(name, reason) }
        guard b.count >= 10 else { throw fail("not a .npy file: \(b.count) bytes is shorter than its 10-byte preamble") }
        guard Array(b[0..<6]) == magic else { throw fail("not a .npy file (bad magic: the file does not start with \\x93NUMPY)") }
        let major = b[6], minor = b[7]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(b.le16(at: 8) ?? 0)
        case 2, 3:
            guard let n = b.le32(at: 8) else { throw fail("truncated: the file ends inside its preamble") }
            headerStart = 12
            headerLength = Int(n)
        default:
            throw fail(".npy format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard headerLength <= b.count - headerStart else {
            throw fail("truncated: the header says \(headerLength) bytes but the file has \(max(0, b.count - headerStart)) after the preamble")
        }
        let dataStart = headerStart + headerLength
        let header = try NPYHeader.parse(Array(b[headerStart..<dataStart]), name: name)
        let (dtype, bigEndian) = try dtypeOf(header.descr, fail: fail)
        if header.fortranOrder && header.shape.filter({ $0 > 1 }).count > 1 {
            throw fail("the array is in Fortran (column-major) order, which Lamina does not read; "
                       + "save it with np.save(path, np.ascontiguousarray(x))")
        }
        guard let size = NPYArray.byteCount(dtype, header.shape) else {
            throw fail("impossible shape \(header.shape): its byte count overflows")
        }
        let available = b.count - dataStart
        guard size <= available else {
            throw fail("truncated: the header says \(size) bytes of data (\(dtype) \(header.shape)), the file has \(available)")
        }
        guard size == available else {
            throw fail("\(available - size) unexpected bytes after the \(size) bytes of data (\(dtype) \(header.shape))")
        }
        var data = Array(b[dataStart...])
        if bigEndian && dtype.byteSize > 1 {
            let w = dtype.byteSize
            for start in stride(from: 0, to: data.count, by: w) { data[start..<(start + w)].reverse() }
        }
        return NPYArray(unchecked: dtype, shape: header.shape, bytes: data)
    }

    /// The bytes of a `.npy` file holding `array`: version 1.0 (2.0 if the header needs more than
    /// 65,535 bytes), the header padded so the data starts at a multiple of 64 bytes.
    public static func encode(_ array: NPYArray) -> [UInt8] {
        let text = Array(NPYHeader.text(for: array).utf8)
        var version: UInt8 = 1, prefix = 10
        // The header plus its newline, padded with spaces (at least one) to a multiple of 64 bytes.
        var padded = 64 * ((prefix + text.count + 1) / 64 + 1) - prefix
        if padded > Int(UInt16.max) {
            version = 2; prefix = 12
            padded = 64 * ((prefix + text.count + 1) / 64 + 1) - prefix
        }
        var out = magic + [version, 0]
        out.reserveCapacity(prefix + padded + array.bytes.count)
        if version == 1 { out.appendLE16(UInt16(padded)) } else { out.appendLE32(UInt32(padded)) }
        out += text
        out += [UInt8](repeating: 0x20, count: padded - text.count - 1)
        out.append(0x0A)
        out += array.bytes
        return out
    }

    /// The dtype of a `descr` such as `<f4`, and whether its data is big-endian.
    static func dtypeOf(_ descr: String, fail: (String) -> DataError) throws -> (NPYArray.DType, bigEndian: Bool) {
        var code = Substring(descr)
        var bigEndian = false
        if let first = code.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            code = code.dropFirst()
        }
        switch code {
        case "f4": return (.float32, bigEndian)
        case "f8": return (.float64, bigEndian)
        case "i4": return (.int32, bigEndian)
        case "i8": return (.int64, bigEndian)
        case "u1": return (.uint8, false)
        case "b1": return (.bool, false)
        case "O": throw fail("an object array (dtype 'O') holds pickled Python objects, which Lamina does not read")
        default:
            let known = ["f2": "float16", "i1": "int8", "i2": "int16", "u2": "uint16", "u4": "uint32", "u8": "uint64",
                         "c8": "complex64", "c16": "complex128", "f16": "float128"]
            let what = known[String(code)] ?? (code.first.map { "UVSMm".contains($0) } == true ? "string, bytes or date" : "unknown")
            throw fail("dtype '\(descr)' (\(what)) is not supported; Lamina reads float32, float64, int32, int64, uint8 and bool")
        }
    }
}
