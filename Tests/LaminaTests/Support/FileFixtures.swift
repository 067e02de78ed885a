import Foundation
import Testing

/// Binary fixtures in `Tests/LaminaTests/Fixtures/files`, written by the scripts in `Scripts/files/`.
enum FileFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/files").path

    static func path(_ name: String) -> String { directory + "/" + name }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// A fresh path in the temporary folder ending in `suffix`.
    static func tempPath(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lamina-\(UUID())\(suffix)").path
    }

    /// Every truncation and every single-bit flip of `bytes`, for fuzz tests.
    static func damagedCopies(_ bytes: [UInt8], every stride: Int = 1) -> [(what: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for n in Swift.stride(from: 0, to: bytes.count, by: stride) { out.append(("first \(n) bytes", Array(bytes.prefix(n)))) }
        for i in Swift.stride(from: 0, to: bytes.count, by: stride) {
            for bit in 0..<8 {
                var copy = bytes
                copy[i] ^= 1 << bit
                out.append(("bit \(bit) of byte \(i) flipped", copy))
            }
        }
        return out
    }
}
