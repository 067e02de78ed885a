import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Renders Keras's progress line: `25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 378us/step - accuracy: 0.4950 - loss: 0.7361`.
///
/// On a terminal the line is redrawn in place (`\r`, throttled to every 50 ms) with the done part
/// of the bar in green. When standard output is not a terminal (a log file, CI), nothing is
/// redrawn: one plain line is written when the work ends — no `\r`, `\b` or colour codes.
public struct ProgressBar {
    public let target: Int?
    public let width = 20
    public let interactive: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    var firstStepEnd: UInt64?
    var lastDraw: UInt64 = 0
    var drawnLength = 0

    public init(target: Int?, interactive: Bool = ProgressBar.stdoutIsTerminal) {
        self.target = target
        self.interactive = interactive
    }

    public static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// Redraws (terminal only) after `current` steps.
    public mutating func update(_ current: Int, values: [String: Float]) {
        let now = DispatchTime.now().uptimeNanoseconds
        if current == 1 { firstStepEnd = now }
        guard interactive, now - lastDraw >= 50_000_000 || current == 1 else { return }
        lastDraw = now
        let line = render(current, values: values, final: false, now: now)
        write("\r" + line + String(repeating: " ", count: max(0, visibleLength(line) < drawnLength ? drawnLength - visibleLength(line) : 0)))
        drawnLength = visibleLength(line)
    }

    /// Writes the final line after `current` steps; `prefix` goes before it (non-terminal mode).
    public mutating func finish(_ current: Int, values: [String: Float], prefix: String = "") {
        let now = DispatchTime.now().uptimeNanoseconds
        let line = render(current, values: values, final: true, now: now)
        if interactive {
            write("\r" + line + String(repeating: " ", count: max(0, drawnLength - visibleLength(line))) + "\n")
        } else {
            write(prefix + line + "\n")
        }
        drawnLength = 0
    }

    /// The line for `current` steps (exposed for tests).
    public func render(_ current: Int, values: [String: Float], final: Bool, now: UInt64) -> String {
        var s: String
        if let target {
            let digits = String(target).count
            let count = String(current)
            s = String(repeating: " ", count: max(0, digits - count.count)) + count + "/" + String(target) + " "
            let done = target > 0 ? min(width, Int(Double(width) * Double(current) / Double(target))) : width
            let bar = String(repeating: "━", count: width)
            if interactive {
                s += "\u{1B}[32m" + String(bar.prefix(done)) + "\u{1B}[0m" + "\u{1B}[37m" + String(bar.prefix(width - done)) + "\u{1B}[0m"
            } else {
                s += bar
            }
        } else {
            s = String(repeating: " ", count: max(0, 7 - String(current).count)) + String(current) + "/Unknown"
        }
        let elapsed = Double(now - start) / 1e9
        let perStep: Double
        if current > 1, let firstStepEnd {
            perStep = Double(now - firstStepEnd) / 1e9 / Double(current - 1)
        } else {
            perStep = current > 0 ? elapsed / Double(current) : 0
        }
        if final || target == nil {
            s += " " + ProgressBar.formatDuration(elapsed)
        } else {
            s += " " + ProgressBar.formatDuration(perStep * Double(max(0, (target ?? 0) - current)))
        }
        s += " " + ProgressBar.formatPerStep(perStep)
        for key in values.keys.sorted() {
            s += " - \(key): " + ProgressBar.formatValue(values[key]!)
        }
        return s
    }

    /// `%ds`, `%d:%02d` over a minute, `%d:%02d:%02d` over an hour (Keras's ETA/elapsed format).
    public static func formatDuration(_ seconds: Double) -> String {
        let t = Int(seconds)
        if t >= 3600 { return "\(t / 3600):" + pad2((t % 3600) / 60) + ":" + pad2(t % 60) }
        if t >= 60 { return "\(t / 60):" + pad2(t % 60) }
        return "\(t)s"
    }

    /// `Ns/step`, `Nms/step` or `Nus/step`.
    public static func formatPerStep(_ seconds: Double) -> String {
        if seconds >= 1 { return "\(Int(seconds.rounded()))s/step" }
        if seconds >= 1e-3 { return "\(Int((seconds * 1e3).rounded()))ms/step" }
        return "\(Int((seconds * 1e6).rounded()))us/step"
    }

