import LaminaCore
import Testing

/// Forward values of a handful of ops against hand-computed results.
@Suite("Values")
struct ValueTests {
    @Test func broadcastAdd() {
        onReference {
            let y = Tensor([[1], [2]]) + Tensor([10, 20, 30])
            expectClose(y, [11, 21, 31, 12, 22, 32], shape: [2, 3])
            let z = Tensor([1, 2, 3]) * 2 - 1
            expectClose(z, [1, 3, 5], shape: [3])
            let s = Tensor(Float(5)) / Tensor([1, 2, 4, 5], shape: [2, 2])
            expectClose(s, [5, 2.5, 1.25, 1], shape: [2, 2])
        }
    }

    @Test func reductionsWithKeepDims() {
        onReference {
            let x = iota([2, 3])  // [[0, 1, 2], [3, 4, 5]]
            expectClose(x.sum(axis: 0), [3, 5, 7], shape: [3])
            expectClose(x.sum(axis: 0, keepDims: true), [3, 5, 7], shape: [1, 3])
            expectClose(x.sum(axis: 1, keepDims: true), [3, 12], shape: [2, 1])
            expectClose(x.sum(), [15], shape: [])
            expectClose(x.sum(keepDims: true), [15], shape: [1, 1])
            expectClose(x.mean(), [2.5], shape: [])
            expectClose(x.mean(axis: -1), [1, 4], shape: [2])
            expectClose(x.max(axis: 0), [3, 4, 5], shape: [3])
            expectClose(x.min(axis: 1, keepDims: true), [0, 3], shape: [2, 1])
            expectClose((x + 1).prod(axes: [1]), [6, 120], shape: [2])
            let y = iota([2, 3, 4])
            expectClose(y.sum(axes: [0, 2]), [60, 92, 124], shape: [3])
            expectClose(y.sum(axes: [-1, 0], keepDims: true), [60, 92, 124], shape: [1, 3, 1])
            expectClose(Tensor([1, 2, 3, 4]).variance(), [1.25], shape: [])
            expectClose(Tensor([1, 2, 3, 4]).standardDeviation(), [Float(1.25).squareRoot()], shape: [])
            expectClose(Tensor([1000, 1000]).logSumExp(), [1000 + 0.6931472], shape: [])
        }
    }

    @Test func argmaxAndArgminTakeTheFirstTie() {
        onReference {
            let x = Tensor([[1, 3, 3], [2, 2, 0]])
            #expect(x.argmax(axis: 1).intScalars() == [1, 0])
            #expect(x.argmin(axis: 1).intScalars() == [0, 2])
            #expect(x.argmax(axis: 0).intScalars() == [1, 0, 0])
            #expect(x.argmin(axis: 0).intScalars() == [0, 1, 1])
            #expect(x.argmax(axis: -1, keepDims: true).shape == [2, 1])
            #expect(x.argmax().dtype == .int32)
            #expect(Tensor([5, 5, 5, 5]).argmax().intScalars() == [0])
        }
    }

    @Test func permute() {
        onReference {
            let x = iota([2, 3, 4])
            let y = x.permuted([2, 0, 1])
            #expect(y.shape == [4, 2, 3])
            var expected: [Float] = []
            for k in 0..<4 { for i in 0..<2 { for j in 0..<3 { expected.append(Float(i * 12 + j * 4 + k)) } } }
            expectClose(y, expected)
            expectClose(iota([2, 3]).transposed(), [0, 3, 1, 4, 2, 5], shape: [3, 2])
        }
    }

    @Test func gatherWithNegativeIndices() {
        onReference {
            let x = Tensor([[1, 2], [3, 4], [5, 6]])
            expectClose(x.gather(Tensor([-1, 0, 1] as [Int32])), [5, 6, 1, 2, 3, 4], shape: [3, 2])
            expectClose(x.gather(Tensor([-1] as [Int32]), axis: 1), [2, 4, 6], shape: [3, 1])
            expectClose(x.gather(Tensor([0, -3, 2, -2] as [Int32], shape: [2, 2])), [1, 2, 1, 2, 5, 6, 3, 4], shape: [2, 2, 2])
        }
    }

