import Dispatch

/// Median wall time in seconds of `body` over `repeats` runs after `warmup` runs.
func medianSeconds(repeats: Int = 7, warmup: Int = 2, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    times.sort()
    return times[times.count / 2]
}

/// Repeats `body` enough times that one measurement lasts about `target` seconds; returns the
/// median time of one call.
func medianSeconds(target: Double, repeats: Int = 7, _ body: () -> Void) -> Double {
    let once = medianSeconds(repeats: 1, warmup: 1, body)
    let inner = max(1, Int(target / max(once, 1e-7)))
    return medianSeconds(repeats: repeats, warmup: 0) { for _ in 0..<inner { body() } } / Double(inner)
}
