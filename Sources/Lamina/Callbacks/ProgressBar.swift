import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Where progress bars and callback messages go: standard output by default, or any closure
/// (a test's buffer, a log file).
public struct TextSink: @unchecked Sendable {
    public let write: (String) -> Void

    public init(_ write: @escaping (String) -> Void) { self.write = write }

    /// Unbuffered writes to file descriptor 1, so progress lines and messages keep their order.
    public static let standardOutput = TextSink { s in
        fflush(stdout)  // keep order with anything printed through stdio
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }

    /// Unbuffered writes to file descriptor 2 (where Python's `warnings.warn` prints).
    public static let standardError = TextSink { s in
        fflush(stdout)
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Writes `message` and a newline (Keras `io_utils.print_msg`).
    public func line(_ message: String) { write(message + "\n") }
}

/// Renders Keras's progress line (`utils/progbar.py`):
/// `25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 378us/step - accuracy: 0.4950 - loss: 0.7361`.
///
/// Interactive (a terminal): the line is redrawn in place as Keras does (`\b`s and `\r`,
/// throttled to every 50 ms), with the count and times in bold and the done part of the bar in
/// green — the same bytes Keras writes. Not interactive (a log file, CI): nothing is redrawn and
/// one plain line is written when the work ends — no `\r`, `\b` or escape codes.
public struct ProgressBar {
    public let target: Int?
    public let width = 20
    public let interactive: Bool
    public var sink: TextSink
    let start = DispatchTime.now().uptimeNanoseconds
    var firstStepEnd: UInt64?
    var lastDraw: UInt64?
    var previousWidth = 0

    public init(target: Int?, interactive: Bool = ProgressBar.stdoutIsTerminal, sink: TextSink = .standardOutput) {
        self.target = target
        self.interactive = interactive
        self.sink = sink
    }

    public static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// Redraws (interactive only, at most every 50 ms) after `current` steps.
    public mutating func update(_ current: Int, values: [String: Float]) {
        let now = DispatchTime.now().uptimeNanoseconds
        let perStep = stepDuration(current, now: now)
        guard interactive else { return }
        if let lastDraw, now - lastDraw < 50_000_000 { return }
        draw(current, values: values, final: false, perStep: perStep, now: now)
    }

    /// Writes the final line after `current` steps; `prefix` goes before it (non-interactive).
    public mutating func finish(_ current: Int, values: [String: Float], prefix: String = "") {
        let now = DispatchTime.now().uptimeNanoseconds
        let perStep = stepDuration(current, now: now)
        if interactive {
            draw(current, values: values, final: true, perStep: perStep, now: now)
        } else {
            sink.write(prefix + render(current, values: values, final: true, perStep: perStep, now: now, styled: false) + "\n")
        }
    }

    mutating func draw(_ current: Int, values: [String: Float], final: Bool, perStep: Double, now: UInt64) {
        let line = render(current, values: values, final: final, perStep: perStep, now: now, styled: true)
        let visible = ProgressBar.visibleLength(line)
        var message = String(repeating: "\u{8}", count: previousWidth) + "\r" + line
        if previousWidth > visible { message += String(repeating: " ", count: previousWidth - visible) }
        if final { message += "\n" }
        sink.write(message)
        previousWidth = visible
        lastDraw = now
    }

    /// Keras's `_estimate_step_duration`: excludes the first step once more than one ran.
    mutating func stepDuration(_ current: Int, now: UInt64) -> Double {
        guard current > 0 else { return 0 }
        let perStep: Double
        if let firstStepEnd, current > 1 {
            perStep = Double(now - firstStepEnd) / 1e9 / Double(current - 1)
        } else {
            perStep = Double(now - start) / 1e9 / Double(current)
        }
        if current == 1 { firstStepEnd = now }
        return perStep
    }

