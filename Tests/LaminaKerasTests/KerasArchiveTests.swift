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

    @Test("resumes training with the saved optimizer state", arguments: KerasFixture.trainedNames)
    func trainingStepMatchesKeras(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")))
        let optimizer = try #require(model.compiled?.optimizer)
        #expect(optimizer.className == f.optimizer && optimizer.iterations == f.iterations)
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
        // An untrained model's file holds no optimizer slots; Lamina writes them (zeros), which
        // Keras reads as the state of its freshly built optimizer.
        let ourShapes = try datasetShapes(try ours.root).filter { f.iterations > 0 || !$0.key.hasPrefix("optimizer/vars/") || ["optimizer/vars/0", "optimizer/vars/1"].contains($0.key) }
        #expect(ourShapes == (try datasetShapes(try theirs.root)))
        // Every group Lamina names, Keras names the same (Keras also writes empty groups for
        // weightless internals such as a MultiHeadAttention's softmax).
        let theirNames = try groupNames(try theirs.root), ourNames = try groupNames(try ours.root)
        for (path, layerName) in ourNames { #expect(theirNames[path] == layerName, "\(path)") }

        let again = try Model.load(from: copy)
        for (a, e) in zip(try again.predict(f.inputs), f.outputs) { expectClose(a, e, "\(name) reloaded") }
        #expect(again.compiled?.optimizer.iterations == f.iterations)
    }

    /// Keras saves a compiled model that never trained with only its optimizer's iterations and
    /// learning rate; loading restores those and starts the slots afresh.
    @Test func untrainedOptimizerStateLoads() throws {
        let model = try Model.load(from: try #require(try KerasFixture.named("untrained_mlp").path("keras")))
        let optimizer = try #require(model.compiled?.optimizer)
        #expect(optimizer.className == "Adam" && optimizer.iterations == 0 && abs(optimizer.currentLearningRate - 0.001) < 1e-9)
        _ = try model.trainOnBatch([Tensor.zeros([2, 4])], [Tensor.zeros([2, 2])])
        #expect(optimizer.iterations == 1)
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

    /// The cnn fixture with `edit` applied to its config.json text, written to a temporary file.
    func editedCNN(_ edit: (String) -> String) throws -> String {
        let archive = try ZipArchive(contentsOf: try #require(try KerasFixture.named("cnn").path("keras")))
        let config = edit(String(decoding: try archive.bytes(of: "config.json"), as: UTF8.self))
        var zip = ZipWriter()
        for entry in archive.entryNames {
            try zip.add(entry, entry == "config.json" ? Array(config.utf8) : try archive.bytes(of: entry))
        }
        let path = temporaryPath("keras")
        try Data(zip.finish()).write(to: URL(fileURLWithPath: path))
        return path
    }

    func expectLoadError(_ path: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Model.load(from: path)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let e as LaminaError {
            for f in [path, "config.json"] + fragments {
                #expect(e.message.contains(f), "missing \"\(f)\" in: \(e.message)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("not a LaminaError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func unsupportedLayersArgumentsAndActivationsAreNamedWithTheirLayer() throws {
        let unknownLayer = try editedCNN { $0.replacingOccurrences(of: "\"class_name\": \"MaxPooling2D\"", with: "\"class_name\": \"FancyPooling2D\"") }
        let unknownArgument = try editedCNN { $0.replacingOccurrences(of: "\"units\": 6,", with: "\"units\": 6, \"fancy_option\": 3,") }
        let ignoredValue = try editedCNN { $0.replacingOccurrences(of: "\"renorm\": false", with: "\"renorm\": true") }
        let unknownActivation = try editedCNN { $0.replacingOccurrences(of: "\"activation\": \"tanh\"", with: "\"activation\": \"fancy_tanh\"") }
        defer { for p in [unknownLayer, unknownArgument, ignoredValue, unknownActivation] { try? FileManager.default.removeItem(atPath: p) } }
        expectLoadError(unknownLayer, ["max_pooling2d", "FancyPooling2D"])
        expectLoadError(unknownArgument, ["dense", "fancy_option=3"])
        expectLoadError(ignoredValue, ["batch_normalization", "renorm"])
        expectLoadError(unknownActivation, ["activation", "fancy_tanh"])
    }

    /// A factory that ignores an argument (here a registered class that always makes 6 units)
    /// is caught by comparing the rebuilt layer's config with the file's.
    @Test func argumentsAFactoryIgnoresAreCaught() throws {
        final class SixUnitDense: Layer {
            var arguments: [String: JSONValue] = [:]
            override class var className: String { "SixUnitDense" }
            override var config: [String: JSONValue] { arguments.merging(["units": 6]) { _, six in six } }
            override func call(_ input: Tensor, training: Bool) throws -> Tensor { input }
        }
        LayerRegistry.register("SixUnitDense") { c in
            let layer = SixUnitDense(name: c["name"]?.string)
            layer.arguments = c
            return layer
        }
        let path = try editedCNN {
            $0.replacingOccurrences(of: "\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\"",
                                    with: "\"class_name\": \"SixUnitDense\", \"config\": {\"name\": \"dense\"")
              .replacingOccurrences(of: "\"units\": 6,", with: "\"units\": 7,")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectLoadError(path, ["layer \"dense\" (SixUnitDense)", "units=7", "would use units=6"])
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
