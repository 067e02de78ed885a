import ArgumentParser
import Lamina

#if canImport(Glibc)
import Glibc
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (build with -c release).",
        subcommands: [BenchOps.self, BenchModels.self])
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

        // sgemm: the machine figure is what OpenBLAS reaches on a large square product here.
        func gemmRate(_ m: Int, _ k: Int, _ n: Int) -> Double {
            let a = Tensor.randomUniform([m, k], seed: 1, on: cpu), b = Tensor.randomUniform([k, n], seed: 2, on: cpu)
            let t = medianSeconds(target: 0.2, repeats: repeats) { _ = cpu.matmul(a, b, transposeA: false, transposeB: false) }
            return 2.0 * Double(m * k * n) / t / 1e9
        }
        let roof = gemmRate(3072, 3072, 3072)
        print("sgemm M×K×N              GFLOP/s   large-sgemm peak   % of peak")
        for (m, k, n) in [(256, 256, 256), (1024, 1024, 1024), (2048, 2048, 2048), (32, 30752, 128), (128, 784, 256)] {
            let gflops = gemmRate(m, k, n)
            print("\(("\(m)×\(k)×\(n)").padding(to: 24)) \(fmt(gflops, 8))   \(fmt(roof, 16))   \(fmt(100 * gflops / roof, 8))%")
        }
        print("(large-sgemm peak: 3072×3072×3072 with the same library and threads; theoretical FMA peak at the base clock: \(fmt(Machine.peakGFLOPS, 0)) GFLOP/s)")

        let shape = [4096, 1024]
        let bytes = 4096 * 1024 * 4
        let x = Tensor.randomUniform(shape, low: -2, high: 2, seed: 3, on: cpu)
        let y = Tensor.randomUniform(shape, low: -2, high: 2, seed: 4, on: cpu)
        let copier = Machine.Copier(bytes: bytes)
        print("\nelementwise over (4096, 1024) float32   GB/s   memcpy GB/s   % of memcpy")
        let cases: [(String, Double, () -> Void)] = [
            ("add", 3, { _ = cpu.binary(.add, x, y) }),
            ("mul", 3, { _ = cpu.binary(.mul, x, y) }),
            ("exp", 2, { _ = cpu.unary(.exp, x) }),
            ("softmax (last axis)", 2, { _ = cpu.softmax(x, axis: 1) }),
        ]
        for (name, traffic, body) in cases {
            // Alternate the op with memcpy so both see the same machine state; report medians.
            var rates: [Double] = [], copies: [Double] = [], ratios: [Double] = []
            for _ in 0..<repeats {
                let c = copier.bandwidth()
                let t = medianSeconds(target: 0.05, repeats: 1, body)
                let r = traffic * Double(bytes) / t / 1e9
                rates.append(r); copies.append(c); ratios.append(r / c)
            }
            print("\(name.padding(to: 38)) \(fmt(median(rates), 6))   \(fmt(median(copies), 11))   \(fmt(100 * median(ratios), 10))%")
        }
        print("\nGB/s counts bytes read + written (add/mul: 2 reads + 1 write; exp/softmax: 1 + 1); % is the median")
        print("of per-round ratios to memcpy of the same 16 MiB (best of 1 and \(Machine.threads) threads) measured alongside.")
    }

    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

    func fmt(_ v: Double, _ width: Int) -> String {
        let s = String(Int(v.rounded())) + (v < 100 ? "." + String(Int((v * 10).rounded()) % 10) : "")
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
