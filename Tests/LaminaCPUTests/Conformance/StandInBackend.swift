import LaminaCore

/// TEMPORARY stand-in for `CPUBackend` until it lands in this branch: forwards every primitive to
/// `ReferenceBackend.shared` and re-labels the results as its own. The fused ops are not forwarded,
/// so they run the composite defaults from Backend+Composite.swift on top of these primitives.
/// Delete this file once `backendUnderTest` (CPUBackendConformanceTests.swift, line 10) is `CPUBackend.shared`.
final class StandInBackend: Backend {
    let name = "stand-in"
    private let ref = ReferenceBackend.shared

    private func own(_ t: Tensor) -> Tensor { Tensor(storage: t.storage, shape: t.shape, dtype: t.dtype, backend: self) }

    func makeTensor(floats values: UnsafeBufferPointer<Float>, shape: [Int]) -> Tensor { own(ref.makeTensor(floats: values, shape: shape)) }
    func makeTensor(ints values: UnsafeBufferPointer<Int32>, shape: [Int], dtype: DType) -> Tensor {
        own(ref.makeTensor(ints: values, shape: shape, dtype: dtype))
    }
    func full(_ value: Float, shape: [Int], dtype: DType) -> Tensor { own(ref.full(value, shape: shape, dtype: dtype)) }
    func readFloats(_ x: Tensor) -> [Float] { ref.readFloats(x) }
    func readInts(_ x: Tensor) -> [Int32] { ref.readInts(x) }
    func copy(_ source: Tensor, into destination: Tensor) { ref.copy(source, into: destination) }

    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor { own(ref.unary(op, x)) }
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor { own(ref.binary(op, a, b)) }
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor { own(ref.select(condition, a, b)) }
    func cast(_ x: Tensor, to dtype: DType) -> Tensor { own(ref.cast(x, to: dtype)) }

    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]) -> Tensor { own(ref.reduce(op, x, axes: axes)) }
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor { own(ref.argReduce(op, x, axis: axis)) }

    func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor { own(ref.permute(x, permutation)) }
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor { own(ref.broadcast(x, to: shape)) }
    func slice(_ x: Tensor, start: [Int], shape: [Int], strides: [Int]) -> Tensor {
        own(ref.slice(x, start: start, shape: shape, strides: strides))
    }
    func unslice(_ x: Tensor, inputShape: [Int], start: [Int], strides: [Int]) -> Tensor {
        own(ref.unslice(x, inputShape: inputShape, start: start, strides: strides))
    }
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Float) -> Tensor { own(ref.pad(x, before: before, after: after, value: value)) }
    func concat(_ xs: [Tensor], axis: Int) -> Tensor { own(ref.concat(xs, axis: axis)) }

    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor { own(ref.gather(x, indices: indices, axis: axis)) }
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor {
        own(ref.scatterAdd(updates, indices: indices, axis: axis, shape: shape))
    }

    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        own(ref.matmul(a, b, transposeA: transposeA, transposeB: transposeB))
    }
}
