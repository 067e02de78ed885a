import Foundation
import Lamina
@_exported import LaminaTestSupport
import Testing

/// The files Python Keras wrote (Scripts/keras_files/make_fixtures.py) and `keras_files.json`:
/// per model its inputs, Keras's predictions, a training batch, the loss of one more training
/// step and the predictions after it.
struct KerasFixture {
    let name: String
    let files: [String]
    let inputs: [Tensor]
    let outputs: [Tensor]
    let trainX: [Tensor]
    let trainY: [Tensor]
    let trainLoss: Float
    let afterStep: [Tensor]
    let optimizer: String
    /// The optimizer's iteration count when saved (0 for a model saved untrained, without train data).
    let iterations: Int

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every case of keras_files.json.
    static func all() throws -> [KerasFixture] {
        let data = try Data(contentsOf: directory.appendingPathComponent("keras_files.json"))
        let json = try JSONDecoder().decode(JSONValue.self, from: data)
        return try (json["cases"]?.array ?? []).map { c in
            func tensors(_ key: String) throws -> [Tensor] {
                try (c[key]?.array ?? []).map { try #require($0.tensor, "\(key) of \(c["name"]?.string ?? "?")") }
            }
            return KerasFixture(name: c["name"]?.string ?? "?", files: (c["files"]?.array ?? []).compactMap(\.string),
                                inputs: try tensors("inputs"), outputs: try tensors("outputs"), trainX: try tensors("train_x"),
                                trainY: try tensors("train_y"), trainLoss: c["train_loss"]?.float ?? .nan,
                                afterStep: try tensors("after_step"), optimizer: c["optimizer"]?.string ?? "?",
                                iterations: c["iterations"]?.int ?? -1)
        }
    }

    static func named(_ name: String) throws -> KerasFixture {
        try #require(try all().first { $0.name == name }, "no fixture \(name)")
    }

    /// The path of `<name>.<ext>` when the script wrote that file.
    func path(_ ext: String) -> String? {
        files.contains(name + "." + ext) ? KerasFixture.directory.appendingPathComponent(name + "." + ext).path : nil
    }

    /// Names of the cases saved after training (with a training batch to continue on).
    static var trainedNames: [String] { ((try? all()) ?? []).filter { !$0.trainX.isEmpty }.map(\.name) }

    /// Names of the cases with a file of this extension.
    static func names(with ext: String) -> [String] {
        ((try? all()) ?? []).filter { $0.path(ext) != nil }.map(\.name)
    }
}

/// A unique temporary path with this extension (the caller removes it).
func temporaryPath(_ ext: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("lamina-keras-\(UUID()).\(ext)").path
}
