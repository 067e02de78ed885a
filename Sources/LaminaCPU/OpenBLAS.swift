import CLaminaCPU
import LaminaCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS, loaded at run time with `dlopen` on first use.
///
/// Loading it ourselves (rather than linking it) lets the CPU backend choose its kernels: Debian's
/// OpenBLAS 0.3.21 does not recognise recent CPUs (e.g. AMD Zen 4) and falls back to its generic
/// Prescott kernels, 5-10× slower. OpenBLAS reads `OPENBLAS_CORETYPE` once, when the library
/// loads, so before `dlopen` we set it to the best AVX-512 core type that `cpuid` says this CPU
/// (and its operating system) can run, then restore the environment. A user's own
/// `OPENBLAS_CORETYPE` is left alone, and nothing is forced on a CPU without AVX-512.
/// `LAMINA_OPENBLAS` may name the library file to load.
///
/// OpenBLAS's idle worker threads spin (sched_yield) for 2^28 cycles (~0.1 s) after each threaded
/// product before they sleep, so during training they never sleep and take the cores from Lamina's
/// own kernel threads between products. Unless the user sets `OPENBLAS_THREAD_TIMEOUT`, Lamina
/// sets it to 4 (the minimum: sleep at once) while loading the library; waking a sleeping worker
/// costs a few microseconds, small beside the products that are threaded (over 4 MFLOP).
/// Measured (2 cores, medians of 6 interleaved runs): cnn-infer 36 -> 28 ms, cnn-train 21 -> 18,
/// lstm-train 21.5 -> 17.4, resnet20-infer unchanged.
final class OpenBLAS: @unchecked Sendable {
    typealias SgemmFn = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float,
                                        UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
                                        Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias StringFn = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias IntFn = @convention(c) () -> Int32
    typealias SetThreadsFn = @convention(c) (Int32) -> Void

    /// The loaded library, or nil if none could be loaded (the backend then uses its own gemm).
    static let shared: OpenBLAS? = OpenBLAS.load()

    let path: String
    let sgemm: SgemmFn
    let config: String
    let coreName: String
    let threads: Int
    let setThreads: SetThreadsFn?
    /// The thread count OpenBLAS is currently set to (changed per call by `useThreads`).
    private let current = Mutex(0)
    /// Who chose the kernels: "user (OPENBLAS_CORETYPE=…)", "Lamina (AVX-512 detected)", or "OpenBLAS".
    let coreTypeChoice: String

    private init(path: String, sgemm: @escaping SgemmFn, config: String, coreName: String, threads: Int,
                 setThreads: SetThreadsFn?, choice: String) {
        self.path = path; self.sgemm = sgemm; self.config = config; self.coreName = coreName
        self.threads = threads; self.setThreads = setThreads; self.coreTypeChoice = choice
        current.withLock { $0 = threads }
    }

    /// Products smaller than this many flops run on one thread: below it, waking OpenBLAS's
    /// worker threads costs more than they save (a Dense step at batch 32 spent most of its
    /// time in the kernel's spin-wait).
    static let multithreadThreshold = 4_000_000

    /// Sets OpenBLAS's thread count for a product of `flops` floating-point operations.
    func useThreads(forFlops flops: Int) {
        guard let setThreads, threads > 1 else { return }
        let want = flops < OpenBLAS.multithreadThreshold ? 1 : threads
        let change = current.withLock { c -> Bool in
            guard c != want else { return false }
            c = want
            return true
        }
        if change { setThreads(Int32(want)) }
    }

    /// The OpenBLAS core type to force for this CPU, or nil to let OpenBLAS decide.
    static func preferredCoreType(features f: UInt32) -> String? {
        let skx = UInt32(LAMINA_CPU_AVX512F) | UInt32(LAMINA_CPU_AVX512CD) | UInt32(LAMINA_CPU_AVX512BW)
            | UInt32(LAMINA_CPU_AVX512DQ) | UInt32(LAMINA_CPU_AVX512VL)
        guard f & skx == skx else { return nil }
        return f & UInt32(LAMINA_CPU_AVX512BF16) != 0 ? "COOPERLAKE" : "SKYLAKEX"
    }

    private static func load() -> OpenBLAS? {
        var candidates = ["libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"]
        if let custom = getenv("LAMINA_OPENBLAS") { candidates.insert(String(cString: custom), at: 0) }

        let userChoice = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        var choice = "OpenBLAS (its own detection)"
        var forced: String?
        if let userChoice, !userChoice.isEmpty {
            choice = "user (OPENBLAS_CORETYPE=\(userChoice))"
        } else if let core = preferredCoreType(features: lamina_cpu_features()) {
            forced = core
            choice = "Lamina (AVX-512 detected by cpuid)"
            setenv("OPENBLAS_CORETYPE", core, 1)
        }
        defer { if forced != nil { unsetenv("OPENBLAS_CORETYPE") } }
        let userTimeout = getenv("OPENBLAS_THREAD_TIMEOUT").map { $0.pointee != 0 } ?? false
        if !userTimeout { setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1) }
        defer { if !userTimeout { unsetenv("OPENBLAS_THREAD_TIMEOUT") } }

        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let sym = dlsym(handle, "cblas_sgemm") else { dlclose(handle); continue }
            let sgemm = unsafeBitCast(sym, to: SgemmFn.self)
            func string(_ symbol: String) -> String {
                guard let s = dlsym(handle, symbol), let p = unsafeBitCast(s, to: StringFn.self)() else { return "unknown" }
                return String(cString: p).trimmingSpaces()
            }
            var threads = 1
            if let s = dlsym(handle, "openblas_get_num_threads") { threads = Int(unsafeBitCast(s, to: IntFn.self)()) }
            var path = name
            if let file = lamina_dl_path(sym) { path = String(cString: file) }
            let setThreads = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreadsFn.self) }
            return OpenBLAS(path: path, sgemm: sgemm, config: string("openblas_get_config"),
                            coreName: string("openblas_get_corename"), threads: threads, setThreads: setThreads, choice: choice)
        }
        laminaWarning("Lamina: OpenBLAS could not be loaded (tried \(candidates.joined(separator: ", "))); "
                      + "matrix products use Lamina's own slower kernel. Install it with: apt-get install libopenblas-dev")
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
