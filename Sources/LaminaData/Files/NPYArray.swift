import LaminaCore

/// A NumPy array as a `.npy` file holds it: element type, shape and raw bytes (little-endian,
/// C order), so nothing is lost before a conversion to a ``Tensor``.
///
/// Tensors have the dtypes float32, int32 and bool; ``tensor(source:)`` converts float64 to
/// float32, int64 to int32 (an error if a value does not fit) and uint8 to int32.
public struct NPYArray: Equatable, Sendable {
    /// The element types Lamina reads and writes.
    public enum DType: String, CaseIterable, Sendable, CustomStringConvertible {
        case float32, float64, int32, int64, uint8, bool

        /// Bytes per element.
        public var byteSize: Int {
            switch self {
            case .float32, .int32: return 4
            case .float64, .int64: return 8
            case .uint8, .bool: return 1
            }
        }

        /// NumPy's type string (`descr`) for little-endian data: `<f4`, `|u1`, …
        public var descr: String {
            switch self {
            case .float32: return "<f4"
            case .float64: return "<f8"
            case .int32: return "<i4"
            case .int64: return "<i8"
            case .uint8: return "|u1"
            case .bool: return "|b1"
            }
        }

        public var description: String { rawValue }
    }

    /// The element type.
    public let dtype: DType
    /// The dimensions; `[]` for a 0-d array (a scalar).
    public let shape: [Int]
    /// The elements in C (row-major) order, little-endian, `count * dtype.byteSize` bytes.
    public let bytes: [UInt8]

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// An array from raw little-endian bytes.
    /// - Throws: ``DataError`` if a dimension is negative or the byte count does not match the shape.
    public init(dtype: DType, shape: [Int], bytes: [UInt8]) throws {
        guard let n = NPYArray.byteCount(dtype, shape) else {
            throw DataError("array", "invalid shape \(shape) for \(dtype) (negative or too large)")
        }
        guard n == bytes.count else {
            throw DataError("array", "shape \(shape) of \(dtype) needs \(n) bytes, \(bytes.count) were given")
        }
        self.init(unchecked: dtype, shape: shape, bytes: bytes)
    }

    init(unchecked dtype: DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// The tensor's values with its own dtype: float32 → `<f4`, int32 → `<i4`, bool → `|b1`.
    public init(_ tensor: Tensor) {
        switch tensor.dtype {
        case .float32: self.init(unchecked: .float32, shape: tensor.shape, bytes: NPYArray.encode(tensor.scalars()))
        case .int32: self.init(unchecked: .int32, shape: tensor.shape, bytes: NPYArray.encode(tensor.intScalars()))
        case .bool: self.init(unchecked: .bool, shape: tensor.shape, bytes: tensor.intScalars().map { $0 != 0 ? 1 : 0 })
        }
    }

    /// Float64 values (`<f8`), e.g. for writing data NumPy should read at full precision.
    /// - Throws: ``DataError`` if the values do not fill `shape`.
    public init(_ values: [Double], shape: [Int]) throws {
        try self.init(dtype: .float64, shape: shape, bytes: NPYArray.encode(values))
    }

    /// Int64 values (`<i8`).
    /// - Throws: ``DataError`` if the values do not fill `shape`.
    public init(_ values: [Int64], shape: [Int]) throws {
        try self.init(dtype: .int64, shape: shape, bytes: NPYArray.encode(values))
    }

    /// Every element as a `Double` (exact for all dtypes but int64 beyond ±2⁵³); `true` is 1.
    public func doubles() -> [Double] {
        switch dtype {
        case .float32: return decode(UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .float64: return decode(UInt64.self).map { Double(bitPattern: $0) }
        case .int32: return decode(UInt32.self).map { Double(Int32(bitPattern: $0)) }
        case .int64: return decode(UInt64.self).map { Double(Int64(bitPattern: $0)) }
        case .uint8: return bytes.map { Double($0) }
        case .bool: return bytes.map { $0 != 0 ? 1 : 0 }
        }
    }

    /// The array as a tensor: float32 and float64 become float32, int32, int64 and uint8 become
    /// int32, bool stays bool.
    /// - Throws: ``DataError`` naming `source` if an int64 value does not fit in int32.
    public func tensor(source: String = "array", on backend: (any Backend)? = nil) throws -> Tensor {
        switch dtype {
        case .float32:
            return Tensor(decode(UInt32.self).map { Float(bitPattern: $0) }, shape: shape, on: backend)
        case .float64:
            return Tensor(decode(UInt64.self).map { Float(Double(bitPattern: $0)) }, shape: shape, on: backend)
        case .int32:
            return Tensor(decode(UInt32.self).map { Int32(bitPattern: $0) }, shape: shape, on: backend)
        case .int64:
            let wide = decode(UInt64.self).map { Int64(bitPattern: $0) }
            if let i = wide.firstIndex(where: { Int32(exactly: $0) == nil }) {
                throw DataError(source, "int64 value \(wide[i]) at flat index \(i) does not fit in int32, Lamina's integer type")
            }
            return Tensor(wide.map { Int32($0) }, shape: shape, on: backend)
        case .uint8:
            return Tensor(bytes.map { Int32($0) }, shape: shape, on: backend)
        case .bool:
            return Tensor(bytes.map { Int32($0 != 0 ? 1 : 0) }, shape: shape, dtype: .bool, on: backend)
        }
    }

    /// `count * byteSize`, or nil for a negative dimension or an overflow.
    static func byteCount(_ dtype: DType, _ shape: [Int]) -> Int? {
        var n = dtype.byteSize
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow else { return nil }
            n = p
        }
        return n
    }

    /// The little-endian words of the data.
    func decode<W: FixedWidthInteger & UnsignedInteger>(_: W.Type) -> [W] {
        var words = [W](repeating: 0, count: bytes.count / MemoryLayout<W>.size)
        words.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[0..<dst.count])) }
        }
        return words.map { W(littleEndian: $0) }
    }

    static func encode<T: BitPatterned>(_ values: [T]) -> [UInt8] {
        let words = values.map { $0.pattern.littleEndian }
        return words.withUnsafeBytes { Array($0) }
    }
}

/// Values stored in `.npy` files by their bit patterns.
protocol BitPatterned {
    associatedtype Pattern: FixedWidthInteger
    var pattern: Pattern { get }
}

extension Float: BitPatterned { var pattern: UInt32 { bitPattern } }
extension Double: BitPatterned { var pattern: UInt64 { bitPattern } }
extension Int32: BitPatterned { var pattern: UInt32 { UInt32(bitPattern: self) } }
extension Int64: BitPatterned { var pattern: UInt64 { UInt64(bitPattern: self) } }
