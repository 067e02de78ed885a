import LaminaCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Checks that read process-wide state (`HostBuffer.liveCount`, the global random stream) run in
// a child process through an exit test, because Swift Testing runs tests in parallel (and a full
// `swift test` runs the other test targets in the same process). The child measures and prints
// `name=value` lines on standard output; the parent parses them and makes the assertions, so a
// failure shows the numbers. (A child's standard error is not shown by Swift Testing, and in
// release builds a `precondition` prints nothing.)

/// Prints one measurement for the parent (child side).
func report(_ name: String, _ value: Int) {
    var bytes = Array("\(name)=\(value)\n".utf8)
    _ = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
}

/// Prints a boolean measurement (1 or 0) for the parent (child side).
func report(_ name: String, _ value: Bool) { report(name, value ? 1 : 0) }

/// The `name=value` lines a child printed (parent side).
func measurements(_ result: ExitTest.Result?) -> [String: Int] {
    guard let result else { return [:] }
    var out: [String: Int] = [:]
    for line in String(decoding: result.standardOutputContent, as: UTF8.self).split(separator: "\n") {
        let parts = line.split(separator: "=", maxSplits: 1)
        if parts.count == 2, let v = Int(parts[1]) { out[String(parts[0])] = v }
    }
    return out
}
