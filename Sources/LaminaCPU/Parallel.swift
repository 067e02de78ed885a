import CLaminaCPU
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Work splitting for the CPU kernels, with denormals flushed to zero on every thread that runs
/// a kernel (denormal floats make float math several times slower; TensorFlow flushes them too).
enum Parallel {
    /// Worker count: `LAMINA_NUM_THREADS`, else `OPENBLAS_NUM_THREADS`, else the online cores.
    static let workers: Int = {
        for name in ["LAMINA_NUM_THREADS", "OPENBLAS_NUM_THREADS"] {
            if let v = getenv(name), let n = Int(String(cString: v)), n > 0 { return n }
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// Runs `body` over `0..<count` split into contiguous chunks of at least `grain` items, on up
    /// to `workers` threads; serial (on the calling thread) when the work is small.
    @inline(__always)
    static func forEach(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
        let state = lamina_fp_flush_denormals()
        defer { lamina_fp_restore(state) }
        let chunks = min(workers, count / max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The chunks write disjoint ranges; the closure is only used during this call.
            let task = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let s = lamina_fp_flush_denormals()
                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                task.value(lo..<hi)
                lamina_fp_restore(s)
            }
        }
    }

    /// Runs `body` with denormals flushed on the calling thread (for single-threaded kernels).
    @inline(__always)
    static func flushingDenormals<R>(_ body: () -> R) -> R {
        let state = lamina_fp_flush_denormals()
        defer { lamina_fp_restore(state) }
        return body()
    }
}

/// Hands a value to worker threads that the caller knows use it safely.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
