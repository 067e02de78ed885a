import LaminaCore
import Testing

/// Central-difference checks of the vision ops' backward rules (Ops/Vision.swift) on the
/// reference backend: conv2d, conv2dTranspose, depthwiseConv2d, max/average pooling and batch
/// normalization, with strides, dilation, "same" (asymmetric) padding and groups.
@Suite("Gradient check: vision ops")
struct VisionGradientTests {
    static func params(_ h: Int, _ w: Int, _ kh: Int, _ kw: Int, strides: [Int] = [1, 1], dilation: [Int] = [1, 1],
                       same: Bool = false, groups: Int = 1) -> ConvolutionParameters {
        let pads = same ? ConvolutionParameters.same(input: [h, w], window: [kh, kw], strides: strides, dilation: dilation) : [0, 0, 0, 0]
        return ConvolutionParameters(strides: strides, dilation: dilation, padding: pads, groups: groups)
    }

    struct ConvConfig: Sendable, CustomTestStringConvertible {
        var x: [Int], k: [Int], o: Int, strides = [1, 1], dilation = [1, 1], same = false, groups = 1
        var testDescription: String { "x \(x) kernel \(k) out \(o) strides \(strides) dilation \(dilation) same \(same) groups \(groups)" }
        var p: ConvolutionParameters {
            VisionGradientTests.params(x[1], x[2], k[0], k[1], strides: strides, dilation: dilation, same: same, groups: groups)
        }
    }

    static let convConfigs: [ConvConfig] = [
        ConvConfig(x: [2, 4, 5, 2], k: [3, 3], o: 3),
        ConvConfig(x: [1, 5, 5, 3], k: [3, 2], o: 2, strides: [2, 2], same: true),   // asymmetric "same"
        ConvConfig(x: [2, 6, 5, 2], k: [2, 2], o: 2, strides: [3, 2]),
        ConvConfig(x: [1, 6, 6, 2], k: [3, 3], o: 2, dilation: [2, 2], same: true),
        ConvConfig(x: [2, 4, 4, 4], k: [3, 3], o: 4, same: true, groups: 2),
        ConvConfig(x: [1, 4, 3, 4], k: [1, 1], o: 3),
    ]

    @Test("conv2d", arguments: convConfigs)
    func conv2d(_ c: ConvConfig) {
        let p = c.p
        checkGradients("conv2d \(c.testDescription)", { $0[0].conv2d(filter: $0[1], p) },
                       inputs: [uniform(c.x, -1, 1, seed: 301), uniform([c.k[0], c.k[1], c.x[3] / c.groups, c.o], -1, 1, seed: 302)])
    }

    /// The fused Conv2D op: bias and ReLU (the ReLU kink is avoided by a bias that keeps the
    /// pre-activations away from 0 for most elements; central differences straddling it would disagree).
    @Test("conv2d with bias and relu", arguments: convConfigs)
    func conv2dBiasRelu(_ c: ConvConfig) {
        let p = c.p, fs = [c.k[0], c.k[1], c.x[3] / c.groups, c.o]
        for relu in [false, true] {
            checkGradients("conv2d bias relu \(relu) \(c.testDescription)", { $0[0].conv2d(filter: $0[1], bias: $0[2], relu: relu, p) },
                           inputs: [uniform(c.x, -1, 1, seed: 305), uniform(fs, -1, 1, seed: 306), uniform([c.o], -0.5, 0.5, seed: 307)])
        }
        checkGradients("conv2d no bias \(c.testDescription)", { $0[0].conv2d(filter: $0[1], bias: nil, relu: true, p) },
                       inputs: [uniform(c.x, -1, 1, seed: 308), uniform(fs, -1, 1, seed: 309)])
    }

    @Test("conv2dTranspose", arguments: convConfigs)
    func conv2dTranspose(_ c: ConvConfig) {
        // The transpose maps conv2d's output shape back to its input shape.
        let p = c.p, out = p.outputSize(input: [c.x[1], c.x[2]], window: c.k)
        let y = [c.x[0]] + out + [c.o]
        checkGradients("conv2dTranspose \(c.testDescription)", { $0[0].conv2dTranspose(filter: $0[1], outputShape: c.x, p) },
                       inputs: [uniform(y, -1, 1, seed: 303), uniform([c.k[0], c.k[1], c.x[3] / c.groups, c.o], -1, 1, seed: 304)])
    }