    @Test func oneHot() {
        onReference {
            let y = Tensor([0, 2, -1, 3, 1] as [Int32]).oneHot(depth: 3)
            expectClose(y, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0], shape: [5, 3])
            #expect(y.dtype == .float32)
            #expect(Tensor([1, 0] as [Int32], shape: [2, 1]).oneHot(depth: 2).shape == [2, 1, 2])
        }
    }

    @Test func arangeAndEye() {
        onReference {
            expectClose(Tensor.arange(0, 5), [0, 1, 2, 3, 4], shape: [5])
            expectClose(Tensor.arange(1, 2, step: 0.25), [1, 1.25, 1.5, 1.75], shape: [4])
            expectClose(Tensor.arange(5, 0, step: -2), [5, 3, 1], shape: [3])
            #expect(Tensor.arange(3, 3).shape == [0])
            let ints = Tensor.arange(0, 4, dtype: .int32)
            #expect(ints.dtype == .int32 && ints.intScalars() == [0, 1, 2, 3])
            expectClose(Tensor.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3])
            expectClose(Tensor.eye(2, 3), [1, 0, 0, 0, 1, 0], shape: [2, 3])
        }
    }

    @Test func concatStackSplitPadSlice() {
        onReference {
            let a = Tensor([[1, 2], [3, 4]]), b = Tensor([[5], [6]])
            expectClose(Tensor.concat([a, b], axis: 1), [1, 2, 5, 3, 4, 6], shape: [2, 3])
            expectClose(Tensor.concat([a, a], axis: 0), [1, 2, 3, 4, 1, 2, 3, 4], shape: [4, 2])
            expectClose(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1), [1, 3, 2, 4], shape: [2, 2])
            let parts = iota([2, 5]).split(sizes: [2, 3], axis: 1)
            expectClose(parts[0], [0, 1, 5, 6], shape: [2, 2])
            expectClose(parts[1], [2, 3, 4, 7, 8, 9], shape: [2, 3])
            expectClose(Tensor([1, 2]).padded([(1, 2)], value: -1), [-1, 1, 2, -1, -1], shape: [5])
            expectClose(iota([10]).slice(axis: 0, 1..<8, stride: 3), [1, 4, 7], shape: [3])
        }
    }

    @Test func integerAndModuloArithmetic() {
        onReference {
            // NumPy semantics: floor division and a modulo with the sign of the divisor.
            let q = Tensor([-7, 7] as [Int32]) / Tensor([2, -2] as [Int32])
            #expect(q.dtype == .int32 && q.intScalars() == [-4, -4])
            let m = Tensor([-7, 7] as [Int32]).mod(Tensor([2, -2] as [Int32]))
            #expect(m.intScalars() == [1, -1])
            expectClose(Tensor([-3.5, 3.5]).mod(Tensor([2, -2])), [0.5, -0.5])
            let promoted = Tensor([1, 2] as [Int32]) + Tensor([0.5, 0.5])
            #expect(promoted.dtype == .float32)
            expectClose(promoted, [1.5, 2.5])
        }
    }

    @Test func softmaxValues() {
        onReference {
            let p = Tensor([[0, 0], [1000, 1000 + 0.6931472]]).softmax()
            expectClose(p, [0.5, 0.5, 1.0 / 3, 2.0 / 3], tolerance: 1e-4)
            let lp = Tensor([0, 0, 0, 0]).logSoftmax()
            expectClose(lp, [Float](repeating: -1.3862944, count: 4))
            let ce = Tensor([[0, 0], [0, 0]]).softmaxCrossEntropy(labels: Tensor([0, 1] as [Int32]))
            expectClose(ce, [0.6931472, 0.6931472], shape: [2])
        }
    }

    @Test func descriptionNamesShapeDtypeAndBackend() {
        onReference {
            let d = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]).description
            #expect(d.contains("shape: (2, 3)"))
            #expect(d.contains("float32"))
            #expect(d.contains("reference"))
            #expect(d.contains("[[1.0, 2.0, 3.0],"))
            #expect(Tensor([7] as [Int32]).description.contains("(1,)"))
            #expect(Tensor([1, 2]).requiringGradient().description.contains("requiresGradient"))
            #expect(iota([20]).description.contains("..."))
        }
    }
}