    /// `%.4f`, or `%.4e` for magnitudes at or below 1e-3 (as Keras prints metric values).
    public static func formatValue(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if Swift.abs(v) > 1e-3 || v == 0 { return fixed(Double(v), 4) }
        var e = 0
        var m = Double(Swift.abs(v))
        while m < 1 { m *= 10; e -= 1 }
        while m >= 10 { m /= 10; e += 1 }
        if fixed(m, 4) == "10.0000" { m /= 10; e += 1 }
        let exp = (e < 0 ? "-" : "+") + pad2(Swift.abs(e))
        return (v < 0 ? "-" : "") + fixed(m, 4) + "e" + exp
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (Swift.abs(v) * scale).rounded()
        let whole = Int(r / scale), frac = Int(r.truncatingRemainder(dividingBy: scale))
        let f = String(frac)
        return (v < 0 && r != 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    func visibleLength(_ s: String) -> Int {
        var n = 0, inEscape = false
        for ch in s.unicodeScalars {
            if ch == "\u{1B}" { inEscape = true; continue }
            if inEscape { if ch == "m" { inEscape = false }; continue }
            n += 1
        }
        return n
    }

    func write(_ s: String) {
        fflush(stdout)  // keep order with anything printed through stdio
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }
}

/// The callback behind `verbose` in `fit`, `evaluate` and `predict` (Keras `ProgbarLogger`).
public final class ProgbarLogger: Callback {
    public enum Mode { case train, test, predict }
    let verbose: Int
    let mode: Mode
    var bar: ProgressBar?
    var seen = 0
    var epochs = 1
    var epoch = 0
    let interactive: Bool

    public init(verbose: Int = 1, mode: Mode = .train, interactive: Bool = ProgressBar.stdoutIsTerminal) {
        self.verbose = verbose
        self.mode = mode
        self.interactive = interactive
    }

    var steps: Int? { let s = params["steps"] ?? -1; return s >= 0 ? s : nil }

    func header() -> String { epochs > 1 ? "Epoch \(epoch + 1)/\(epochs)" : "" }

    public override func onTrainBegin(logs: [String: Float]) { epochs = params["epochs"] ?? 1 }

    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) {
        self.epoch = epoch
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive && verbose == 1)
        if interactive && verbose == 1 && epochs > 1 { bar?.write(header() + "\n") }
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {
        seen = batch + 1
        if verbose == 1 { bar?.update(seen, values: logs) }
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        guard var b = bar else { return }
        if verbose == 2 {
            // Keras's verbose=2 line: `25/25 - 0s - 410us/step - accuracy: … - loss: …`.
            let full = b.render(seen, values: logs, final: true, now: DispatchTime.now().uptimeNanoseconds)
            let tail = full.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            let stepsPart = steps.map { "\(seen)/\($0)" } ?? "\(seen)"
            let rest = tail.count == 4 ? " - " + tail[2] + " - " + tail[3] : ""
            if epochs > 1 { b.write(header() + "\n") }
            b.write(stepsPart + rest + "\n")
        } else {
            b.finish(seen, values: logs, prefix: interactive || epochs <= 1 ? "" : header() + " · ")
        }
        bar = b
    }

    public override func onTestBegin(logs: [String: Float]) {
        guard mode == .test else { return }
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive)
    }
    public override func onTestBatchEnd(_ batch: Int, logs: [String: Float]) {
        guard mode == .test else { return }
        seen = batch + 1
        bar?.update(seen, values: logs)
    }
    public override func onTestEnd(logs: [String: Float]) {
        guard mode == .test, var b = bar else { return }
        b.finish(seen, values: logs)
    }

    public override func onPredictBegin(logs: [String: Float]) {
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive)
    }
    public override func onPredictBatchEnd(_ batch: Int, logs: [String: Float]) {
        seen = batch + 1
        bar?.update(seen, values: [:])
    }
    public override func onPredictEnd(logs: [String: Float]) {
        guard var b = bar else { return }
        b.finish(seen, values: [:])
    }
}
