import Lamina
import Testing

/// The model's output mask reaches the loss and the metrics in `evaluate`, `trainOnBatch` and
/// `fit`, as Keras attaches it to `y_pred` (`Fixtures/masked_training.json`, written by
/// `Scripts/golden/masked_training.py`): seq-to-seq models on padded ids, Embedding(maskZero) →
/// LSTM(returnSequences) → TimeDistributed(Dense) or Dense, with sparse categorical cross-entropy
/// and accuracy, or MSE and MAE, with and without sample weights.
///
/// Keras folds the mask into the sample weights (`apply_mask`): for the loss
/// (`sum_over_batch_size`) the padded steps weigh 0 and the mean runs over the unmasked steps;
/// for the metrics the mask multiplies the weights. Lamina's compile metrics take the sample
/// weights, as Keras's `weighted_metrics` do, so they are compared with those. SGD makes the
/// weights after a step exact to compare.
@Suite struct MaskedTrainingGoldenTests {
    static let fixture = Result { try Fixture("masked_training") }
    static let script = "Scripts/golden/masked_training.py"

    static var caseNames: [String] {
        ((try? fixture.get())?.cases ?? []).compactMap { $0["name"]?.string }
    }

    struct Case {
        let c: JSONValue
        let name: String
        let x: Tensor, y: Tensor
        let sampleWeight: Tensor?

        init(_ name: String) throws {
            c = try #require(try MaskedTrainingGoldenTests.fixture.get().cases.first { $0["name"]?.string == name })
            self.name = name
            x = try c.tensor("x")
            y = try c.tensor("y")
            sampleWeight = c["sample_weight"]?.tensor
        }

