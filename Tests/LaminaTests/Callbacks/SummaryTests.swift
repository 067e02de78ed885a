import Foundation
import Lamina
import Testing

/// A minimal Concatenate (last axis) so the summary of a two-input model can be compared with
/// Keras's; the class name is what the summary shows.
final class TestConcatenate: Layer {
    override class var className: String { "Concatenate" }
    override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        [Tensor.concat(inputs, axis: inputs[0].rank - 1)]
    }
}

func summaryFixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("summary_\(name).txt")
    return try String(contentsOf: url, encoding: .utf8)
}

/// The models of Scripts/golden/summary.py, with the same names.
enum SummaryModels {
    static func mlp() throws -> Sequential {
        try Sequential(name: "mlp") {
            Input(shape: [64])
            Dense(64, activation: .relu, name: "hidden")
            Dense(10, activation: .softmax, name: "probs")
        }
    }

    static func twoInputs() throws -> Model {
        let a = Input(shape: [8], name: "input_a"), b = Input(shape: [4], name: "input_b")
        let ha = try Dense(16, name: "dense_a")(a), hb = try Dense(16, name: "dense_b")(b)
        let c = try TestConcatenate(name: "concatenate")([ha, hb])[0]
        let out = try Dense(1, name: "head")(c)
        return try Model(inputs: [a, b], outputs: [out], name: "two_inputs")
    }
}

@Suite struct SummaryTests {
    @Test func sequentialMatchesKeras() throws {
        let m = try SummaryModels.mlp()
        #expect(m.summaryText() == (try summaryFixture("mlp")))
        #expect(m.summaryText(lineLength: 60) == (try summaryFixture("mlp_narrow")))
    }

    @Test func optimizerParamsLineMatchesKeras() throws {
        let m = try SummaryModels.mlp()
        try m.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        try m.fit(Tensor.zeros([4, 64]), Tensor([Int32](repeating: 0, count: 4)), epochs: 1, verbose: 0)
        #expect(m.summaryText() == (try summaryFixture("mlp_adam")))
    }

    @Test func functionalWithTwoInputsMatchesKeras() throws {
        let m = try SummaryModels.twoInputs()
        #expect(m.summaryText() == (try summaryFixture("two_inputs")))
    }

    @Test func frozenWeightsAndLongNamesMatchKeras() throws {
        let frozen = Dense(32, name: "frozen_feature_extractor_with_a_long_name")
        frozen.trainable = false
        let m = try Sequential(name: "frozen_model") {
            Input(shape: [16])
            frozen
            Dense(3, name: "classifier")
        }
        #expect(m.summaryText() == (try summaryFixture("frozen")))
    }

    @Test func unbuiltLayersMatchKeras() throws {
        let m = try Sequential([Dense(5, name: "first"), Dense(2, name: "second")], name: "unbuilt_model")
        #expect(m.summaryText() == (try summaryFixture("unbuilt")))
    }
}

@Suite struct SummarySizeRoundingTests {
    /// 288 float32 parameters are 1.125 KB: Python's `%.2f` (and so Keras) prints the tie rounded
    /// to even, `1.12 KB`, where Foundation's formatter prints `1.13 KB`.
    @Test func tiesRoundToEvenLikeKeras() throws {
        let model = try Sequential(name: "tie") {
            Input(shape: [31])
            Dense(9)
        }
        let text = model.summaryText()
        #expect(text.contains("Total params: 288 (1.12 KB)"), "\(text)")
    }
}
