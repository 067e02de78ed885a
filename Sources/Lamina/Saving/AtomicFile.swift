import Foundation

/// Writes files so that a crash mid-save loses nothing: the bytes go to a temporary file in the
/// same folder, which is flushed and then renamed over the target in one step.
public enum AtomicFile {
    /// Writes `data` to `path` atomically; errors name the path.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDir), isDir.boolValue else {
            throw LaminaError.file(path, "cannot write: the folder \(dir) does not exist")
        }
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw LaminaError.file(path, "cannot create the temporary file \(tmp)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(tmp, path) == 0 else { throw LaminaError.file(path, "cannot rename \(tmp) over it (errno \(errno))") }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            if let e = error as? LaminaError { throw e }
            throw LaminaError.file(path, "write failed: \(error)")
        }
    }
}
