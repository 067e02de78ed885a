import Foundation
import Lamina
import Testing

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

extension JSONValue {
    /// A tensor stored as `{"shape", "dtype", "data"}`.
    var tensor: Tensor? {
        guard let shape = self["shape"]?.ints, let data = self["data"]?.array else { return nil }
        if self["dtype"]?.string == "int32" {
            return Tensor(data.map { Int32($0.int ?? 0) }, shape: shape)
        }
        return Tensor(data.map { $0.float ?? .nan }, shape: shape)
    }

    /// The tensor under `key`; fails the test if absent.
    func tensor(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tensor {
        try #require(self[key]?.tensor, "fixture case has no tensor '\(key)'", sourceLocation: sourceLocation)
    }
}

/// Expects `actual` to equal `expected` within `rtol`·|expected| + `atol` everywhere.
func expectClose(_ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-5, atol: Float = 1e-6, _ what: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) != expected \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let a = actual.scalars(), e = expected.scalars()
    var worst = 0, worstExcess: Float = 0, bad = 0
    for i in a.indices {
        let tol = atol + rtol * abs(e[i])
        let diff = abs(a[i] - e[i])
        if !(diff <= tol) && !(a[i].isNaN && e[i].isNaN) {
            bad += 1
            if diff - tol > worstExcess || worstExcess.isNaN { worstExcess = diff - tol; worst = i }
        }
    }
    #expect(bad == 0, "\(what): \(bad) of \(a.count) elements differ; worst at \(worst): got \(a.isEmpty ? 0 : a[worst]), expected \(e.isEmpty ? 0 : e[worst])",
            sourceLocation: sourceLocation)
}
