import Foundation
import Lamina
import LaminaTools
import Testing

/// The logic of `lamina summary | predict | evaluate | convert` on models trained and saved here:
/// results equal the library's own `predict` / `evaluate`, and every mistake is a clear error.
@Suite struct ModelFileToolsTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-tools-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    /// A small classifier trained for two epochs and saved (compiled) as `mlp.lamina`.
    func trainedMLP() throws -> (model: Model, path: String, x: Tensor, y: Tensor) {
        setRandomSeed(7)
        let model = try Sequential(name: "mlp") {
            Input(shape: [4], name: "pixels")
            Dense(8, activation: .relu, name: "hidden")
            Dense(3, activation: .softmax, name: "probs")
        }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let x = Tensor.randomNormal([40, 4], seed: 1), y = Tensor((0..<40).map { Int32($0 % 3) })
        try model.fit(x, y, batchSize: 8, epochs: 2, verbose: 0)
        let p = path("mlp.lamina")
        try model.save(to: p)
        return (model, p, x, y)
    }

    /// Two inputs (float features, int32 token ids) and two outputs (a score, class probabilities).
    func twoByTwo() throws -> (model: Model, path: String) {
        setRandomSeed(3)
        let features = Input(shape: [4], name: "features"), ids = Input(shape: [3], dtype: .int32, name: "ids")
        let embedded = try Flatten()(Embedding(inputDim: 10, outputDim: 2)(ids))
        let h = try Concatenate()([try Dense(5, activation: .relu)(features), embedded])[0]
        let score = try Dense(2, name: "score")(h), label = try Dense(3, activation: .softmax, name: "label")(h)
        let model = try Model(inputs: [features, ids], outputs: [score, label], name: "two_by_two")
        try model.compile(optimizer: "sgd", losses: ["mse", "sparse_categorical_crossentropy"], metrics: [["mae"], ["accuracy"]])
        let p = path("two.lamina")
        try model.save(to: p)
        return (model, p)
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func summaryOfASavedModelIsTheModelsSummary() throws {
        let (model, p, _, _) = try trainedMLP()
        let text = try ModelFile.summary(p)
        #expect(text == model.summaryText())
        #expect(text.contains("Model: \"mlp\"") && text.contains("hidden (Dense)") && text.contains("Total params: 203 (816.00 B)"))
        #expect(text.contains("Optimizer params: 136"))   // loaded compiled, with Adam's state
    }

    @Test func inputDtypesSurviveSavingSoArraysAreCastToThem() throws {
        let (_, p) = try twoByTwo()
        #expect(ArrayFiles.inputs(of: try ModelFile.load(p)).map(\.dtype) == [.float32, .int32])
        let embedding = try Embedding(inputDim: 4, outputDim: 2)
        let tokens = try Sequential(name: "tokens") {
            Input(shape: [5], dtype: .int32)
            embedding
        }
        try tokens.save(to: path("tokens.lamina"))
        #expect(try ModelFile.load(path("tokens.lamina")).inputs.map(\.dtype) == [.int32])
    }

    @Test func predictWritesWhatModelPredictGives() throws {
        let (model, p, x, _) = try trainedMLP()
        // The input as float64, which NumPy writes by default; it is cast to the model's float32.
        try NPY.write(try NPYArray(x.scalars().map { Double($0) }, shape: x.shape), to: path("x.npy"))
        let report = try Predict.run(modelPath: p, inputPaths: [path("x.npy")], outputPath: path("y.npy"), batchSize: 7)
        #expect(report == "wrote predictions for 40 samples to \(path("y.npy")): 'probs' (40, 3)")
        let written = try NPY.readTensor(path("y.npy"))
        let direct = try model.predict(x)
        #expect(written.shape == [40, 3] && written.scalars() == direct.scalars())
        // The same through an .npz keyed by the input name, and into an .npz.
        try NPZ.write([("pixels", x)], to: path("x.npz"))
        try Predict.run(modelPath: p, inputPaths: [path("x.npz")], outputPath: path("y.npz"))
        #expect(try NPZ.readTensors(path("y.npz")).map(\.name) == ["probs"])
        #expect(try NPZ.readTensors(path("y.npz"))[0].tensor.scalars() == written.scalars())
    }

    @Test func predictWithTwoInputsAndTwoOutputs() throws {
        let (model, p) = try twoByTwo()
        let features = Tensor.randomNormal([6, 4], seed: 2)
        let ids = Tensor([Int32](arrayLiteral: 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8), shape: [6, 3])
        let expected = try model.predict([features, ids])
        // ids as int64 .npy (NumPy's default integer type), cast to the model's int32.
        try NPY.write(NPYArray(features), to: path("features.npy"))
        try NPY.write(try NPYArray(ids.intScalars().map { Int64($0) }, shape: [6, 3]), to: path("ids.npy"))
        try Predict.run(modelPath: p, inputPaths: [path("features.npy"), path("ids.npy")], outputPath: path("out.npz"))
        let out = try NPZ.readTensors(path("out.npz"))
        #expect(out.map(\.name) == ["score", "label"])
        #expect(out[0].tensor.scalars() == expected[0].scalars() && out[1].tensor.scalars() == expected[1].scalars())
        // One .npz keyed by input name, in any order; ids stored as float whole numbers are accepted.
        try NPZ.write([("ids", ids.cast(to: .float32)), ("features", features)], to: path("in.npz"))
        try Predict.run(modelPath: p, inputPaths: [path("in.npz")], outputPath: path("out2.npz"))
        #expect(try NPZ.readTensors(path("out2.npz"))[1].tensor.scalars() == expected[1].scalars())
        // Several outputs do not fit one .npy.
        #expect(message { try Predict.run(modelPath: p, inputPaths: [path("in.npz")], outputPath: path("out.npy")) }
                == "\(path("out.npy")): model \"two_by_two\" has 2 outputs ('score', 'label'); write them to an .npz file")
    }

    @Test func predictErrorsNameTheFileAndTheInput() throws {
        let (_, p) = try twoByTwo()
        try NPY.write(Tensor.randomNormal([6, 4], seed: 2), to: path("features.npy"))
        try NPY.write(Tensor.randomNormal([6, 5], seed: 2), to: path("wide.npy"))
        try NPY.write(Tensor((0..<18).map { Float($0) + 0.5 }, shape: [6, 3]), to: path("halves.npy"))
        try NPY.write(Tensor([Int32](repeating: 1, count: 15), shape: [5, 3]), to: path("ids5.npy"))
        func predict(_ inputs: [String], model: String? = nil) -> String {
            message { try Predict.run(modelPath: model ?? p, inputPaths: inputs.map(path), outputPath: path("o.npz")) }
        }
        #expect(predict(["features.npy"]) == "\(path("features.npy")): the model has 2 inputs ('features', 'ids') but 1 input file was given")
        #expect(predict(["wide.npy", "ids5.npy"])
                == "\(path("wide.npy")): model input 'features' expects shape (None, 4), but the array has shape (6, 5)")
        #expect(predict(["features.npy", "halves.npy"])
                == "\(path("halves.npy")): model input 'ids' takes int32 values, but the array holds float32 values that are not integers (0.5 at flat index 0)")
        #expect(predict(["features.npy", "ids5.npy"]) == "\(path("ids5.npy")): has 5 samples but \(path("features.npy")) has 6")
        try NPY.write(Tensor([Float](), shape: [0, 4]), to: path("none.npy"))
        #expect(predict(["none.npy", "ids5.npy"]) == "\(path("none.npy")): the array has no samples (shape (0, 4)): nothing to predict or evaluate")
        #expect(predict(["features.npy", "missing.npy"]) == "\(path("missing.npy")): cannot read the file (missing or not readable)")
        #expect(predict(["features.npy"], model: path("nothing.lamina")) == "\(path("nothing.lamina")): no such file")
        try NPZ.write([("a", Tensor(Float(1)))], to: path("a.npz"))
        #expect(predict(["a.npz"]).hasPrefix("\(path("a.npz")): no array for the model inputs 'features', 'ids'; the file holds 'a'."))
        #expect(predict(["a.npz", "features.npy"]).contains("an .npz file must be the only input file"))
        #expect(message { try Predict.run(modelPath: p, inputPaths: [path("features.npy")], outputPath: path("o.csv")) }
                == "\(path("o.csv")): predictions are written as .npy (one output) or .npz (one array per output)")
        #expect(predict(["features.npy"], model: path("features.npy")).contains("not a model file"))
    }

    @Test func evaluatePrintsTheCompiledMetrics() throws {
        let (model, p, x, y) = try trainedMLP()
        try NPY.write(x, to: path("x.npy"))
        try NPY.write(try NPYArray(y.intScalars().map { Int64($0) }, shape: [40]), to: path("y.npy"))
        let results = try Evaluate.run(modelPath: p, xPaths: [path("x.npy")], yPaths: [path("y.npy")], batchSize: 16)
        let expected = try model.evaluate(x, y, batchSize: 16, verbose: 0)
        #expect(results.map(\.name) == ["loss", "accuracy"])
        #expect(results[0].value == expected["loss"] && results[1].value == expected["accuracy"])
        let text = Evaluate.format(results)
        #expect(text.hasPrefix("loss      ") && text.contains("\naccuracy  "))

        // Two outputs: targets by output name in one .npz, metrics prefixed by output name.
        let (two, twoPath) = try twoByTwo()
        let f = Tensor.randomNormal([6, 4], seed: 5), ids = Tensor([Int32](repeating: 2, count: 18), shape: [6, 3])
        let score = Tensor.randomNormal([6, 2], seed: 6), label = Tensor([Int32](arrayLiteral: 0, 1, 2, 0, 1, 2))
        try NPZ.write([("features", f), ("ids", ids), ("score", score), ("label", label)], to: path("all.npz"))
        let r2 = try Evaluate.run(modelPath: twoPath, xPaths: [path("all.npz")], yPaths: [path("all.npz")])
        let e2 = try two.evaluate([f, ids], [score, label], verbose: 0)
        #expect(r2.map(\.name) == ["loss", "score_mae", "label_accuracy"])
        #expect(r2.allSatisfy { $0.value == e2[$0.name] })
    }

    @Test func evaluateNeedsACompiledModel() throws {
        let model = try Sequential(name: "plain") { Input(shape: [2]); Dense(1) }
        try model.save(to: path("plain.lamina"))
        try NPY.write(Tensor.zeros([3, 2]), to: path("x.npy"))
        try NPY.write(Tensor.zeros([3, 1]), to: path("y.npy"))
        #expect(message { try Evaluate.run(modelPath: path("plain.lamina"), xPaths: [path("x.npy")], yPaths: [path("y.npy")]) }
                .hasPrefix("\(path("plain.lamina")): the model was saved without a compile config"))
        #expect(message { try Evaluate.run(modelPath: path("plain.lamina"), xPaths: [path("x.npy")], yPaths: [path("y.npy")], batchSize: 0) }
                .contains("--batch-size must be a positive number"))
    }

    @Test func convertBetweenModelAndWeightsFiles() throws {
        let (model, p, x, _) = try trainedMLP()
        let expected = try model.predict(x).scalars()
        // Model → weights → (with the architecture) model: same predictions.
        #expect(try Convert.run(input: p, output: path("w.safetensors")) == "wrote the weights of model \"mlp\" (67 parameters) to \(path("w.safetensors"))")
        let fresh = try Sequential(name: "mlp") {
            Input(shape: [4], name: "pixels")
            Dense(8, activation: .relu, name: "hidden")
            Dense(3, activation: .softmax, name: "probs")
        }
        try fresh.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        try fresh.save(to: path("arch.lamina"))
        try Convert.run(input: path("w.safetensors"), output: path("restored.lamina"), modelPath: path("arch.lamina"))
        let restored = try ModelFile.load(path("restored.lamina"))
        #expect(try restored.predict(x).scalars() == expected)
        #expect(restored.compiled != nil)
        // Model → model keeps everything, the optimizer state included.
        try Convert.run(input: p, output: path("copy.lamina"))
        let copy = try ModelFile.load(path("copy.lamina"))
        #expect(try copy.predict(x).scalars() == expected)
        #expect(copy.compiled?.optimizer.iterations == model.compiled?.optimizer.iterations)
        // Mistakes.
        #expect(message { try Convert.run(input: path("w.safetensors"), output: path("m.lamina")) }
                .hasPrefix("\(path("w.safetensors")): holds weights only; give the model they belong to with --model"))
        #expect(message { try Convert.run(input: p, output: path("m.onnx")) }.hasPrefix("\(path("m.onnx")): unknown output format"))
        #expect(message { try Convert.run(input: path("m.pt"), output: path("m.lamina")) }.hasPrefix("\(path("m.pt")): unknown input format"))
        #expect(message { try Convert.run(input: p, output: p) }.contains("the same file"))
        #expect(message { try Convert.run(input: path("none.lamina"), output: path("m.lamina")) } == "\(path("none.lamina")): no such file")
        let wrongArch = try Sequential(name: "other") { Input(shape: [4]); Dense(2) }
        try wrongArch.save(to: path("other.lamina"))
        #expect(message { try Convert.run(input: path("w.safetensors"), output: path("m.lamina"), modelPath: path("other.lamina")) }
                .contains("the weights do not fit model \"other\""))
    }
}
