import Lamina
import Testing

/// A layer that does not support masking but is called with a masked input drops the mask and
/// says so once, with Keras 3's warning (`layers/layer.py`, `Layer.__call__`).
@Suite struct MaskWarningTests {
    /// Collects the warnings written while `body` runs (this task only).
    final class Captured: @unchecked Sendable {
        var text = ""
        var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    func capture(_ body: () throws -> Void) rethrows -> Captured {
        let captured = Captured()
        try Warnings.$sink.withValue(TextSink { captured.text += $0 }) { try body() }
        return captured
    }

    static func keras(_ layer: String, _ type: String) -> String {
        "UserWarning: Layer '\(layer)' (of type \(type)) was passed an input with a mask attached to it. However, this layer "
            + "does not support masking and will therefore destroy the mask information. Downstream layers will not see the mask."
    }

    /// Padded ids (0 = padding) for models that start with `Embedding(maskZero: true)`.
    let ids = Tensor([1, 2, 0, 0, 0, 3, 0, 0, 0, 0] as [Int32], shape: [2, 5])

    func masked(_ layers: [Layer]) throws -> Sequential {
        try Sequential([try Embedding(10, 4, maskZero: true)] + layers, input: Input(shape: [5], dtype: .int32))
    }

    @Test func warnsOncePerLayer() throws {
        let flatten = try Flatten(name: "flat_mask_warning")
        let model = try masked([flatten, Dense(2)])
        let first = try capture {
            _ = try model(ids)
        }
        #expect(first.lines == [Self.keras("flat_mask_warning", "Flatten")])
        // Called again (predict, evaluate, another batch): nothing more from this layer.
        let again = try capture {
            _ = try model(ids)
            _ = try model.predict(ids, verbose: 0)
        }
        #expect(again.lines.isEmpty, "\(again.lines)")
        // Another instance of the same class warns for itself.
        let other = try masked([try Flatten(name: "flat_mask_warning_2")])
        let second = try capture { _ = try other(ids) }
        #expect(second.lines == [Self.keras("flat_mask_warning_2", "Flatten")])
    }

    @Test func noWarningFromLayersThatSupportMasking() throws {
        // A seq-to-seq tagger and a classifier: every layer passes the mask on or consumes it.
        let tagger = try masked([try LSTM(3, returnSequences: true), try Dropout(0.1), LayerNormalization(),
                                 TimeDistributed(Dense(2, activation: .softmax))])
        let pooled = try masked([Dense(3, activation: .relu), GlobalAveragePooling1D(), Dense(1)])
        let captured = try capture {
            _ = try tagger(ids)
            _ = try pooled(ids)
        }
        #expect(captured.lines.isEmpty, "\(captured.lines)")
    }

    @Test func noWarningWithoutAMask() throws {
        let model = try Sequential([try Embedding(10, 4), try Flatten()], input: Input(shape: [5], dtype: .int32))
        let captured = try capture { _ = try model(ids) }
        #expect(captured.lines.isEmpty, "\(captured.lines)")
    }

    /// The layers Keras 3.15 warns for (checked there) and those it does not.
    @Test func keraslikeSupportForMasking() throws {
        let warns: [Layer] = [GlobalMaxPooling1D(name: "gmp_mask_warning"), RMSNormalization(name: "rms_mask_warning")]
        for layer in warns {
            let model = try masked([layer])
            let captured = try capture { _ = try model(ids) }
            #expect(captured.lines == [Self.keras(layer.name, layer.className)])
        }
        #expect(try Embedding(10, 4, maskZero: true).supportsMasking)
        #expect(try !Embedding(10, 4).supportsMasking)
        #expect(Dot(axes: 2).supportsMasking)
        #expect(GlobalAveragePooling1D().supportsMasking)
        #expect(!GlobalAveragePooling2D().supportsMasking)
    }

    /// Warnings while training go to the same place, once.
    @Test func warnsOnceDuringFit() throws {
        let flatten = try Flatten(name: "flat_mask_warning_fit")
        let model = try masked([flatten, Dense(1)])
        try model.compile(optimizer: "sgd", loss: "mse")
        let captured = try capture {
            try model.fit(ids, Tensor.zeros([2, 1]), batchSize: 1, epochs: 2, verbose: 0)
            _ = try model.evaluate(ids, Tensor.zeros([2, 1]), verbose: 0)
        }
        #expect(captured.lines == [Self.keras("flat_mask_warning_fit", "Flatten")])
    }
}
