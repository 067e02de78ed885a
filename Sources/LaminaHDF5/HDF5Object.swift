import CHDF5

/// A group or dataset of an open ``HDF5File``: its HDF5 id (closed when the object is
/// released), its absolute path for error messages, and its attributes
/// (see `HDF5Object+Attributes.swift`).
public class HDF5Object: @unchecked Sendable {
    /// The file this object is in; kept open while the object lives.
    public let file: HDF5File
    /// The absolute path inside the file: `/`, `/layers/dense/vars`, `/layers/dense/vars/0`.
    public let path: String
    let id: hid_t

    init(file: HDF5File, id: hid_t, path: String) {
        self.file = file
        self.id = id
        self.path = path
    }

    deinit { HDF5Library.close(id) }

    /// An error about this object (or, with `child`, about a member of this group).
    func error(_ message: String, child: String? = nil) -> HDF5Error {
        HDF5Error(file: file.name, path: child.map(childPath) ?? path, message)
    }

    /// An error for a failed HDF5 call, with HDF5's own explanation.
    func failure(_ what: String, child: String? = nil) -> HDF5Error {
        HDF5Library.failure(file.name, child.map(childPath) ?? path, what)
    }

    /// The absolute path of a member called `name`.
    func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// HDF5 member and attribute names are plain path components: not empty, no `/`, no NUL.
    func checkName(_ name: String, _ what: String) throws {
        guard !name.isEmpty, name != ".", !name.contains("/"), !name.utf8.contains(0) else {
            throw error("invalid \(what) name \"\(name)\" (it must be non-empty and contain no '/')")
        }
    }
}