    /// The line after `current` steps; `styled` adds Keras's bold/green/white escape codes.
    public func render(_ current: Int, values: [String: Float], final: Bool, perStep: Double, now: UInt64, styled: Bool) -> String {
        func bold(_ s: String) -> String { styled ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
        var s: String
        if let target, target > 0 {
            let digits = String(target).count, count = String(current)
            s = bold(String(repeating: " ", count: max(0, digits - count.count)) + count + "/" + String(target)) + " "
            let done = min(width, max(0, Int(Double(width) * Double(current) / Double(target))))
            if styled {
                if done > 0 { s += "\u{1B}[32m" + String(repeating: "━", count: done) + "\u{1B}[0m" }
                s += "\u{1B}[37m" + String(repeating: "━", count: width - done) + "\u{1B}[0m"
            } else {
                s += String(repeating: "━", count: width)
            }
        } else {
            s = String(repeating: " ", count: max(0, 7 - String(current).count)) + String(current) + "/Unknown"
        }
        if let target, target > 0, !final {
            s += " " + bold(ProgressBar.formatDuration(perStep * Double(max(0, target - current))))
        } else {
            s += " " + bold(ProgressBar.fixed(Double(now - start) / 1e9, 0) + "s")
        }
        s += " " + ProgressBar.formatPerStep(perStep)
        for key in values.keys.sorted() {
            s += " - \(key): " + ProgressBar.formatValue(values[key]!)
        }
        return s
    }

    /// Keras's ETA: `%ds`, `%d:%02d` over a minute, `%d:%02d:%02d` over an hour.
    public static func formatDuration(_ seconds: Double) -> String {
        let t = Int(seconds)
        if seconds > 3600 { return "\(t / 3600):" + pad2((t % 3600) / 60) + ":" + pad2(t % 60) }
        if seconds > 60 { return "\(t / 60):" + pad2(t % 60) }
        return "\(t)s"
    }

    /// `Ns/step` (also for 0), `Nms/step` or `Nus/step` (Keras `_format_time`).
    public static func formatPerStep(_ seconds: Double) -> String {
        if seconds >= 1 || seconds == 0 { return fixed(seconds, 0) + "s/step" }
        if seconds >= 1e-3 { return fixed(seconds * 1e3, 0) + "ms/step" }
        return fixed(seconds * 1e6, 0) + "us/step"
    }

    /// `%.4f`, or `%.4e` for magnitudes at or below 1e-3 (as Keras prints metric values).
    public static func formatValue(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if Swift.abs(v) > 1e-3 { return fixed(Double(v), 4) }
        return scientific(v)
    }

    /// `%.4e`.
    public static func scientific(_ v: Float) -> String {
        if v.isNaN || v.isInfinite { return formatValue(v) }
        if v == 0 { return "0.0000e+00" }
        var e = 0
        var m = Double(Swift.abs(v))
        while m < 1 { m *= 10; e -= 1 }
        while m >= 10 { m /= 10; e += 1 }
        if fixed(m, 4) == "10.0000" { m /= 10; e += 1 }
        let exp = (e < 0 ? "-" : "+") + pad2(Swift.abs(e))
        return (v < 0 ? "-" : "") + fixed(m, 4) + "e" + exp
    }

    /// `%.{digits}f` with round-half-even on the decimal value, as Python formats.
    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (Swift.abs(v) * scale).rounded(.toNearestOrEven)
        let whole = (r / scale).rounded(.down)
        let frac = Int(r - whole * scale)
        let f = String(frac)
        let sign = v < 0 && r != 0 ? "-" : ""
        if digits == 0 { return sign + String(Int(whole)) }
        return sign + "\(Int(whole))." + String(repeating: "0", count: digits - f.count) + f
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Length without escape sequences and control characters.
    static func visibleLength(_ s: String) -> Int {
        var n = 0, inEscape = false
        for ch in s.unicodeScalars {
            if ch == "\u{1B}" { inEscape = true; continue }
            if inEscape { if ch == "m" { inEscape = false }; continue }
            if ch == "\r" || ch == "\u{8}" || ch == "\n" { continue }
            n += 1
        }
        return n
    }

}
