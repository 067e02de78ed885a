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
