import Lamina
import Testing

/// Central-difference check of `d loss / d yPred` (the idea of LaminaCoreTests' GradientCheck):
/// the analytic gradient of `loss(yTrue, yPred)` (reduced with `.sum`) against
/// `(f(x + ε) - f(x - ε)) / 2ε` per element, accumulated in Double.
/// - Returns: the number of mismatching elements.
@discardableResult
func checkLossGradient(_ loss: any Loss, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor? = nil,
                       epsilon: Float = 1e-3, tolerance: Float = 2e-2,
                       sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    let leaf = yPred.detached().requiringGradient()
    let out = loss(yTrue, leaf, sampleWeight: sampleWeight)
    guard let grads = try? gradients(of: out.sum(), wrt: [leaf]), let g = grads.first else {
        Issue.record("\(loss.className): no gradient", sourceLocation: sourceLocation)
        return 1
    }
    let analytic = g.scalars(), base = yPred.scalars()
    func value(_ x: [Float]) -> Double {
        Double(noGrad { loss(yTrue, Tensor(x, shape: yPred.shape), sampleWeight: sampleWeight).sum() }.item())
    }
    var failures = 0
    for j in base.indices {
        var plus = base, minus = base
        plus[j] += epsilon; minus[j] -= epsilon
        let numeric = Float((value(plus) - value(minus)) / (Double(plus[j]) - Double(minus[j])))
        if !(Swift.abs(analytic[j] - numeric) <= tolerance * Swift.max(1, Swift.abs(numeric))) {
            failures += 1
            if failures <= 3 {
                Issue.record("\(loss.className)\(loss.config): element \(j): analytic \(analytic[j]) vs numeric \(numeric)",
                             sourceLocation: sourceLocation)
            }
        }
    }
    return failures
}

@Suite("Loss gradients")
struct LossGradientTests {
    // Fixed inputs away from kinks (|error| ≠ delta, hinge margins ≠ 0, clip bounds).
    let target = Tensor([0.3, -1.2, 0.8, 2.0, -0.4, 0.1, 1.5, -0.7], shape: [2, 4])
    let prediction = Tensor([0.5, -0.2, 1.9, 0.7, -1.6, 0.35, 0.9, -0.1], shape: [2, 4])
    let positive = Tensor([0.3, 1.2, 0.8, 2.0, 0.4, 0.1, 1.5, 0.7], shape: [2, 4])
    let probs = Tensor([0.1, 0.2, 0.3, 0.4, 0.25, 0.15, 0.35, 0.25], shape: [2, 4])
    let binary = Tensor([0, 1, 1, 0, 1, 0, 0, 1], shape: [2, 4])
    let weight = Tensor([0.5, 2])

    @Test func regressionLosses() {
        #expect(checkLossGradient(MeanSquaredError(), yTrue: target, yPred: prediction) == 0)
        #expect(checkLossGradient(MeanAbsoluteError(), yTrue: target, yPred: prediction, sampleWeight: weight) == 0)
        #expect(checkLossGradient(MeanAbsolutePercentageError(), yTrue: target, yPred: prediction) == 0)
        #expect(checkLossGradient(MeanSquaredLogarithmicError(), yTrue: positive, yPred: positive * 0.7 + 0.05) == 0)
        #expect(checkLossGradient(Huber(delta: 0.8), yTrue: target, yPred: prediction, sampleWeight: weight) == 0)
        #expect(checkLossGradient(LogCosh(), yTrue: target, yPred: prediction) == 0)
        #expect(checkLossGradient(CosineSimilarity(), yTrue: target, yPred: prediction) == 0)
    }

    @Test func probabilisticLosses() {
        #expect(checkLossGradient(BinaryCrossentropy(), yTrue: binary, yPred: probs) == 0)
        #expect(checkLossGradient(BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2), yTrue: binary, yPred: prediction) == 0)
        #expect(checkLossGradient(BinaryFocalCrossentropy(), yTrue: binary, yPred: probs) == 0)
        #expect(checkLossGradient(BinaryFocalCrossentropy(applyClassBalancing: true, gamma: 1.5, fromLogits: true),
                                  yTrue: binary, yPred: prediction, sampleWeight: weight) == 0)
        #expect(checkLossGradient(CategoricalCrossentropy(labelSmoothing: 0.1), yTrue: probs, yPred: positive) == 0)
        #expect(checkLossGradient(CategoricalCrossentropy(fromLogits: true), yTrue: probs, yPred: prediction) == 0)
        #expect(checkLossGradient(SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 2),
                                  yTrue: Tensor([2, 1]), yPred: prediction) == 0)
        #expect(checkLossGradient(SparseCategoricalCrossentropy(), yTrue: Tensor([3, 0]), yPred: positive) == 0)
        #expect(checkLossGradient(KLDivergence(), yTrue: probs, yPred: probs.reversedRows()) == 0)
        #expect(checkLossGradient(Poisson(), yTrue: positive, yPred: positive * 0.5 + 0.2) == 0)
    }

    @Test func hingeLosses() {
        #expect(checkLossGradient(Hinge(), yTrue: binary, yPred: prediction) == 0)
        #expect(checkLossGradient(SquaredHinge(), yTrue: binary, yPred: prediction) == 0)
        #expect(checkLossGradient(CategoricalHinge(), yTrue: Tensor([0, 0, 1, 0, 1, 0, 0, 0], shape: [2, 4]), yPred: prediction) == 0)
    }
}

extension Tensor {
    /// The rows in reverse order (test data helper).
    func reversedRows() -> Tensor {
        Tensor.concat((0..<shape[0]).reversed().map { slice(axis: 0, $0..<($0 + 1)) }, axis: 0)
    }
}
