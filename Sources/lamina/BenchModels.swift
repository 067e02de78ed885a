import ArgumentParser
import Dispatch
import Foundation
import Lamina

/// `lamina bench models`: steady-state milliseconds per step and peak RSS of whole-model
/// workloads on synthetic data (see ``ModelWorkloads``).
///
/// Each workload runs in a child process of this executable (`--workload NAME`), so its peak
/// RSS (VmHWM) is its own. A step is timed after `--warmup` untimed steps; the median of the
/// timed steps is reported. `--csv` writes `workload,ms_per_step,peak_rss_mb` for
/// `Scripts/bench/run_all.sh`.
struct BenchModels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Whole-model steps (CNN, ResNet-20, LSTM, SimpleRNN, attention): median ms/step and peak RSS.")

    @Option(help: "Run only these workloads (comma-separated): \(ModelWorkloads.all.map(\.name).joined(separator: ", ")).")
    var only: String?

    @Option(help: "Run one workload in this process and print its result line (used by the parent run).")
    var workload: String?

    @Option(help: "Untimed steps before timing.")
    var warmup = 3

    @Option(help: "Most timed steps per workload.")
    var steps = 30

    @Option(help: "Fewest timed steps per workload.")
    var minSteps = 5

    @Option(help: "Stop timing a workload after this many seconds once --min-steps are done.")
    var budget = 20.0

    @Option(help: "Also write the results as CSV (workload,ms_per_step,peak_rss_mb) to this file.")
    var csv: String?

    @Option(help: ArgumentHelp("Peers' results to compare with, as NAME:FILE.csv (comma-separated; the CSVs that Scripts/bench/bench_torch.py and bench_keras.py write): adds the fastest peer's ms/step and Lamina / fastest peer.", valueName: "peers"))
    var peers: String?

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; benchmark with `swift run -c release lamina bench models`\n")
        #endif
        if let workload { return try runChild(workload) }
        let names = only.map { $0.split(separator: ",").map(String.init) } ?? ModelWorkloads.all.map(\.name)
        for n in names where !ModelWorkloads.all.contains(where: { $0.name == n }) {
            throw ValidationError("unknown workload \(n); known: \(ModelWorkloads.all.map(\.name).joined(separator: ", "))")
        }
        print("Lamina \(laminaVersion) · backend \(Backends.defaultBackend.name) · \(Machine.threads) threads · warm-up \(warmup), median of \(minSteps)–\(steps) steps\n")
        let peerResults = try peers.map(PeerResults.init(specs:))
        let peerColumns = peerResults == nil ? "" : "fastest peer ms".leftPadded(17) + "Lamina / peer".leftPadded(15)
        print("workload".padding(to: 18) + "ms/step".leftPadded(10) + "peak RSS MB".leftPadded(13) + peerColumns + "  what")
        var rows = ["workload,ms_per_step,peak_rss_mb"]
        for name in names {
            let (ms, rss) = try runInChild(name)
            let summary = ModelWorkloads.all.first { $0.name == name }!.summary
            var peerCells = ""
            if let peerResults {
                if let (peer, peerMS) = peerResults.fastest(name) {
                    peerCells = String(format: "%10.1f %-6@%15.2f", peerMS, peer as NSString, ms / peerMS)
                } else {
                    peerCells = "-".leftPadded(17) + "-".leftPadded(15)
                }
            }
            print(name.padding(to: 18) + String(format: "%10.1f%13.0f", ms, rss) + peerCells + "  " + summary)
            rows.append("\(name),\(String(format: "%.2f", ms)),\(String(format: "%.0f", rss))")
        }
        if let csv { try (rows.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8) }
    }

    /// Runs `name` in a fresh process of this executable and parses its `RESULT` line.
    func runInChild(_ name: String) throws -> (ms: Double, rssMB: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bench", "models", "--workload", name, "--warmup", "\(warmup)", "--steps", "\(steps)",
                             "--min-steps", "\(minSteps)", "--budget", "\(budget)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let out = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = out.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }) else {
            throw ValidationError("workload \(name) failed (exit \(process.terminationStatus)):\n\(out)")
        }
        let f = line.split(separator: " ")
        return (Double(f[2]) ?? .nan, Double(f[3]) ?? .nan)
    }

    /// Prepares, warms up and times one workload; prints `RESULT name ms rssMB`.
    func runChild(_ name: String) throws {
        guard let w = ModelWorkloads.all.first(where: { $0.name == name }) else {
            throw ValidationError("unknown workload \(name)")
        }
        let step = try w.prepare()
        for _ in 0..<warmup { try step() }
        var times: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while times.count < steps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try step()
            let t1 = DispatchTime.now().uptimeNanoseconds
            times.append(Double(t1 - t0) / 1e6)
            if times.count >= minSteps && Double(t1 - start) / 1e9 > budget { break }
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        print("RESULT \(name) \(String(format: "%.3f", median)) \(String(format: "%.1f", Machine.peakRSSMegabytes)) steps=\(times.count)")
    }
}

extension Machine {
    /// This process's peak resident set size in MB (VmHWM from /proc/self/status).
    static var peakRSSMegabytes: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
        return kb / 1024
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
