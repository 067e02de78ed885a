import Dispatch
import Lamina

#if canImport(Glibc)
import Glibc
#endif

/// Figures of this machine that the benchmarks compare against.
enum Machine {
    static var threads: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Peak float32 FLOP/s estimate: cores × clock (from /proc/cpuinfo) × 32 FLOP/cycle
    /// (two 8-wide FMA pipes or one 16-wide one; Zen 4 and most Xeons reach this with AVX-512).
    static var peakGFLOPS: Double {
        var mhz = 2500.0
        if let f = fopen("/proc/cpuinfo", "r") {
            defer { fclose(f) }
            var line = [CChar](repeating: 0, count: 512)
            while fgets(&line, 512, f) != nil {
                let s = String(cString: line)
                if s.hasPrefix("cpu MHz"), let v = s.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters()) }) {
                    mhz = v
                    break
                }
            }
        }
        return Double(threads) * mhz / 1000 * 32
    }

    /// Measures copy bandwidth (read + write bytes per second, GB/s) of a buffer: the best of
    /// one thread and all threads.
    final class Copier {
        let bytes: Int
        let src: UnsafeMutableRawPointer, dst: UnsafeMutableRawPointer
        init(bytes: Int) {
            self.bytes = bytes
            src = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            memset(src, 1, bytes)
            memset(dst, 0, bytes)
        }
        deinit { src.deallocate(); dst.deallocate() }

        func bandwidth() -> Double {
            let bytes = self.bytes, n = Machine.threads
            let single = medianSeconds(target: 0.03, repeats: 3) { memcpy(dst, src, bytes) }
            let s = UncheckedPointers(src: src, dst: dst)
            let multi = medianSeconds(target: 0.03, repeats: 3) {
                DispatchQueue.concurrentPerform(iterations: n) { i in
                    let lo = bytes * i / n, hi = bytes * (i + 1) / n
                    memcpy(s.dst + lo, s.src + lo, hi - lo)
                }
            }
            return 2 * Double(bytes) / min(single, multi) / 1e9
        }
    }
}

struct UncheckedPointers: @unchecked Sendable {
    let src: UnsafeMutableRawPointer
    let dst: UnsafeMutableRawPointer
}

extension Substring {
    func trimmingCharacters() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" }.reversed())
    }
}
