import LaminaCore
import Testing

/// Central-difference checks of the reduction backward rules, plus variance and logSumExp.
@Suite("Gradient check: reductions")
struct ReductionGradientTests {
    struct Axes: Sendable, CustomTestStringConvertible {
        var axes: [Int]?
        var testDescription: String { axes.map { "axes \($0)" } ?? "all axes" }
    }

    static let axesCases: [Axes] = [Axes(axes: [1]), Axes(axes: [-1]), Axes(axes: [0, 2]), Axes(axes: nil)]

    /// Inputs for `op`: distinct values for max/min (no ties), magnitudes near 1 for prod.
    static func input(for op: ReduceOp, seed: Int) -> Tensor {
        switch op {
        case .max, .min: return distinct([2, 3, 4], seed: seed)
        case .prod: return awayFromZero([2, 3, 4], 0.6, 1.4, seed: seed)
        default: return uniform([2, 3, 4], seed: seed)
        }
    }

    @Test("reduction gradient", arguments: ReduceOp.allCases, axesCases)
    func reduction(_ op: ReduceOp, _ axes: Axes) {
        for keepDims in [false, true] {
            checkGradients("\(op.rawValue) \(axes.testDescription) keepDims \(keepDims)", {
                $0[0].reduce(op, axes: axes.axes, keepDims: keepDims)
            }, inputs: [Self.input(for: op, seed: 7)])
        }
    }

    @Test func singleAxisConveniences() {
        let x = distinct([3, 4], seed: 3)
        checkGradients("sum(axis:)", { $0[0].sum(axis: 0) }, inputs: [x])
        checkGradients("mean(axis:)", { $0[0].mean(axis: -1, keepDims: true) }, inputs: [x])
        checkGradients("max(axis:)", { $0[0].max(axis: 1) }, inputs: [x])
        checkGradients("min(axis:)", { $0[0].min(axis: 0, keepDims: true) }, inputs: [x])
    }

    @Test func tiedExtremesShareTheGradient() throws {
        try onReference {
            let x = Tensor([1, 3, 3, 2, 0, 2], shape: [2, 3]).requiringGradient()
            let gmax = try gradients(of: x.max(axis: 1).sum(), wrt: [x])[0]
            expectClose(gmax, [0, 0.5, 0.5, 0.5, 0, 0.5])
            let gmin = try gradients(of: x.min().sum(), wrt: [x])[0]
            expectClose(gmin, [0, 0, 0, 0, 1, 0])
        }
    }

    @Test func varianceAndStandardDeviation() {
        let x = uniform([3, 4], seed: 11)
        for keepDims in [false, true] {
            checkGradients("variance axes [1] keepDims \(keepDims)", { $0[0].variance(axes: [1], keepDims: keepDims) }, inputs: [x])
            checkGradients("variance all keepDims \(keepDims)", { $0[0].variance(keepDims: keepDims) }, inputs: [x])
            checkGradients("standardDeviation axes [0] keepDims \(keepDims)", {
                $0[0].standardDeviation(axes: [0], keepDims: keepDims)
            }, inputs: [x])
        }
    }

    @Test func logSumExp() {
        let x = uniform([2, 3, 4], -3, 3, seed: 12)
        for keepDims in [false, true] {
            checkGradients("logSumExp axes [-1] keepDims \(keepDims)", { $0[0].logSumExp(axes: [-1], keepDims: keepDims) }, inputs: [x])
            checkGradients("logSumExp axes [0, 1] keepDims \(keepDims)", { $0[0].logSumExp(axes: [0, 1], keepDims: keepDims) }, inputs: [x])
            checkGradients("logSumExp all keepDims \(keepDims)", { $0[0].logSumExp(keepDims: keepDims) }, inputs: [x])
        }
        // Large logits: the shift by the (constant) max keeps it finite and the gradient a softmax.
        checkGradients("logSumExp large", { $0[0].logSumExp(axes: [1]) },
                       inputs: [Tensor([100, 101, 99.5, -50, -51, -49], shape: [2, 3], on: reference)], epsilon: 1e-2)
    }
}
