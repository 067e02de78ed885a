import Lamina
import Testing

@Suite("Metrics golden")
struct MetricsGoldenTests {
    /// Every metric after three `update` calls (rows 0..<2, 2..<6, 1..<5), with and without sample
    /// weights, against real Keras. AUC gets 1e-4: Keras accumulates its confusion counts and the
    /// Riemann sum in float32, Lamina in Double. Data: `Scripts/golden/losses_metrics.py` →
    /// `Fixtures/metrics.json`.
    @Test func everyMetricMatchesKeras() throws {
        let fixture = try Fixture("metrics")
        #expect(fixture.generator == "Scripts/golden/losses_metrics.py")
        let inputs = try GoldenInputs(fixture)
        var checked = 0
        for c in fixture.cases.dropFirst() {
            let cls = try #require(c["metric"]?.string)
            let metric = try makeMetric(cls, c["args"] ?? [:])
            let yTrue = try #require(try inputs.tensor(c["y_true"]))
            let yPred = try #require(try inputs.tensor(c["y_pred"]))
            let weight = try inputs.tensor(c["sample_weight"])
            for range in try #require(c["updates"]?.array) {
                let r = try #require(range.ints)
                metric.update(yTrue.slice(axis: 0, r[0]..<r[1]), yPred.slice(axis: 0, r[0]..<r[1]),
                              sampleWeight: weight?.slice(axis: 0, r[0]..<r[1]))
            }
            let expected = try c.tensor("expected")
            let values = metric.resultValues()
            let actual = expected.rank == 0 ? Tensor(values.first ?? .nan) : Tensor(values, shape: [values.count])
            let what = "\(cls)\(c["args"]?.description ?? "") y_true=\(c["y_true"]?.string ?? "") sw=\(c["sample_weight"]?.string ?? "nil")"
            let loose = cls == "AUC"
            expectClose(actual, expected, rtol: loose ? 1e-4 : 1e-5, atol: loose ? 1e-5 : 1e-6, what)
            if expected.rank == 0 { #expect(metric.result() == values.first, "\(what): result() is not the single value") }
            checked += 1
        }
        #expect(checked > 100)
    }

    /// `reset()` forgets everything: a metric reset and fed again equals a fresh one.
    /// (Self-contained; no fixture.)
    @Test func resetForgetsState() throws {
        let yTrue = Tensor([0, 1, 1, 0, 1, 0], shape: [6, 1])
        let yPred = Tensor([0.2, 0.8, 0.4, 0.6, 0.9, 0.1], shape: [6, 1])
        let makers: [() -> Metric] = [{ AUC() }, { Precision() }, { Recall() }, { BinaryAccuracy() },
                                      { F1Score(threshold: 0.5) }, { R2Score() }, { RootMeanSquaredError() }, { Sum() }]
        for make in makers {
            let fresh = make(), reused = make()
            reused.update(yPred, yTrue)
            reused.update(yTrue, yPred, sampleWeight: Tensor([1, 2, 3, 4, 5, 6]))
            reused.reset()
            reused.update(yTrue, yPred)
            fresh.update(yTrue, yPred)
            #expect(fresh.resultValues() == reused.resultValues(), "\(fresh.className)")
        }
    }
}
