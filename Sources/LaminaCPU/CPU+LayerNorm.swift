import LaminaCore

/// Layer and RMS normalization over the last axis, one row per task: statistics in Double-free
/// two-pass sums, then one pass to write; the backward passes reduce per row and accumulate the
/// per-channel gamma/scale gradients in per-thread partial sums.
extension CPUBackend {
    /// Rows and channels of x `[..., C]`.
    @inline(__always) func rowsAndChannels(_ x: Tensor) -> (Int, Int) {
        let c = x.shape[x.rank - 1]
        return (c == 0 ? 0 : x.count / c, c)
    }

    /// Per-channel sums over rows of `value(row, c)`, in per-thread partials.
    func channelPartials(rows: Int, channels c: Int, _ body: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        let chunks = Swift.max(1, Swift.min(Parallel.workers, rows / 64))
        var partial = [Float](repeating: 0, count: chunks * c)
        partial.withUnsafeMutableBufferPointer { parts in
            let base = parts.baseAddress!
            Parallel.forEach(chunks, grain: 1) { range in
                for k in range {
                    for r in (rows * k / chunks)..<(rows * (k + 1) / chunks) { body(r, base + k * c) }
                }
            }
        }
        var out = [Float](repeating: 0, count: c)
        for k in 0..<chunks { for j in 0..<c { out[j] += partial[k * c + j] } }
        return out
    }

    public func layerNorm(_ x: Tensor, gamma: Tensor?, beta: Tensor?, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let (rows, c) = rowsAndChannels(x)
        let out = empty(x.shape, .float32), mean = empty([rows], .float32), inv = empty([rows], .float32)
        let px = f(x), py = f(out), pm = f(mean), pi = f(inv)
        let pg = gamma.map { f($0) }, pb = beta.map { f($0) }
        let n = Float(c)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(c, 1))) { range in
            for r in range {
                let xr = px + r * c, yr = py + r * c
                var s: Float = 0
                for j in 0..<c { s += xr[j] }
                let mu = s / n
                var v: Float = 0
                for j in 0..<c { let d = xr[j] - mu; v += d * d }
                let iv = 1 / (v / n + epsilon).squareRoot()
                pm[r] = mu
                pi[r] = iv
                for j in 0..<c {
                    var y = (xr[j] - mu) * iv
                    if let pg { y *= pg[j] }
                    if let pb { y += pb[j] }
                    yr[j] = y
                }
            }
        }
        return (out, mean, inv)
    }

    public func layerNormBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor?, mean: Tensor, invStd: Tensor) -> (Tensor, Tensor, Tensor) {
        let (rows, c) = rowsAndChannels(x)
        let dx = empty(x.shape, .float32)
        let px = f(x), pdy = f(dy), pdx = f(dx), pm = f(mean), pi = f(invStd)
        let pg = gamma.map { f($0) }
        let n = Float(c)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(c, 1))) { range in
            for r in range {
                let xr = px + r * c, gr = pdy + r * c, dr = pdx + r * c
                let mu = pm[r], iv = pi[r]
                var sg: Float = 0, sgx: Float = 0
                for j in 0..<c {
                    let g = pg.map { gr[j] * $0[j] } ?? gr[j]
                    sg += g
                    sgx += g * (xr[j] - mu) * iv
                }
                sg /= n
                sgx /= n
                for j in 0..<c {
                    let g = pg.map { gr[j] * $0[j] } ?? gr[j]
                    dr[j] = (g - sg - (xr[j] - mu) * iv * sgx) * iv
                }
            }
        }
        let dGamma = channelPartials(rows: rows, channels: c) { r, acc in
            let mu = pm[r], iv = pi[r]
            for j in 0..<c { acc[j] += pdy[r * c + j] * (px[r * c + j] - mu) * iv }
        }
        let dBeta = channelPartials(rows: rows, channels: c) { r, acc in
            for j in 0..<c { acc[j] += pdy[r * c + j] }
        }
        return (dx, Tensor(dGamma, on: self), Tensor(dBeta, on: self))
    }

    public func rmsNorm(_ x: Tensor, scale: Tensor?, epsilon: Float) -> (Tensor, Tensor) {
        let (rows, c) = rowsAndChannels(x)
        let out = empty(x.shape, .float32), inv = empty([rows], .float32)
        let px = f(x), py = f(out), pi = f(inv), ps = scale.map { f($0) }
        let n = Float(c)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(c, 1))) { range in
            for r in range {
                let xr = px + r * c, yr = py + r * c
                var s: Float = 0
                for j in 0..<c { s += xr[j] * xr[j] }
                let iv = 1 / (s / n + epsilon).squareRoot()
                pi[r] = iv
                for j in 0..<c { yr[j] = xr[j] * iv * (ps?[j] ?? 1) }
            }
        }
        return (out, inv)
    }

    public func rmsNormBackward(_ dy: Tensor, input x: Tensor, scale: Tensor?, invRms: Tensor) -> (Tensor, Tensor) {
        let (rows, c) = rowsAndChannels(x)
        let dx = empty(x.shape, .float32)
        let px = f(x), pdy = f(dy), pdx = f(dx), pi = f(invRms), ps = scale.map { f($0) }
        let n = Float(c)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(c, 1))) { range in
            for r in range {
                let xr = px + r * c, gr = pdy + r * c, dr = pdx + r * c
                let iv = pi[r]
                var sgx: Float = 0
                for j in 0..<c { sgx += gr[j] * (ps?[j] ?? 1) * xr[j] }
                let k = iv * iv * iv * sgx / n
                for j in 0..<c { dr[j] = gr[j] * (ps?[j] ?? 1) * iv - xr[j] * k }
            }
        }
        let dScale = channelPartials(rows: rows, channels: c) { r, acc in
            let iv = pi[r]
            for j in 0..<c { acc[j] += pdy[r * c + j] * px[r * c + j] * iv }
        }
        return (dx, Tensor(dScale, on: self))
    }
}
