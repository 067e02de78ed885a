import LaminaCore
import Testing

/// Central-difference checks of softmax, logSoftmax, the fused softmax cross-entropy, and a
/// composite two-layer MLP loss in which parameters and inputs feed several paths.
@Suite("Gradient check: neural-network ops")
struct NNGradientTests {
    @Test("softmax and logSoftmax", arguments: [0, -1, 1])
    func softmaxFamily(axis: Int) {
        let x2 = uniform([3, 4], -3, 3, seed: 101), x3 = uniform([2, 3, 4], -3, 3, seed: 102)
        if axis != 1 {
            checkGradients("softmax axis \(axis) [3, 4]", { $0[0].softmax(axis: axis) }, inputs: [x2])
            checkGradients("logSoftmax axis \(axis) [3, 4]", { $0[0].logSoftmax(axis: axis) }, inputs: [x2])
        }
        checkGradients("softmax axis \(axis) [2, 3, 4]", { $0[0].softmax(axis: axis) }, inputs: [x3])
        checkGradients("logSoftmax axis \(axis) [2, 3, 4]", { $0[0].logSoftmax(axis: axis) }, inputs: [x3])
    }

    @Test func softmaxCrossEntropyWithClassIds() {
        let labels = Tensor([2, 0, 4, 4] as [Int32], on: reference)
        checkGradients("softmaxCrossEntropy int32 labels", { $0[0].softmaxCrossEntropy(labels: labels) },
                       inputs: [uniform([4, 5], -3, 3, seed: 111)])
        let labels3 = Tensor([1, 0, 2, 2, 1, 0] as [Int32], shape: [2, 3], on: reference)
        checkGradients("softmaxCrossEntropy int32 labels, 3-D logits", { $0[0].softmaxCrossEntropy(labels: labels3) },
                       inputs: [uniform([2, 3, 3], -3, 3, seed: 112)])
    }

    @Test func softmaxCrossEntropyWithProbabilities() {
        let probabilities = onReference { uniform([4, 5], -1, 1, seed: 113).softmax(axis: -1) }
        checkGradients("softmaxCrossEntropy float labels", { $0[0].softmaxCrossEntropy(labels: probabilities) },
                       inputs: [uniform([4, 5], -3, 3, seed: 114)])
        // Rows that do not sum to 1 (e.g. multi-label targets) exercise the `Σ labels` term.
        let unnormalised = uniform([4, 5], 0, 1, seed: 115)
        checkGradients("softmaxCrossEntropy unnormalised float labels", { $0[0].softmaxCrossEntropy(labels: unnormalised) },
                       inputs: [uniform([4, 5], -3, 3, seed: 116)])
    }

    @Test func softmaxCrossEntropyMatchesLogSoftmax() {
        onReference {
            let logits = uniform([4, 5], -3, 3, seed: 117)
            let ids = Tensor([2, 0, 4, 1] as [Int32])
            let fused = logits.softmaxCrossEntropy(labels: ids)
            let composed = -(logits.logSoftmax(axis: -1) * ids.oneHot(depth: 5)).sum(axis: -1)
            #expect(fused.shape == [4])
            expectClose(fused, composed.scalars())
        }
    }

    /// Two dense layers with tanh, mean cross-entropy, an L2 penalty on the first weight (a second
    /// path to w1) and a skip connection that reuses the input (several paths to x).
    static func mlpLoss(_ p: [Tensor], labels: Tensor) -> Tensor {
        let (x, w1, b1, w2, b2) = (p[0], p[1], p[2], p[3], p[4])
        let h = x.linear(weight: w1, bias: b1).tanh()
        let skip = x.matmul(w1).sigmoid() * 0.5
        let logits = (h + skip).matmul(w2) + b2
        let ce = logits.softmaxCrossEntropy(labels: labels).mean()
        return ce + (w1 * w1).sum() * 0.01 + (h * h).mean() * 0.1
    }

    @Test func twoLayerMLPLoss() {
        let labels = Tensor([0, 2, 1, 2] as [Int32], on: reference)
        let params = [uniform([4, 3], seed: 121), uniform([3, 5], -1, 1, seed: 122), uniform([5], -0.5, 0.5, seed: 123),
                      uniform([5, 3], -1, 1, seed: 124), uniform([3], -0.5, 0.5, seed: 125)]
        checkGradients("2-layer MLP", { Self.mlpLoss($0, labels: labels) }, inputs: params)
    }
}
