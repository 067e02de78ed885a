import CHDF5

/// The element type of a dataset, as far as Lamina cares.
public enum HDF5ElementType: Equatable, Sendable, CustomStringConvertible {
    /// IEEE floats of 16, 32 or 64 bits.
    case float(bits: Int)
    /// Integers of 8 to 64 bits.
    case integer(bits: Int, signed: Bool)
    /// h5py's booleans: an enum `{FALSE = 0, TRUE = 1}` over int8.
    case bool
    case string
    /// Anything else (compound, array, …), described.
    case other(String)

    public var description: String {
        switch self {
        case .float(let b): return "float\(b)"
        case .integer(let b, let s): return (s ? "int" : "uint") + "\(b)"
        case .bool: return "bool"
        case .string: return "string"
        case .other(let d): return d
        }
    }

    /// Whether the values read as numbers (floats, integers, booleans).
    public var isNumeric: Bool {
        switch self {
        case .float, .integer, .bool: return true
        default: return false
        }
    }
}

/// A dataset: an n-dimensional array (shape `[]` for a scalar) of ``elementType`` values.
/// The shape and type are read when it is opened, so a caller can check them before reading
/// the data. Reading converts to the asked type as NumPy's `astype` would (HDF5 converts float
/// widths and integer widths; booleans become 0/1).
public final class HDF5Dataset: HDF5Object, @unchecked Sendable {
    /// The dimensions, row-major (C order), `[]` for a scalar.
    public let shape: [Int]
    public let elementType: HDF5ElementType
    /// Number of elements (the product of ``shape``).
    public let count: Int
    /// The most elements Lamina reads from one dataset (2³¹), a guard against corrupt sizes.
    public static let maxElements = 1 << 31

    init(file: HDF5File, opened id: hid_t, path: String) throws {
        let space = H5Dget_space(id), type = H5Dget_type(id)
        defer { HDF5Library.close(space); HDF5Library.close(type) }
        guard space >= 0, type >= 0 else {
            HDF5Library.close(id)
            throw HDF5Library.failure(file.name, path, "cannot read the dataset's shape or type")
        }
        let rank = H5Sget_simple_extent_ndims(space)
        var dims = [hsize_t](repeating: 0, count: max(0, Int(rank)))
        guard rank >= 0, rank <= 32, H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else {
            HDF5Library.close(id)
            throw HDF5Library.failure(file.name, path, "the dataset has an invalid shape")
        }
        var n = 1
        for d in dims {
            let (p, overflow) = n.multipliedReportingOverflow(by: Int(clamping: d))
            guard !overflow, p <= Self.maxElements else {
                HDF5Library.close(id)
                throw HDF5Error(file: file.name, path: path, "the dataset's shape \(dims) is too large (corrupt?)")
            }
            n = p
        }
        shape = dims.map { Int($0) }
        count = n
        elementType = Self.describe(type)
        super.init(file: file, id: id, path: path)
    }

    private static func describe(_ type: hid_t) -> HDF5ElementType {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT: return .float(bits: size * 8)
        case H5T_INTEGER: return .integer(bits: size * 8, signed: H5Tget_sign(type) == H5T_SGN_2)
        case H5T_ENUM:
            let base = H5Tget_super(type)
            defer { HDF5Library.close(base) }
            return H5Tget_nmembers(type) == 2 && H5Tget_size(base) == 1 ? .bool : .other("enum")
        case H5T_STRING: return .string
        case let c: return .other("HDF5 type class \(c.rawValue)")
        }
    }

    /// The values as 32-bit floats.
    public func readFloats() throws -> [Float] {
        switch elementType {
        case .float: return try read(Float.self, memoryType: lamina_h5t_native_float())
        case .integer: return try readInt64s().map { Float($0) }
        case .bool: return try readBools().map { $0 ? 1 : 0 }
        default: throw error("cannot read \(elementType) data as numbers")
        }
    }

    /// The values as 64-bit floats.
    public func readDoubles() throws -> [Double] {
        switch elementType {
        case .float: return try read(Double.self, memoryType: lamina_h5t_native_double())
        case .integer: return try readInt64s().map { Double($0) }
        case .bool: return try readBools().map { $0 ? 1 : 0 }
        default: throw error("cannot read \(elementType) data as numbers")
        }
    }

    /// The values as 64-bit integers (integer and boolean datasets only).
    public func readInt64s() throws -> [Int64] {
        switch elementType {
        case .integer: return try read(Int64.self, memoryType: lamina_h5t_native_int64())
        case .bool: return try readBools().map { $0 ? 1 : 0 }
        default: throw error("cannot read \(elementType) data as integers")
        }
    }

    private func readBools() throws -> [Bool] {
        try HDF5Library.locked {
            let type = H5Dget_type(id)
            defer { HDF5Library.close(type) }
            let native = H5Tget_native_type(type, H5T_DIR_ASCEND)
            defer { HDF5Library.close(native) }
            guard native >= 0, H5Tget_size(native) == 1 else { throw failure("cannot read the boolean data") }
            var raw = [Int8](repeating: 0, count: count)
            let status = raw.withUnsafeMutableBytes { H5Dread(id, native, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), $0.baseAddress) }
            guard status >= 0 else { throw failure("cannot read the data (truncated or corrupt?)") }
            return raw.map { $0 != 0 }
        }
    }

    private func read<T: Numeric>(_: T.Type, memoryType: hid_t) throws -> [T] {
        try HDF5Library.locked {
            var out = [T](repeating: 0, count: count)
            guard count > 0 else { return out }
            let status = out.withUnsafeMutableBytes { H5Dread(id, memoryType, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), $0.baseAddress) }
            guard status >= 0 else { throw failure("cannot read the data (truncated or corrupt?)") }
            return out
        }
    }
}

extension HDF5Group {
    /// Creates a float32 dataset `name` of `shape` (`[]` for a scalar) holding `values` (C order).
    @discardableResult
    public func createDataset(_ name: String, float32 values: [Float], shape: [Int]) throws -> HDF5Dataset {
        try create(name, values, shape: shape, type: lamina_h5t_native_float())
    }

    /// Creates an int32 dataset.
    @discardableResult
    public func createDataset(_ name: String, int32 values: [Int32], shape: [Int]) throws -> HDF5Dataset {
        try create(name, values, shape: shape, type: lamina_h5t_native_int32())
    }

    /// Creates an int64 dataset.
    @discardableResult
    public func createDataset(_ name: String, int64 values: [Int64], shape: [Int]) throws -> HDF5Dataset {
        try create(name, values, shape: shape, type: lamina_h5t_native_int64())
    }

    private func create<T>(_ name: String, _ values: [T], shape: [Int], type: hid_t) throws -> HDF5Dataset {
        try checkName(name, "dataset")
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw error("cannot write \(values.count) values as shape \(shape)", child: name)
        }
        return try HDF5Library.locked {
            var dims = shape.map { hsize_t($0) }
            let space = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), &dims, nil)
            defer { HDF5Library.close(space) }
            let d = H5Dcreate2(id, name, type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            guard space >= 0, d >= 0 else { throw failure("cannot create dataset", child: name) }
            let status = values.withUnsafeBytes { H5Dwrite(d, type, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), $0.baseAddress) }
            guard status >= 0 else {
                HDF5Library.close(d)
                throw failure("cannot write dataset", child: name)
            }
            return try HDF5Dataset(file: file, opened: d, path: childPath(name))
        }
    }
}
