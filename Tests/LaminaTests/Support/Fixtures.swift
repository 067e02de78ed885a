import Foundation
import Lamina
@_exported import LaminaTestSupport

/// Golden data written by real Keras through a script in `Scripts/golden/` (named in each file
/// as "generator"). Format: `{"generator", "keras_version", "backend", "cases": [...]}` where a
/// case holds named tensors as `{"shape": [...], "dtype": "float32"|"int32", "data": [...]}`
/// and other JSON values.
struct Fixture {
    let generator: String
    let kerasVersion: String
    let cases: [JSONValue]

    /// Loads `Tests/LaminaTests/Fixtures/<name>.json`.
    init(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name + ".json")
        let data = try Data(contentsOf: url)
        let json = try JSONDecoder().decode(JSONValue.self, from: data)
        generator = json["generator"]?.string ?? "?"
        kerasVersion = json["keras_version"]?.string ?? "?"
        cases = json["cases"]?.array ?? []
    }
}
