import Lamina
import Testing

@Suite("Loss and metric names and shapes")
struct LossMetricErrorTests {
    /// Unknown strings throw `LaminaError` naming the identifier.
    @Test func unknownNamesThrow() {
        #expect { try Losses.named("mean_sqared_error") } throws: { error in
            guard let e = error as? LaminaError else { return false }
            return e.kind == .unknownName && e.message.contains("'mean_sqared_error'")
        }
        #expect { try Metrics.named("acuracy", yTrue: [6], yPred: [6, 4], loss: nil) } throws: { error in
            guard let e = error as? LaminaError else { return false }
            return e.kind == .unknownName && e.message.contains("'acuracy'")
        }
        // Keras's metric registry has no "kld" alias (only its loss registry does).
        #expect(throws: LaminaError.self) { try Metrics.named("kld") }
    }

    /// Every Keras name and alias resolves, to the right class.
    @Test func knownNamesResolve() throws {
        let losses: [String: String] = [
            "mse": "MeanSquaredError", "MSE": "MeanSquaredError", "mae": "MeanAbsoluteError", "mape": "MeanAbsolutePercentageError",
            "msle": "MeanSquaredLogarithmicError", "bce": "BinaryCrossentropy", "BCE": "BinaryCrossentropy", "kld": "KLDivergence",
            "huber": "Huber", "log_cosh": "LogCosh", "binary_focal_crossentropy": "BinaryFocalCrossentropy",
            "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy", "poisson": "Poisson", "hinge": "Hinge",
            "squared_hinge": "SquaredHinge", "categorical_hinge": "CategoricalHinge", "cosine_similarity": "CosineSimilarity",
            "CategoricalCrossentropy": "CategoricalCrossentropy", "kl_divergence": "KLDivergence",
        ]
        for (name, cls) in losses { #expect(try Losses.named(name).className == cls, "\(name)") }
        let metrics: [String: String] = [
            "mse": "MeanSquaredError", "mae": "MeanAbsoluteError", "auc": "AUC", "AUC": "AUC", "precision": "Precision",
            "recall": "Recall", "f1_score": "F1Score", "r2_score": "R2Score", "root_mean_squared_error": "RootMeanSquaredError",
            "top_k_categorical_accuracy": "TopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy": "SparseTopKCategoricalAccuracy",
            "bce": "BinaryCrossentropy", "log_cosh_error": "LogCoshError", "sum": "Sum", "mean": "Mean",
        ]
        for (name, cls) in metrics {
            let m = try Metrics.named(name, yTrue: [6, 4], yPred: [6, 4], loss: nil)
            #expect(m.className == cls, "\(name)")
            #expect(m.name == name, "compile names a metric after its identifier")
        }
    }

    /// "accuracy" follows Keras's shape rules (and Lamina's binary-loss rule).
    @Test func accuracyResolvesByShape() throws {
        #expect(try Metrics.named("accuracy", yTrue: [6, 1], yPred: [6, 1], loss: nil) is BinaryAccuracy)
        #expect(try Metrics.named("acc", yTrue: [6], yPred: [6, 4], loss: nil) is SparseCategoricalAccuracy)
        #expect(try Metrics.named("accuracy", yTrue: [6, 1], yPred: [6, 4], loss: nil) is SparseCategoricalAccuracy)
        #expect(try Metrics.named("Accuracy", yTrue: [6, 4], yPred: [6, 4], loss: nil) is CategoricalAccuracy)
        #expect(try Metrics.named("accuracy", yTrue: [6, 4], yPred: [6, 4], loss: BinaryCrossentropy()) is BinaryAccuracy)
        #expect(try Metrics.named("accuracy", yTrue: [6, 4], yPred: [6, 4], loss: BinaryFocalCrossentropy()) is BinaryAccuracy)
    }

    /// Mismatched target shapes throw from `checkShapes` with a `.shape` error naming the model.
    @Test func mismatchedShapesThrow() throws {
        let cases: [(any Loss, [Int], [Int?])] = [
            (CategoricalCrossentropy(), [6], [nil, 4]),
            (CategoricalCrossentropy(), [6, 3], [nil, 4]),
            (SparseCategoricalCrossentropy(), [6, 4], [nil, 4]),
            (SparseCategoricalCrossentropy(), [6, 2], [nil, 3, 4]),
            (BinaryCrossentropy(), [6, 2], [nil, 1]),
            (MeanSquaredError(), [6, 3], [nil, 4]),
            (Huber(), [6, 5, 2], [nil, 5]),
        ]
        for (loss, t, p) in cases {
            #expect(throws: LaminaError.self, "\(loss.className) \(t) vs \(p)") {
                try loss.checkShapes(yTrue: t, yPred: p, model: "m")
            }
            do { try loss.checkShapes(yTrue: t, yPred: p, model: "m") } catch let e as LaminaError {
                #expect(e.kind == .shape && e.message.contains("\"m\""), "\(e.message)")
            }
        }
        // And compatible ones do not.
        try SparseCategoricalCrossentropy().checkShapes(yTrue: [6, 1], yPred: [nil, 4], model: "m")
        try SparseCategoricalCrossentropy().checkShapes(yTrue: [6, 3], yPred: [nil, 3, 4], model: "m")
        try BinaryCrossentropy().checkShapes(yTrue: [6], yPred: [nil, 1], model: "m")
        try CategoricalCrossentropy().checkShapes(yTrue: [6, 4], yPred: [nil, 4], model: "m")
    }

    /// Configs carry Keras's keys (what `get_config` returns in Keras 3.15).
    @Test func configsMatchKeras() {
        #expect(BinaryFocalCrossentropy().config == ["name": "binary_focal_crossentropy", "reduction": "sum_over_batch_size",
                                                     "from_logits": false, "label_smoothing": 0, "axis": -1,
                                                     "apply_class_balancing": false, "alpha": 0.25, "gamma": 2])
        #expect(SparseCategoricalCrossentropy().config == ["name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size",
                                                           "from_logits": false, "ignore_class": nil])
        #expect(Huber().config == ["name": "huber_loss", "reduction": "sum_over_batch_size"])
        #expect(Precision().config == ["name": "precision", "dtype": "float32", "thresholds": nil, "top_k": nil, "class_id": nil])
    }
}
