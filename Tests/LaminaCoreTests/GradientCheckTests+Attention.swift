import LaminaCore
import Testing

/// Central-difference checks of the fused layer normalization, RMS normalization and scaled
/// dot-product attention (output and probabilities; masks, causal, Tq ≠ Tk, Dv ≠ D).
@Suite("Gradient check: attention and normalization")
struct AttentionGradientTests {
    @Test func layerNorm() {
        let x = uniform([3, 5], seed: 301), g = uniform([5], 0.5, 1.5, seed: 302), b = uniform([5], seed: 303)
        checkGradients("layerNorm", { $0[0].layerNormalized(gamma: $0[1], beta: $0[2], epsilon: 1e-3) }, inputs: [x, g, b])
        checkGradients("layerNorm 3-D, no gamma/beta", { $0[0].layerNormalized(gamma: nil, beta: nil, epsilon: 0.1) },
                       inputs: [uniform([2, 3, 4], seed: 304)])
    }

    @Test func rmsNorm() {
        let x = uniform([3, 5], seed: 311), s = uniform([5], 0.5, 1.5, seed: 312)
        checkGradients("rmsNorm", { $0[0].rmsNormalized(scale: $0[1], epsilon: 1e-6) }, inputs: [x, s])
        checkGradients("rmsNorm no scale", { $0[0].rmsNormalized(scale: nil, epsilon: 0.5) }, inputs: [uniform([2, 2, 4], seed: 313)])
    }

    @Test(arguments: [false, true])
    func attention(causal: Bool) {
        let q = uniform([2, 2, 3, 4], -1, 1, seed: 321), k = uniform([2, 2, 5, 4], -1, 1, seed: 322)
        let v = uniform([2, 2, 5, 3], -1, 1, seed: 323)
        let mask = Tensor([1, 1, 0, 1, 1, 1, 1, 1, 0, 0] as [Int32], shape: [2, 1, 1, 5], on: reference).cast(to: .bool)
        for m in [nil, mask] {
            let what = "attention causal \(causal) mask \(m != nil)"
            checkGradients(what + " output", { Tensor.attention(query: $0[0], key: $0[1], value: $0[2], mask: m, scale: 0.5, causal: causal).output },
                           inputs: [q, k, v])
            checkGradients(what + " probabilities", { Tensor.attention(query: $0[0], key: $0[1], value: $0[2], mask: m, scale: 0.5, causal: causal).probabilities },
                           inputs: [q, k, v])
        }
        // Both outputs used at once, with a full-rank mask hiding one whole query row.
        var bits = [Int32](repeating: 1, count: 2 * 2 * 3 * 5)
        for j in 0..<5 { bits[j] = 0 }
        let full = Tensor(bits, shape: [2, 2, 3, 5], on: reference)
        checkGradients("attention output + probabilities", {
            let (o, p) = Tensor.attention(query: $0[0], key: $0[1], value: $0[2], mask: full, scale: 0.7, causal: causal)
            return o.sum(axis: -1) * 0.5 + p.sum(axis: -1, keepDims: false) * p.slice(axis: 3, 0..<1).squeezing(axes: [3])
        }, inputs: [q, k, v])
    }
}