        /// The case's model with its initial weights, compiled with SGD, its loss and its metric.
        func model() throws -> Sequential {
            let spec = try #require(c["model"])
            let outputs = try #require(spec["outputs"]?.int)
            let activation: Activation = spec["activation"]?.string == "softmax" ? .softmax : .linear
            let dense = Dense(outputs, activation: activation)
            let head: Layer = spec["head"]?.string == "time_distributed" ? TimeDistributed(dense) : dense
            let steps = try #require(spec["steps"]?.int)
            let embedding = try Embedding(try #require(spec["vocab"]?.int), try #require(spec["embed"]?.int), maskZero: true)
            let lstm = try LSTM(try #require(spec["units"]?.int), returnSequences: true)
            let model = try Sequential {
                Input(shape: [steps], dtype: .int32)
                embedding
                lstm
                head
            }
            try model.setWeights(try #require(c["weights"]?.array).compactMap(\.tensor))
            let lr = try #require(c["learning_rate"]?.float)
            try model.compile(optimizer: SGD(learningRate: .constant(lr)), loss: try #require(c["loss"]?.string),
                              metrics: [try #require(c["metric"]?.string)])
            return model
        }

        /// The metric Lamina should report: Keras's weighted metric with sample weights.
        func expectedMetric(_ record: JSONValue?) throws -> Float {
            try #require(record?[sampleWeight == nil ? "metric" : "weighted_metric"]?.float)
        }

        func metric(_ logs: [String: Float]) throws -> Float {
            try #require(logs.first { $0.key != "loss" }?.value, "no metric in \(logs)")
        }

        func expectWeights(_ model: Model, _ record: JSONValue?, _ what: String) throws {
            let expected = try #require(record?["weights"]?.array).compactMap(\.tensor)
            let actual = model.getWeights()
            #expect(actual.count == expected.count, "\(what): weight count")
            for (i, (a, e)) in zip(actual, expected).enumerated() {
                expectClose(a, e, rtol: 1e-5, atol: 1e-5, "\(what): weight \(i)")
            }
        }
    }

    @Test(arguments: caseNames) func evaluate(_ name: String) throws {
        let t = try Case(name)
        let what = "\(Self.script) case \(name): evaluate"
        for record in try #require(t.c["evaluate"]?.array) {
            let batchSize = try #require(record["batch_size"]?.int)
            let logs = try t.model().evaluate(t.x, t.y, batchSize: batchSize, verbose: 0, sampleWeight: t.sampleWeight)
            let loss = try #require(logs["loss"])
            #expect(abs(loss - (try #require(record["loss"]?.float))) <= 1e-5, "\(what) (batch \(batchSize)): loss \(loss) vs \(record["loss"]!)")
            let metric = try t.metric(logs), expected = try t.expectedMetric(record)
            #expect(abs(metric - expected) <= 1e-5, "\(what) (batch \(batchSize)): metric \(metric) vs \(expected)")
        }
        // testOnBatch: one batch of everything, as the first evaluate record.
        let first = try #require(t.c["evaluate"]?.array?.first)
        let logs = try t.model().testOnBatch([t.x], [t.y], sampleWeight: t.sampleWeight)
        #expect(abs(try #require(logs["loss"]) - (try #require(first["loss"]?.float))) <= 1e-5, "\(what): testOnBatch loss")
        #expect(abs(try t.metric(logs) - (try t.expectedMetric(first))) <= 1e-5, "\(what): testOnBatch metric")
        // The mask matters: the loss over every step (padding included) is another number.
        let unmasked = try #require(t.c["unmasked_loss"]?.float)
        let masked = try #require(t.c["evaluate"]?.array?.first?["loss"]?.float)
        #expect(abs(unmasked - masked) > 1e-3)
    }

    @Test(arguments: caseNames) func trainOnBatch(_ name: String) throws {
        let t = try Case(name)
        let what = "\(Self.script) case \(name): trainOnBatch"
        let record = t.c["train_on_batch"]
        let model = try t.model()
        let logs = try model.trainOnBatch([t.x], [t.y], sampleWeight: t.sampleWeight)
        let loss = try #require(logs["loss"]), expectedLoss = try #require(record?["loss"]?.float)
        #expect(abs(loss - expectedLoss) <= 1e-5, "\(what): loss \(loss) vs \(expectedLoss)")
        let metric = try t.metric(logs), expected = try t.expectedMetric(record)
        #expect(abs(metric - expected) <= 1e-5, "\(what): metric \(metric) vs \(expected)")
        try t.expectWeights(model, record, what)
    }

    @Test(arguments: caseNames) func fitOneEpoch(_ name: String) throws {
        let t = try Case(name)
        let what = "\(Self.script) case \(name): fit"
        let record = t.c["fit"]
        let model = try t.model()
        let history = try model.fit(t.x, t.y, batchSize: try #require(record?["batch_size"]?.int), epochs: 1, verbose: 0,
                                    shuffle: false, sampleWeight: t.sampleWeight)
        let loss = try #require(history.history["loss"]?.last), expectedLoss = try #require(record?["loss"]?.float)
        #expect(abs(loss - expectedLoss) <= 1e-5, "\(what): loss \(loss) vs \(expectedLoss)")
        let metricKey = try #require(history.keys.first { $0 != "loss" })
        let metric = try #require(history.history[metricKey]?.last), expected = try t.expectedMetric(record)
        #expect(abs(metric - expected) <= 1e-5, "\(what): \(metricKey) \(metric) vs \(expected)")
        try t.expectWeights(model, record, what)
    }

    /// Per-sample weights `[B]` with a `[B, T]` mask: Keras cannot broadcast them; Lamina applies
    /// them per sample, as Keras does `[B, 1]` weights.
    @Test func perSampleWeightsWithoutTrailingAxis() throws {
        let t = try Case("tagger_sparse_ce_sample_weight_per_sample")
        let weights = try #require(t.sampleWeight)
        let flat = weights.reshaped([weights.shape[0]])
        let logs = try t.model().evaluate(t.x, t.y, batchSize: t.x.shape[0], verbose: 0, sampleWeight: flat)
        let record = try #require(t.c["evaluate"]?.array?.first)
        #expect(abs(try #require(logs["loss"]) - (try #require(record["loss"]?.float))) <= 1e-5)
        #expect(abs(try t.metric(logs) - (try t.expectedMetric(record))) <= 1e-5)
    }

    /// Sample weights that cannot go with the output mask are an error naming both shapes.
    @Test func sampleWeightsThatDoNotFitTheMask() throws {
        let t = try Case("tagger_sparse_ce")
        let bad = Tensor.ones([t.x.shape[0], 4])
        #expect(throws: LaminaError.self) {
            try t.model().evaluate(t.x, t.y, verbose: 0, sampleWeight: bad)
        }
    }
}
