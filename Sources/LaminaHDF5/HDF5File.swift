import CHDF5
import Foundation

/// An open HDF5 file: on disk, or an in-memory image (HDF5's "core" driver), which is how a
/// `model.weights.h5` inside a `.keras` ZIP is read and written without a temporary file.
///
/// ```swift
/// let file = try HDF5File.createInMemory(name: "model.weights.h5")
/// let vars = try file.root.createGroup("layers").createGroup("dense").createGroup("vars")
/// try vars.createDataset("0", float32: kernel, shape: [4, 2])
/// let bytes = try file.imageBytes()
/// let again = try HDF5File(bytes: bytes, name: "model.weights.h5")
/// ```
/// Every call takes the library-wide HDF5 lock (libhdf5 is not thread-safe); objects close
/// their HDF5 ids when released.
public final class HDF5File: @unchecked Sendable {
    /// The path, or the name given to an in-memory file; used in error messages.
    public let name: String
    let id: hid_t
    /// The file's bytes, for checks libhdf5 does not make (``HDF5GlobalHeapGuard``).
    let raw: HDF5RawBytes

    private init(id: hid_t, name: String, raw: HDF5RawBytes) {
        self.id = id
        self.name = name
        self.raw = raw
    }

    deinit { HDF5Library.close(id) }

    /// Opens a file on disk read-only.
    public convenience init(contentsOf path: String) throws {
        let id = try HDF5Library.locked { () throws -> hid_t in
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw HDF5Error(file: path, path: "", "cannot read the file (missing or not readable)")
            }
            guard H5Fis_hdf5(path) > 0 else {
                _ = HDF5Library.takeError()
                throw HDF5Error(file: path, path: "", "not an HDF5 file (no HDF5 signature found)")
            }
            let id = H5Fopen(path, lamina_h5f_acc_rdonly(), hid_t(H5P_DEFAULT))
            guard id >= 0 else { throw HDF5Library.failure(path, "", "cannot open the HDF5 file (truncated or corrupt?)") }
            return id
        }
        self.init(id: id, name: path, raw: HDF5RawBytes(path: path))
    }

    /// Opens an HDF5 file image held in memory (read-only; the bytes are copied). `name` is used
    /// in error messages, e.g. `"m.keras/model.weights.h5"`.
    public convenience init(bytes: [UInt8], name: String) throws {
        let id = try HDF5Library.locked { () throws -> hid_t in
            guard bytes.count >= 8, bytes.prefix(8).elementsEqual([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) || Self.hasLaterSignature(bytes) else {
                throw HDF5Error(file: name, path: "", "not an HDF5 file (no HDF5 signature found)")
            }
            let fapl = try Self.coreAccessList(name)
            defer { HDF5Library.close(fapl) }
            let status = bytes.withUnsafeBytes { raw in
                H5Pset_file_image(fapl, UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
            }
            guard status >= 0 else { throw HDF5Library.failure(name, "", "cannot load the HDF5 image") }
            let id = H5Fopen(Self.memoryName(), lamina_h5f_acc_rdonly(), fapl)
            guard id >= 0 else { throw HDF5Library.failure(name, "", "cannot open the HDF5 data (truncated or corrupt?)") }
            return id
        }
        self.init(id: id, name: name, raw: HDF5RawBytes(image: bytes))
    }

    /// Creates an empty file in memory; get its bytes with ``imageBytes()``.
    public static func createInMemory(name: String) throws -> HDF5File {
        let id = try HDF5Library.locked { () throws -> hid_t in
            let fapl = try coreAccessList(name)
            defer { HDF5Library.close(fapl) }
            let id = H5Fcreate(memoryName(), lamina_h5f_acc_trunc(), hid_t(H5P_DEFAULT), fapl)
            guard id >= 0 else { throw HDF5Library.failure(name, "", "cannot create an in-memory HDF5 file") }
            return id
        }
        return HDF5File(id: id, name: name, raw: HDF5RawBytes())
    }

    /// The file's root group `/` (which also holds the file-level attributes).
    public var root: HDF5Group {
        get throws {
            try HDF5Library.locked {
                let g = H5Gopen2(id, "/", hid_t(H5P_DEFAULT))
                guard g >= 0 else { throw HDF5Library.failure(name, "/", "cannot open the root group") }
                return HDF5Group(file: self, id: g, path: "/")
            }
        }
    }

    /// The complete file as bytes (for an in-memory file: what would be on disk).
    public func imageBytes() throws -> [UInt8] {
        try HDF5Library.locked {
            guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw HDF5Library.failure(name, "", "cannot flush the HDF5 file") }
            let size = H5Fget_file_image(id, nil, 0)
            guard size > 0 else { throw HDF5Library.failure(name, "", "cannot get the HDF5 file image") }
            var out = [UInt8](repeating: 0, count: size)
            let got = out.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, $0.count) }
            guard got == size else { throw HDF5Library.failure(name, "", "cannot get the HDF5 file image") }
            return out
        }
    }

    /// A file-access property list for the core (memory) driver without a backing file.
    private static func coreAccessList(_ name: String) throws -> hid_t {
        let fapl = H5Pcreate(lamina_h5p_file_access())
        guard fapl >= 0 else { throw HDF5Library.failure(name, "", "cannot create an HDF5 property list") }
        guard H5Pset_fapl_core(fapl, 1 << 16, false) >= 0 else {
            HDF5Library.close(fapl)
            throw HDF5Library.failure(name, "", "cannot select HDF5's memory driver")
        }
        return fapl
    }

    /// HDF5 identifies open files by name, so every in-memory file gets its own.
    nonisolated(unsafe) private static var memoryCount = 0
    private static func memoryName() -> String {
        memoryCount += 1
        return "lamina-memory-\(getpid())-\(memoryCount).h5"
    }

    /// HDF5 also accepts its signature at offsets 512, 1024, 2048, … (a user block before it).
    private static func hasLaterSignature(_ bytes: [UInt8]) -> Bool {
        var offset = 512
        while offset + 8 <= bytes.count {
            if bytes[offset..<(offset + 8)].elementsEqual([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) { return true }
            offset *= 2
        }
        return false
    }
}
