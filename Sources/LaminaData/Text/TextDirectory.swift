import Foundation
import LaminaCore

extension LabelledText {
    /// Reads a folder with one subfolder per class, as Keras's `text_dataset_from_directory`
    /// (with `labels="inferred"`, `label_mode="int"`, `shuffle=False`): the classes are the
    /// subfolders' names sorted (or `classNames`, in that order), each text is a whole file
    /// ending in `.txt` (any case) anywhere under its class folder, files are in the order of
    /// their folder path and then their name, and class 0's files come first. Files directly
    /// in `directory` are ignored.
    ///
    /// ```
    /// reviews/neg/001.txt  reviews/neg/002.txt  reviews/pos/001.txt   →  labels 0, 0, 1
    /// ```
    /// - Throws: ``DataError`` if the folder or a named class folder is missing, there are no
    ///   class folders, or no `.txt` file at all.
    public static func readDirectory(_ directory: String, classNames: [String]? = nil, fileExtension: String = ".txt") throws -> LabelledText {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw DataError(directory, "not a folder (expected one subfolder per class)")
        }
        let names: [String]
        if let classNames {
            for c in classNames where !(fm.fileExists(atPath: directory + "/" + c, isDirectory: &isDir) && isDir.boolValue) {
                throw DataError(directory, "has no folder for class '\(c)'")
            }
            names = classNames
        } else {
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            names = entries.filter { fm.fileExists(atPath: directory + "/" + $0, isDirectory: &isDir) && isDir.boolValue }.sorted()
        }
        guard !names.isEmpty else { throw DataError(directory, "has no subfolders; put each class's files in a folder named after the class") }
        var texts: [String] = [], labels: [Int32] = []
        for (k, name) in names.enumerated() {
            let root = directory + "/" + name
            let all: [String] = fm.enumerator(atPath: root)?.allObjects as? [String] ?? []
            var files: [(folder: String, file: String)] = []
            for path in all where path.lowercased().hasSuffix(fileExtension.lowercased()) {
                guard fm.fileExists(atPath: root + "/" + path, isDirectory: &isDir), !isDir.boolValue else { continue }
                let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                files.append((parts.dropLast().joined(separator: "/"), parts.last ?? ""))
            }
            files.sort { a, b in a.folder != b.folder ? a.folder < b.folder : a.file < b.file }
            for f in files {
                let path = root + "/" + (f.folder.isEmpty ? "" : f.folder + "/") + f.file
                texts.append(String(decoding: try FileData.read(path), as: UTF8.self))
                labels.append(Int32(k))
            }
        }
        guard !texts.isEmpty else {
            throw DataError(directory, "no text files found (allowed format: \(fileExtension)) in the class folders \(names)")
        }
        return LabelledText(texts: texts, labels: labels, classNames: names)
    }
}
