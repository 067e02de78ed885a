import Foundation
import Lamina
import LaminaData
import LaminaHDF5
import LaminaKeras
import Testing

/// `.keras` files written by Python Keras 3 load and predict what Keras predicted; a loaded
/// model resumes training as Keras did; files Lamina writes have Keras's layout.
@Suite struct KerasArchiveTests {
    static let names = ((try? KerasFixture.all()) ?? []).map(\.name)

    @Test("loads and predicts as Keras", arguments: names)
    func predictsAsKeras(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")), compile: false)
        #expect(model.compiled == nil)
        let outputs = try model.predict(f.inputs)
        #expect(outputs.count == f.outputs.count)
        for (i, (a, e)) in zip(outputs, f.outputs).enumerated() { expectClose(a, e, "\(name) output \(i)") }
    }

    @Test("resumes training with the saved optimizer state", arguments: names)
    func trainingStepMatchesKeras(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")))
        let optimizer = try #require(model.compiled?.optimizer)
        #expect(optimizer.className == f.optimizer && optimizer.iterations == 2)
        let loss = try #require(try model.trainOnBatch(f.trainX, f.trainY)["loss"])
        #expect(abs(loss - f.trainLoss) <= 1e-4 * abs(f.trainLoss) + 1e-6, "\(name): loss \(loss) vs Keras \(f.trainLoss)")
        for (i, (a, e)) in zip(try model.predict(f.inputs), f.afterStep).enumerated() {
            expectClose(a, e, rtol: 1e-4, atol: 1e-5, "\(name) output \(i) after one step")
        }
    }

    @Test("Lamina writes Keras's layout", arguments: names)
    func writtenFileHasKerasLayout(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let original = try #require(f.path("keras"))
        let model = try Model.load(from: original)
        let copy = temporaryPath("keras")
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try model.save(to: copy)

        let written = try ZipArchive(contentsOf: copy)
        #expect(written.entryNames == ["metadata.json", "config.json", "model.weights.h5"])
        #expect(written.entries.allSatisfy { $0.method == 0 }, "entries are stored, not compressed")
        let theirs = try HDF5File(bytes: try ZipArchive(contentsOf: original).bytes(of: "model.weights.h5"), name: "keras")
        let ours = try HDF5File(bytes: try written.bytes(of: "model.weights.h5"), name: "lamina")
        #expect(try datasetShapes(try ours.root) == (try datasetShapes(try theirs.root)))
        // Every group Lamina names, Keras names the same (Keras also writes empty groups for
        // weightless internals such as a MultiHeadAttention's softmax).
        let theirNames = try groupNames(try theirs.root), ourNames = try groupNames(try ours.root)
        for (path, layerName) in ourNames { #expect(theirNames[path] == layerName, "\(path)") }

        let again = try Model.load(from: copy)
        for (a, e) in zip(try again.predict(f.inputs), f.outputs) { expectClose(a, e, "\(name) reloaded") }
        #expect(again.compiled?.optimizer.iterations == 2)
    }

    @Test func missingEntryIsNamed() throws {
        var zip = ZipWriter()
        try zip.add("metadata.json", Array("{}".utf8))
        try zip.add("config.json", Array("{}".utf8))
        let path = temporaryPath("keras")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(zip.finish()).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Model.load(from: path)
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.message.contains(path) && e.message.contains("model.weights.h5"), "\(e.message)")
        }
    }

    @Test func unsupportedLayerIsNamedWithItsLayer() throws {
        let original = try #require(try KerasFixture.named("cnn").path("keras"))
        let archive = try ZipArchive(contentsOf: original)
        var config = String(decoding: try archive.bytes(of: "config.json"), as: UTF8.self)
        config = config.replacingOccurrences(of: "\"class_name\": \"MaxPooling2D\"", with: "\"class_name\": \"FancyPooling2D\"")
        var zip = ZipWriter()
        for entry in archive.entryNames {
            try zip.add(entry, entry == "config.json" ? Array(config.utf8) : try archive.bytes(of: entry))
        }
        let path = temporaryPath("keras")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(zip.finish()).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Model.load(from: path)
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.message.contains(path) && e.message.contains("config.json"), "\(e.message)")
            #expect(e.message.contains("max_pooling2d") && e.message.contains("FancyPooling2D"), "\(e.message)")
        }
    }

    @Test func notAZipIsAClearError() throws {
        let path = temporaryPath("keras")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not a zip file at all".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Model.load(from: path)
            Issue.record("expected an error")
        } catch let e as LaminaError {
            #expect(e.kind == .file && e.message.contains(path), "\(e.message)")
        }
    }
}
