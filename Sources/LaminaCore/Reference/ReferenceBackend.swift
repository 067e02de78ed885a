#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The executable specification of every backend operation: naive loops that convert to `Double`,
/// compute, and round once at the end. Never optimised; the conformance suite compares every other
/// backend with it. Select it with `LAMINA_BACKEND=reference` or `withBackend(ReferenceBackend.shared)`.
public final class ReferenceBackend: Backend {
    public static let shared = ReferenceBackend()
    public let name = "reference"
    public init() {}

    // MARK: Host conversion helpers

    func buffer(_ t: Tensor) -> HostBuffer {
        guard let b = t.storage as? HostBuffer else {
            preconditionFailure("reference backend: tensor storage belongs to backend \(t.backend.name)")
        }
        return b
    }

    /// The elements as Doubles.
    func load(_ t: Tensor) -> [Double] {
        let b = buffer(t), n = t.count
        if t.dtype == .float32 { return (0..<n).map { Double(b.floats[$0]) } }
        return (0..<n).map { Double(b.ints[$0]) }
    }

    /// A new tensor from Doubles, rounded (floats) or truncated and wrapped (ints) to `dtype`.
    func store(_ values: [Double], shape: [Int], dtype: DType) -> Tensor {
        let b = HostBuffer(count: values.count)
        switch dtype {
        case .float32: for (i, v) in values.enumerated() { b.floats[i] = Float(v) }
        case .int32: for (i, v) in values.enumerated() { b.ints[i] = ReferenceBackend.toInt32(v) }
        case .bool: for (i, v) in values.enumerated() { b.ints[i] = v != 0 ? 1 : 0 }
        }
        return Tensor(storage: b, shape: shape, dtype: dtype, backend: self)
    }

    static func toInt32(_ v: Double) -> Int32 {
        guard v.isFinite else { return 0 }
        let t = v.rounded(.towardZero)
        guard Swift.abs(t) < 9.2e18 else { return 0 }
        return Int32(truncatingIfNeeded: Int64(t))
    }

    /// Row-major offsets, into a tensor with `strides`, of every index of `shape`.
    static func offsets(_ shape: [Int], strides: [Int]) -> [Int] {
        let n = ShapeMath.count(shape)
        var out = [Int](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: shape.count)
        for i in 0..<n {
            var off = 0
            for d in 0..<shape.count { off += index[d] * strides[d] }
            out[i] = off
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    // MARK: Memory

    public func makeTensor(floats values: UnsafeBufferPointer<Float>, shape: [Int]) -> Tensor {
        store(values.map(Double.init), shape: shape, dtype: .float32)
    }

    public func makeTensor(ints values: UnsafeBufferPointer<Int32>, shape: [Int], dtype: DType) -> Tensor {
        store(values.map(Double.init), shape: shape, dtype: dtype)
    }

    public func full(_ value: Float, shape: [Int], dtype: DType) -> Tensor {
        store([Double](repeating: Double(value), count: ShapeMath.count(shape)), shape: shape, dtype: dtype)
    }

    public func readFloats(_ x: Tensor) -> [Float] { load(x).map(Float.init) }
    public func readInts(_ x: Tensor) -> [Int32] { load(x).map(ReferenceBackend.toInt32) }

    public func copy(_ source: Tensor, into destination: Tensor) {
        let s = buffer(source), d = buffer(destination)
        for i in 0..<destination.count { d.ints[i] = s.ints[i] }
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor { store(load(x), shape: x.shape, dtype: dtype) }
}
