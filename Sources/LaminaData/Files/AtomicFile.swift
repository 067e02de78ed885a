import Foundation

/// Writes files so that a crash mid-save loses nothing: the bytes go to a temporary file in the
/// same folder, which is flushed and then renamed over the target in one step.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Throws: ``DataError`` naming `path` if its folder is missing or the write or rename fails;
    ///   any previous file at `path` is then left as it was.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDir), isDir.boolValue else {
            throw DataError(path, "cannot write: the folder \(dir) does not exist")
        }
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw DataError(path, "cannot create the temporary file \(tmp)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(tmp, path) == 0 else { throw DataError(path, "cannot rename \(tmp) over it (errno \(errno))") }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            if let e = error as? DataError { throw e }
            throw DataError(path, "write failed: \(error)")
        }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(Data(bytes), to: path)
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
