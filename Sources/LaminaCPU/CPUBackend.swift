import CLaminaCPU
import LaminaCore

#if canImport(Glibc)
import Glibc
#endif

/// The fast CPU backend: OpenBLAS sgemm for matrix products, SIMD and multi-threaded kernels for
/// elementwise ops, reductions, softmax and optimizer steps, denormals flushed to zero, and a
/// caching allocator so that a training step does not allocate per op.
///
/// It is the default backend of any program that links LaminaCPU (registered at load time).
public final class CPUBackend: Backend {
    public static let shared = CPUBackend()
    public let name = "cpu"
    let allocator = CPUAllocator.shared

    public init() {}

    // MARK: Buffers

    @inline(__always)
    func buffer(_ t: Tensor) -> HostBuffer {
        guard let b = t.storage as? HostBuffer else {
            fatalError("cpu backend: tensor storage belongs to backend \(t.backend.name)")
        }
        return b
    }

    @inline(__always) func f(_ t: Tensor) -> UnsafeMutablePointer<Float> { buffer(t).floats }
    @inline(__always) func i(_ t: Tensor) -> UnsafeMutablePointer<Int32> { buffer(t).ints }

    /// A new, uninitialised tensor of this backend.
    @inline(__always)
    func empty(_ shape: [Int], _ dtype: DType) -> Tensor {
        Tensor(storage: HostBuffer(count: ShapeMath.count(shape), allocator: allocator), shape: shape, dtype: dtype, backend: self)
    }

    // MARK: Memory

    public func makeTensor(floats values: UnsafeBufferPointer<Float>, shape: [Int]) -> Tensor {
        let t = empty(shape, .float32)
        if let base = values.baseAddress { f(t).update(from: base, count: t.count) }
        return t
    }

    public func makeTensor(ints values: UnsafeBufferPointer<Int32>, shape: [Int], dtype: DType) -> Tensor {
        let t = empty(shape, dtype)
        let p = i(t)
        if dtype == .bool {
            for k in 0..<t.count { p[k] = values[k] != 0 ? 1 : 0 }
        } else if let base = values.baseAddress {
            p.update(from: base, count: t.count)
        }
        return t
    }

    public func full(_ value: Float, shape: [Int], dtype: DType) -> Tensor {
        let t = empty(shape, dtype)
        let n = t.count
        if dtype == .float32 {
            let p = f(t)
            Parallel.forEach(n, grain: 1 << 18) { r in (p + r.lowerBound).update(repeating: value, count: r.count) }
        } else {
            let v: Int32 = dtype == .bool ? (value != 0 ? 1 : 0) : CPUBackend.toInt32(value)
            i(t).update(repeating: v, count: n)
        }
        return t
    }

    static func toInt32(_ v: Float) -> Int32 {
        guard v.isFinite else { return 0 }
        let t = v.rounded(.towardZero)
        return Swift.abs(t) < 2_147_483_648 ? Int32(t) : Int32(truncatingIfNeeded: Int64(Swift.max(Swift.min(t, 9e18), -9e18)))
    }

    public func readFloats(_ x: Tensor) -> [Float] {
        let n = x.count
        if x.dtype == .float32 { return Array(UnsafeBufferPointer(start: f(x), count: n)) }
        let p = i(x)
        return (0..<n).map { Float(p[$0]) }
    }

    public func readInts(_ x: Tensor) -> [Int32] {
        let n = x.count
        if x.dtype != .float32 { return Array(UnsafeBufferPointer(start: i(x), count: n)) }
        let p = f(x)
        return (0..<n).map { CPUBackend.toInt32(p[$0]) }
    }

    public func copy(_ source: Tensor, into destination: Tensor) {
        let s = buffer(source).raw, d = buffer(destination).raw
        let n = destination.count
        Parallel.forEach(n, grain: 1 << 18) { r in
            (d + r.lowerBound * 4).copyMemory(from: s + r.lowerBound * 4, byteCount: r.count * 4)
        }
    }

    // MARK: Information

    /// What `lamina info` prints about this backend.
    public static var info: [(String, String)] {
        let features = lamina_cpu_features()
        var brand = [CChar](repeating: 0, count: 64)
        lamina_cpu_brand(&brand, 64)
        var rows: [(String, String)] = [
            ("CPU", String(cString: brand).trimmingSpaces()),
            ("CPU features", featureNames(features).joined(separator: " ")),
            ("Kernel threads", String(Parallel.workers)),
            ("Denormals", "flushed to zero in kernels (FTZ/DAZ)"),
        ]
        if let blas = OpenBLAS.shared {
            rows += [("BLAS library", blas.path), ("BLAS version", blas.config),
                     ("BLAS kernel", blas.coreName), ("BLAS kernel chosen by", blas.coreTypeChoice),
                     ("BLAS threads", String(blas.threads))]
        } else {
            rows.append(("BLAS library", "none found: Lamina's built-in gemm (install libopenblas-dev)"))
        }
        return rows
    }

    static func featureNames(_ f: UInt32) -> [String] {
        let names: [(Int, String)] = [
            (LAMINA_CPU_AVX2, "avx2"), (LAMINA_CPU_FMA, "fma"), (LAMINA_CPU_AVX512F, "avx512f"),
            (LAMINA_CPU_AVX512CD, "avx512cd"), (LAMINA_CPU_AVX512BW, "avx512bw"), (LAMINA_CPU_AVX512DQ, "avx512dq"),
            (LAMINA_CPU_AVX512VL, "avx512vl"), (LAMINA_CPU_AVX512BF16, "avx512_bf16"), (LAMINA_CPU_AMX, "amx"),
        ]
        return names.filter { f & UInt32($0.0) != 0 }.map(\.1)
    }

    /// Bytes held by the buffer cache.
    public static var cachedBytes: Int { CPUAllocator.shared.cachedBytes }
    /// Returns the buffer cache's memory to the system.
    public static func trimCache() { CPUAllocator.shared.trim() }
}

/// Called from the C constructor in CLaminaCPU when the program loads.
@_cdecl("lamina_cpu_register_backend")
public func laminaCPURegisterBackend() {
    Backends.register(name: "cpu", priority: 10) { CPUBackend.shared }
}
