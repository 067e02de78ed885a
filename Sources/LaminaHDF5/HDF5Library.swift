import CHDF5
import Foundation

/// An HDF5 failure: the file (its path, or the name given to an in-memory image), the path of
/// the object inside it (`/layers/dense/vars/0`, empty for the file itself) and what went wrong,
/// including HDF5's own description when it gave one.
public struct HDF5Error: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let path: String
    public let message: String

    public init(file: String, path: String, _ message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): HDF5 path \(path): \(message)"
    }
}

/// The one lock around every HDF5 call: a libhdf5 built without `--enable-threadsafe` must
/// never be entered by two threads at once (Debian's happens to be thread-safe; others are
/// not). The lock is recursive because releasing an object (which closes its HDF5 id) can
/// happen while it is held.
enum HDF5Library {
    private static let lock: NSRecursiveLock = {
        let l = NSRecursiveLock()
        l.name = "LaminaHDF5"
        return l
    }()

    /// Before the first HDF5 call: no clean-up at exit (see `lamina_h5_dont_atexit` in CHDF5).
    private static let setUp: Void = lamina_h5_dont_atexit()

    /// Runs `body` holding the HDF5 lock, with HDF5's printing of errors to stderr turned off
    /// (failures become ``HDF5Error``s instead). A thread-safe libhdf5 keeps that setting per
    /// thread, so it is set on every entry (a cheap call).
    static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = setUp
        lamina_h5_silence()
        return try body()
    }

    /// HDF5's description of the last failure (clearing its error stack), or "" if none.
    static func takeError() -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        buffer.withUnsafeMutableBufferPointer { lamina_h5_take_error($0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An error for a failed call, with HDF5's explanation appended when it has one.
    static func failure(_ file: String, _ path: String, _ what: String) -> HDF5Error {
        let detail = takeError()
        return HDF5Error(file: file, path: path, detail.isEmpty ? what : "\(what) (HDF5: \(detail))")
    }

    /// Closes an id of any kind (file, group, dataset, attribute, dataspace, datatype, property list).
    static func close(_ id: hid_t) {
        guard id >= 0 else { return }
        locked {
            switch H5Iget_type(id) {
            case H5I_FILE: _ = H5Fclose(id)
            case H5I_GROUP: _ = H5Gclose(id)
            case H5I_DATASET: _ = H5Dclose(id)
            case H5I_ATTR: _ = H5Aclose(id)
            case H5I_DATASPACE: _ = H5Sclose(id)
            case H5I_DATATYPE: _ = H5Tclose(id)
            case H5I_GENPROP_LST: _ = H5Pclose(id)
            default: break
            }
            _ = takeError()
        }
    }
}
