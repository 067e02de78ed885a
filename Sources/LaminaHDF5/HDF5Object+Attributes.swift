import CHDF5
import Foundation

/// Attributes: strings as h5py writes them (variable-length UTF-8 for `str`, fixed-length
/// byte strings for NumPy `S` arrays such as Keras 2's `layer_names`), scalar or 1-D.
extension HDF5Object {
    /// Whether the object has an attribute called `name`.
    public func hasAttribute(_ name: String) throws -> Bool {
        try HDF5Library.locked {
            let r = H5Aexists(id, name)
            guard r >= 0 else { throw failure("cannot look up attribute \"\(name)\"") }
            return r > 0
        }
    }

    /// The number of elements of attribute `name` (1 for a scalar).
    public func attributeElementCount(_ name: String) throws -> Int {
        try HDF5Library.locked {
            let attr = H5Aopen(id, name, hid_t(H5P_DEFAULT))
            guard attr >= 0 else { throw failure("cannot open attribute \"\(name)\"") }
            defer { HDF5Library.close(attr) }
            let space = H5Aget_space(attr)
            defer { HDF5Library.close(space) }
            let n = H5Sget_simple_extent_npoints(space)
            guard n >= 0 else { throw failure("cannot read the size of attribute \"\(name)\"") }
            return Int(n)
        }
    }

    /// A string attribute (scalar, or a 1-D array of exactly one string).
    public func stringAttribute(_ name: String) throws -> String {
        let values = try stringArrayAttribute(name)
        guard values.count == 1 else {
            throw error("attribute \"\(name)\" holds \(values.count) strings, expected one")
        }
        return values[0]
    }

    /// A string-array attribute (a scalar string reads as one element).
    public func stringArrayAttribute(_ name: String) throws -> [String] {
        try HDF5Library.locked {
            guard H5Aexists(id, name) > 0 else {
                _ = HDF5Library.takeError()
                throw error("missing attribute \"\(name)\"")
            }
            let attr = H5Aopen(id, name, hid_t(H5P_DEFAULT))
            guard attr >= 0 else { throw failure("cannot open attribute \"\(name)\"") }
            defer { HDF5Library.close(attr) }
            let type = H5Aget_type(attr), space = H5Aget_space(attr)
            defer { HDF5Library.close(type); HDF5Library.close(space) }
            guard type >= 0, space >= 0 else { throw failure("cannot read attribute \"\(name)\"") }
            guard H5Tget_class(type) == H5T_STRING else {
                throw error("attribute \"\(name)\" is not a string (HDF5 type class \(H5Tget_class(type).rawValue))")
            }
            let count = Int(H5Sget_simple_extent_npoints(space))
            guard count >= 0, count <= 1 << 24 else { throw error("attribute \"\(name)\" has an invalid size \(count)") }
            if H5Tis_variable_str(type) > 0 {
                try HDF5GlobalHeapGuard(object: self, bytes: file.raw).check(attribute: name)
                return try readVariableStrings(attr, type: type, count: count, name: name)
            }
            return try readFixedStrings(attr, type: type, count: count, name: name)
        }
    }

    private func readVariableStrings(_ attr: hid_t, type: hid_t, count: Int, name: String) throws -> [String] {
        let mem = H5Tcopy(lamina_h5t_c_s1())
        defer { HDF5Library.close(mem) }
        _ = H5Tset_size(mem, lamina_h5t_variable())
        _ = H5Tset_cset(mem, H5Tget_cset(type))
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { H5Aread(attr, mem, $0.baseAddress) }
        defer { for p in pointers where p != nil { H5free_memory(p) } }
        guard status >= 0 else { throw failure("cannot read string attribute \"\(name)\"") }
        return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }

    private func readFixedStrings(_ attr: hid_t, type: hid_t, count: Int, name: String) throws -> [String] {
        let size = H5Tget_size(type)
        guard size > 0, size <= 1 << 26, count * size <= 1 << 28 else {
            throw error("string attribute \"\(name)\" has an invalid size (\(count) × \(size) bytes)")
        }
        var bytes = [UInt8](repeating: 0, count: max(1, count * size))
        let status = bytes.withUnsafeMutableBytes { H5Aread(attr, type, $0.baseAddress) }
        guard status >= 0 else { throw failure("cannot read string attribute \"\(name)\"") }
        let spacePadded = H5Tget_strpad(type) == H5T_STR_SPACEPAD
        return (0..<count).map { i in
            var s = bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
            if spacePadded { while s.last == 0x20 { s = s.dropLast() } }
            return String(decoding: s, as: UTF8.self)
        }
    }

    /// Writes (or replaces) a variable-length UTF-8 string attribute, as h5py writes a `str`.
    public func setStringAttribute(_ name: String, _ value: String) throws {
        try writeStrings(name, [value], scalar: true)
    }

    /// Writes (or replaces) a 1-D attribute of variable-length UTF-8 strings.
    public func setStringArrayAttribute(_ name: String, _ values: [String]) throws {
        try writeStrings(name, values, scalar: false)
    }

    private func writeStrings(_ name: String, _ values: [String], scalar: Bool) throws {
        try checkName(name, "attribute")
        try HDF5Library.locked {
            if H5Aexists(id, name) > 0 { _ = H5Adelete(id, name) }
            _ = HDF5Library.takeError()
            let type = H5Tcopy(lamina_h5t_c_s1())
            defer { HDF5Library.close(type) }
            _ = H5Tset_size(type, lamina_h5t_variable())
            _ = H5Tset_cset(type, H5T_CSET_UTF8)
            var dims = [hsize_t(values.count)]
            let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nil)
            defer { HDF5Library.close(space) }
            let attr = H5Acreate2(id, name, type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            guard attr >= 0 else { throw failure("cannot create attribute \"\(name)\"") }
            defer { HDF5Library.close(attr) }
            let cStrings = values.map { strdup($0) }
            defer { for p in cStrings { free(p) } }
            var pointers: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
            let status = pointers.withUnsafeMutableBytes { H5Awrite(attr, type, $0.baseAddress) }
            guard status >= 0 else { throw failure("cannot write attribute \"\(name)\"") }
        }
    }
}
