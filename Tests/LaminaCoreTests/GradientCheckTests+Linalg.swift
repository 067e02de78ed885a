import LaminaCore
import Testing

/// Central-difference checks of matmul (every transpose combination, batching, broadcast batches,
/// vectors) and of the fused linear op.
@Suite("Gradient check: linear algebra")
struct LinalgGradientTests {
    struct MatmulCase: Sendable, CustomTestStringConvertible {
        var a: [Int]
        var b: [Int]
        var transposeA = false
        var transposeB = false
        var expected: [Int]
        var testDescription: String {
            "\(a)\(transposeA ? "ᵀ" : "") × \(b)\(transposeB ? "ᵀ" : "") → \(expected)"
        }
    }

    static let matmulCases: [MatmulCase] = [
        MatmulCase(a: [3, 4], b: [4, 5], expected: [3, 5]),
        MatmulCase(a: [4, 3], b: [4, 5], transposeA: true, expected: [3, 5]),
        MatmulCase(a: [3, 4], b: [5, 4], transposeB: true, expected: [3, 5]),
        MatmulCase(a: [4, 3], b: [5, 4], transposeA: true, transposeB: true, expected: [3, 5]),
        MatmulCase(a: [2, 3, 4], b: [2, 4, 5], expected: [2, 3, 5]),
        MatmulCase(a: [2, 4, 3], b: [2, 5, 4], transposeA: true, transposeB: true, expected: [2, 3, 5]),
        MatmulCase(a: [2, 3, 4], b: [4, 5], expected: [2, 3, 5]),
        MatmulCase(a: [3, 4], b: [2, 5, 4], transposeB: true, expected: [2, 3, 5]),
        MatmulCase(a: [2, 1, 3, 4], b: [3, 4, 2], expected: [2, 3, 3, 2]),
        MatmulCase(a: [2, 1, 4, 3], b: [3, 2, 4], transposeA: true, transposeB: true, expected: [2, 3, 3, 2]),
        MatmulCase(a: [4], b: [4, 5], expected: [5]),
        MatmulCase(a: [3, 4], b: [4], expected: [3]),
        MatmulCase(a: [4], b: [4], expected: []),
        MatmulCase(a: [2, 3, 4], b: [4], expected: [2, 3]),
        MatmulCase(a: [4], b: [2, 4, 5], expected: [2, 5]),
    ]

    @Test("matmul gradient", arguments: matmulCases)
    func matmul(_ c: MatmulCase) {
        let a = uniform(c.a, seed: 81), b = uniform(c.b, seed: 82)
        let y = onReference { a.matmul(b, transposeA: c.transposeA, transposeB: c.transposeB) }
        #expect(y.shape == c.expected)
        checkGradients("matmul \(c.testDescription)", {
            $0[0].matmul($0[1], transposeA: c.transposeA, transposeB: c.transposeB)
        }, inputs: [a, b])
    }

    @Test func matmulWithTheSameOperandTwice() {
        checkGradients("x·xᵀ", { $0[0].matmul($0[0], transposeB: true) }, inputs: [uniform([3, 4], seed: 83)])
        checkGradients("xᵀ·x", { $0[0].matmul($0[0], transposeA: true) }, inputs: [uniform([3, 4], seed: 84)])
    }

    @Test func linear() {
        let w = uniform([4, 3], seed: 91), bias = uniform([3], seed: 92)
        for shape in [[5, 4], [2, 3, 4], [4]] {
            let x = uniform(shape, seed: 93)
            checkGradients("linear \(shape) with bias", { $0[0].linear(weight: $0[1], bias: $0[2]) }, inputs: [x, w, bias])
            checkGradients("linear \(shape) without bias", { $0[0].linear(weight: $0[1]) }, inputs: [x, w])
        }
        // Only the weight is trainable; a constant input.
        let x = uniform([2, 3, 4], seed: 94)
        checkGradients("linear weight only", { x.linear(weight: $0[0], bias: bias) }, inputs: [w])
    }

    @Test func linearMatchesMatmulPlusBias() {
        onReference {
            let x = uniform([2, 3, 4], seed: 95), w = uniform([4, 5], seed: 96), b = uniform([5], seed: 97)
            let fused = x.linear(weight: w, bias: b)
            #expect(fused.shape == [2, 3, 5])
            expectClose(fused, (x.matmul(w) + b).scalars())
        }
    }
}
