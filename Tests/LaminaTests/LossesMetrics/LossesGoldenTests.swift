import Lamina
import Testing

@Suite("Losses golden")
struct LossesGoldenTests {
    /// Every Keras loss × every reduction × with and without sample weights (per-sample `[6]`,
    /// `[6, 1]` and per-element for rank-3 data), logits and probabilities, label smoothing and
    /// `ignore_class`, against real Keras. Data: `Scripts/golden/losses_metrics.py` →
    /// `Fixtures/losses.json`.
    @Test func everyLossMatchesKeras() throws {
        let fixture = try Fixture("losses")
        #expect(fixture.generator == "Scripts/golden/losses_metrics.py")
        let inputs = try GoldenInputs(fixture)
        var checked = 0
        for c in fixture.cases.dropFirst() {
            let cls = try #require(c["loss"]?.string)
            let reductionName = try #require(c["reduction"]?.string)
            let reduction = try #require(Reduction(rawValue: reductionName))
            let loss = try makeLoss(cls, c["args"] ?? [:], reduction: reduction)
            let yTrue = try #require(try inputs.tensor(c["y_true"]))
            let yPred = try #require(try inputs.tensor(c["y_pred"]))
            let weight = try inputs.tensor(c["sample_weight"])
            let what = "\(cls)\(c["args"]?.description ?? "") \(reductionName) y_true=\(c["y_true"]?.string ?? "") sw=\(c["sample_weight"]?.string ?? "nil")"
            let out = loss(yTrue, yPred, sampleWeight: weight)
            expectClose(out, try c.tensor("expected"), rtol: 1e-5, atol: 1e-6, what)
            checked += 1
        }
        #expect(checked > 300)
    }

    /// The reduction alone, on Keras's own rules (`Scripts/golden/losses_metrics.py` covers them in
    /// bulk; these pin the quirks): `mean_with_sample_weight` divides by the sum of the weight as
    /// given, and a mask re-weights valid entries by total / valid.
    @Test func reductionQuirks() {
        let values = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let w = Tensor([1, 3], shape: [2, 1])
        // (1+2+3)·1 + (4+5+6)·3 = 51, divided by Σw = 4 (not 12).
        expectClose(reduceWeighted(values, sampleWeight: w, mask: nil, reduction: .meanWithSampleWeight), Tensor(51 / 4))
        let mask = Tensor([1, 0, 1, 1, 0, 0], shape: [2, 3])
        // Mean over the 3 valid entries: (1 + 3 + 4) / 3.
        expectClose(reduceWeighted(values, sampleWeight: nil, mask: mask, reduction: .sumOverBatchSize), Tensor(8 / 3))
        expectClose(reduceWeighted(values, sampleWeight: nil, mask: mask, reduction: .sum), Tensor(8))
        // A weight of zero total gives 0, not NaN.
        expectClose(reduceWeighted(values, sampleWeight: Tensor([0, 0], shape: [2, 1]), mask: nil, reduction: .meanWithSampleWeight), Tensor(0))
        // A per-sample weight [batch] applies to every step of [batch, steps] values.
        expectClose(reduceWeighted(values, sampleWeight: Tensor([1, 3]), mask: nil, reduction: .sum), Tensor(51))
    }
}
