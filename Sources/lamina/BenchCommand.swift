import ArgumentParser
import Lamina

#if canImport(Glibc)
import Glibc
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (build with -c release).",
        subcommands: [BenchOps.self])
}

struct BenchOps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "sgemm GFLOP/s and elementwise / softmax GB/s on the CPU backend, beside the machine's figures.")

    @Option(help: "Repetitions per measurement (the median is reported).")
    var repeats = 7

    func run() throws {
        let cpu = CPUBackend.shared
        #if DEBUG
        print("warning: this is a debug build; benchmark with `swift run -c release lamina bench ops`\n")
        #endif
        print("Lamina \(laminaVersion) · backend cpu · BLAS kernel \(CPUBackend.info.first { $0.0 == "BLAS kernel" }?.1 ?? "none") · \(CPUBackend.info.first { $0.0 == "Kernel threads" }?.1 ?? "?") threads\n")

        let peak = Machine.peakGFLOPS
        print("sgemm (M×K×N)            GFLOP/s   machine peak (est.)   % of peak")
        for (m, k, n) in [(256, 256, 256), (1024, 1024, 1024), (2048, 2048, 2048), (32, 30752, 128), (128, 784, 256)] {
            let a = Tensor.randomUniform([m, k], seed: 1, on: cpu), b = Tensor.randomUniform([k, n], seed: 2, on: cpu)
            let t = medianSeconds(target: 0.2, repeats: repeats) { _ = cpu.matmul(a, b, transposeA: false, transposeB: false) }
            let gflops = 2.0 * Double(m * k * n) / t / 1e9
            let name = "\(m)×\(k)×\(n)".padding(to: 24)
            print("\(name) \(fmt(gflops, 8))   \(fmt(peak, 19))   \(fmt(100 * gflops / peak, 8))%")
        }

        let shape = [4096, 1024]
        let bytes = Double(4096 * 1024 * 4)
        let x = Tensor.randomUniform(shape, low: -2, high: 2, seed: 3, on: cpu)
        let y = Tensor.randomUniform(shape, low: -2, high: 2, seed: 4, on: cpu)
        let bandwidth = Machine.copyBandwidth(bytes: Int(bytes), repeats: repeats)
        print("\nelementwise over (4096, 1024) float32   GB/s   memcpy GB/s   % of memcpy")
        let cases: [(String, Double, () -> Void)] = [
            ("add", 3, { _ = cpu.binary(.add, x, y) }),
            ("mul", 3, { _ = cpu.binary(.mul, x, y) }),
            ("exp", 2, { _ = cpu.unary(.exp, x) }),
            ("softmax (last axis)", 2, { _ = cpu.softmax(x, axis: 1) }),
        ]
        for (name, traffic, body) in cases {
            let t = medianSeconds(target: 0.2, repeats: repeats, body)
            let gbs = traffic * bytes / t / 1e9
            print("\(name.padding(to: 38)) \(fmt(gbs, 6))   \(fmt(bandwidth, 11))   \(fmt(100 * gbs / bandwidth, 10))%")
        }
        print("\nGB/s counts bytes read + written (add/mul: 2 reads + 1 write; exp/softmax: 1 + 1).")
        print("memcpy: the best of one and \(Machine.threads) threads copying the same 16 MiB.")
    }

    func fmt(_ v: Double, _ width: Int) -> String {
        let s = String(Int(v.rounded())) + (v < 100 ? "." + String(Int((v * 10).rounded()) % 10) : "")
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
