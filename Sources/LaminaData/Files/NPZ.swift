import LaminaCore

/// NumPy's `.npz` format: a ZIP archive of `.npy` files, one per named array (`np.savez` stores
/// them, `np.savez_compressed` deflates them; both are read). Lamina writes stored entries.
///
/// ```swift
/// let arrays = try NPZ.readTensors("data.npz")   // [("x", …), ("y", …)] in archive order
/// try NPZ.write([("logits", y0), ("probs", y1)], to: "out.npz")
/// ```
public enum NPZ {
    /// The arrays of the `.npz` file at `path`, named as `np.load` names them (the entry name
    /// without `.npy`), in archive order. Entries not ending in `.npy` are skipped.
    /// - Throws: ``DataError`` naming the file and the entry for a bad archive or array.
    public static func read(_ path: String) throws -> [(name: String, array: NPYArray)] {
        try decode(try ZipArchive(contentsOf: path))
    }

    /// The arrays of an in-memory `.npz` archive; `name` stands for it in errors.
    public static func decode(_ bytes: [UInt8], name: String) throws -> [(name: String, array: NPYArray)] {
        try decode(try ZipArchive(bytes: bytes, name: name))
    }

    /// The arrays of the `.npz` file at `path` as tensors (see ``NPYArray/tensor(source:on:)``).
    public static func readTensors(_ path: String, on backend: (any Backend)? = nil) throws -> [(name: String, tensor: Tensor)] {
        try read(path).map { ($0.name, try $0.array.tensor(source: "\(path): array '\($0.name)'", on: backend)) }
    }

    /// Writes `arrays` to `path` (atomically) as `np.savez` would: stored entries `<name>.npy`.
    /// - Throws: ``DataError`` for an empty or repeated name, or if the file cannot be written.
    public static func write(_ arrays: [(name: String, array: NPYArray)], to path: String) throws {
        try AtomicFile.write(try encode(arrays, path: path), to: path)
    }

    /// Writes tensors to `path`, each with its own dtype.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        try write(tensors.map { ($0.name, NPYArray($0.tensor)) }, to: path)
    }

    /// The bytes of a `.npz` archive holding `arrays`; `path` names it in errors.
    public static func encode(_ arrays: [(name: String, array: NPYArray)], path: String = "archive.npz") throws -> [UInt8] {
        var zip = ZipWriter()
        var seen = Set<String>()
        for (name, array) in arrays {
            guard !name.isEmpty else { throw DataError(path, "an array needs a non-empty name") }
            guard seen.insert(name).inserted else { throw DataError(path, "two arrays are named '\(name)'") }
            try zip.add(name + ".npy", NPY.encode(array))
        }
        return zip.finish()
    }

    static func decode(_ zip: ZipArchive) throws -> [(name: String, array: NPYArray)] {
        try zip.entryNames.filter { $0.hasSuffix(".npy") }.map { entry in
            (String(entry.dropLast(4)), try NPY.decode(try zip.bytes(of: entry), name: "\(zip.name): entry '\(entry)'"))
        }
    }
}