    @Test("depthwiseConv2d", arguments: [
        ConvConfig(x: [2, 4, 5, 2], k: [3, 3], o: 1),
        ConvConfig(x: [1, 5, 5, 3], k: [3, 2], o: 2, strides: [2, 2], same: true),
        ConvConfig(x: [2, 6, 6, 2], k: [3, 3], o: 2, dilation: [2, 1], same: true),
    ])
    func depthwise(_ c: ConvConfig) {
        let p = c.p
        checkGradients("depthwiseConv2d \(c.testDescription)", { $0[0].depthwiseConv2d(filter: $0[1], p) },
                       inputs: [uniform(c.x, -1, 1, seed: 305), uniform([c.k[0], c.k[1], c.x[3], c.o], -1, 1, seed: 306)])
    }

    @Test("pool2d", arguments: [
        ConvConfig(x: [2, 4, 4, 2], k: [2, 2], o: 0, strides: [2, 2]),
        ConvConfig(x: [1, 5, 5, 2], k: [2, 2], o: 0, strides: [2, 2], same: true),
        ConvConfig(x: [2, 5, 4, 1], k: [3, 3], o: 0, same: true),
        ConvConfig(x: [1, 7, 6, 2], k: [3, 2], o: 0, strides: [1, 3]),
    ])
    func pool(_ c: ConvConfig) {
        let p = c.p, window = c.k
        // Distinct values ≥ 0.25 apart: the maximum of each window is unique, and moving one element by
        // ±epsilon never changes which one it is.
        let x = distinct(c.x, seed: 307)
        checkGradients("maxPool2d \(c.testDescription)", { $0[0].pool2d(.max, window: window, p) }, inputs: [x])
        checkGradients("avgPool2d \(c.testDescription)", { $0[0].pool2d(.average, window: window, p) }, inputs: [x])
    }

    @Test("batchNormalized", arguments: [[6, 3], [2, 3, 2, 4], [4, 1]])
    func batchNorm(_ s: [Int]) {
        let c = s[s.count - 1]
        let inputs = [uniform(s, -2, 2, seed: 308), uniform([c], 0.5, 1.5, seed: 309), uniform([c], -1, 1, seed: 310)]
        checkGradients("batchNormalized \(s)", { $0[0].batchNormalized(gamma: $0[1], beta: $0[2], epsilon: 1e-3).output },
                       inputs: inputs, tolerance: 2e-2)
    }

    /// The ops a Functional graph runs for BatchNormalization → ReLU and Add → ReLU (ReluFused.swift).
    /// Inputs keep the pre-activations away from the ReLU's kink (|value| ≥ ~0.1 for most elements).
    @Test("ReLU-fused ops", arguments: [[6, 3], [2, 3, 2, 4]])
    func reluFused(_ s: [Int]) {
        let c = s[s.count - 1]
        checkGradients("batchNormalized relu \(s)", { $0[0].batchNormalized(gamma: $0[1], beta: $0[2], epsilon: 1e-3, relu: true).output },
                       inputs: [uniform(s, -2, 2, seed: 311), uniform([c], 0.5, 1.5, seed: 312), uniform([c], -1, 1, seed: 313)],
                       tolerance: 2e-2)
        for relu in [false, true] {
            checkGradients("channelAffine relu \(relu) \(s)", { $0[0].channelAffine(scale: $0[1], shift: $0[2], relu: relu) },
                           inputs: [uniform(s, -2, 2, seed: 314), uniform([c], 0.5, 1.5, seed: 315), uniform([c], -1, 1, seed: 316)])
        }
        checkGradients("addingRelu \(s)", { $0[0].addingRelu($0[1]) }, inputs: [uniform(s, -2, 2, seed: 317), uniform(s, -2, 2, seed: 318)])
    }

    @Test func batchNormStatistics() {
        onReference {
            let x = Tensor([1, 10, 3, 20, 5, 30] as [Float], shape: [3, 2])
            let (_, mean, variance) = x.batchNormalized(gamma: Tensor([1, 1] as [Float]), beta: Tensor([0, 0] as [Float]), epsilon: 1e-3)
            expectClose(mean, [3, 20])
            expectClose(variance, [8.0 / 3, 200.0 / 3], tolerance: 1e-4)  // population variance
        }
    }
}
