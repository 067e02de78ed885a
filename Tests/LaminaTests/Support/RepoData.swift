import Foundation

/// Paths to the datasets committed in the repository's `Data/` folder.
enum RepoData {
    static var root: String {
        // Tests/LaminaTests/Support/RepoData.swift → repository root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }
    static var digits: String { root + "/Data/digits/digits.csv.gz" }
    static var mnist: String { root + "/Data/mnist" }
}

extension RepoData {
    static var cifar10: String { root + "/Data/cifar10" }
}

/// A fresh temporary folder (removed by the caller with `FileManager.removeItem`).
func temporaryFolder(_ tag: String) throws -> String {
    let path = NSTemporaryDirectory() + "lamina-\(tag)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
