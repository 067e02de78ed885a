import LaminaCore

/// Batch normalization over all axes but the last (channels), fused: per-channel mean and
/// variance in two passes with per-thread partial sums, then one pass for the output; the
/// backward pass likewise computes Σdy and Σdy·x̂ then writes dx in one pass.
extension CPUBackend {
    /// Per-channel column sums of `value(row, c)` over all rows, split across threads.
    func channelSums(rows: Int, channels: Int, _ value: @escaping (Int, Int) -> Float) -> [Float] {
        let chunks = max(1, min(Parallel.workers, rows / 256))
        var partial = [[Double]](repeating: [Double](repeating: 0, count: channels), count: chunks)
        partial.withUnsafeMutableBufferPointer { parts in
            let base = parts.baseAddress!
            Parallel.forEach(chunks, grain: 1) { range in
                for k in range {
                    let lo = rows * k / chunks, hi = rows * (k + 1) / chunks
                    var acc = [Float](repeating: 0, count: channels)
                    var blockCount = 0
                    for r in lo..<hi {
                        for c in 0..<channels { acc[c] += value(r, c) }
                        blockCount += 1
                        if blockCount == 64 {   // flush to Double every 64 rows to bound rounding
                            for c in 0..<channels { base[k][c] += Double(acc[c]); acc[c] = 0 }
                            blockCount = 0
                        }
                    }
                    for c in 0..<channels { base[k][c] += Double(acc[c]) }
                }
            }
        }
        var out = [Float](repeating: 0, count: channels)
        for c in 0..<channels { out[c] = Float(partial.reduce(0) { $0 + $1[c] }) }
        return out
    }

    public func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let c = x.shape[x.rank - 1], rows = c == 0 ? 0 : x.count / c
        let px = f(x), pg = f(gamma), pb = f(beta)
        let n = Float(max(rows, 1))
        let sums = channelSums(rows: rows, channels: c) { r, ch in px[r * c + ch] }
        let mean = sums.map { rows == 0 ? Float.nan : $0 / n }
        let sq = channelSums(rows: rows, channels: c) { r, ch in let d = px[r * c + ch] - mean[ch]; return d * d }
        let variance = sq.map { rows == 0 ? Float.nan : $0 / n }
        let scale = (0..<c).map { pg[$0] / (variance[$0] + epsilon).squareRoot() }
        let shift = (0..<c).map { pb[$0] - mean[$0] * scale[$0] }
        let out = empty(x.shape, .float32)
        let py = f(out)
        Parallel.forEach(rows, grain: max(1, 16_384 / max(c, 1))) { range in
            for r in range { for ch in 0..<c { py[r * c + ch] = px[r * c + ch] * scale[ch] + shift[ch] } }
        }
        return (out, Tensor(mean, on: self), Tensor(variance, on: self))
    }

    public func batchNormTrainingBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor,
                                          epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let c = x.shape[x.rank - 1], rows = c == 0 ? 0 : x.count / c
        let px = f(x), pdy = f(dy), pg = f(gamma), pm = f(mean), pv = f(variance)
        let inv = (0..<c).map { 1 / (pv[$0] + epsilon).squareRoot() }
        let mu = (0..<c).map { pm[$0] }
        let dBeta = channelSums(rows: rows, channels: c) { r, ch in pdy[r * c + ch] }
        let dGamma = channelSums(rows: rows, channels: c) { r, ch in pdy[r * c + ch] * (px[r * c + ch] - mu[ch]) * inv[ch] }
        let n = Float(max(rows, 1))
        let k1 = (0..<c).map { pg[$0] * inv[$0] / n }
        let dx = empty(x.shape, .float32)
        let pdx = f(dx)
        Parallel.forEach(rows, grain: max(1, 16_384 / max(c, 1))) { range in
            for r in range {
                for ch in 0..<c {
                    let xhat = (px[r * c + ch] - mu[ch]) * inv[ch]
                    pdx[r * c + ch] = k1[ch] * (n * pdy[r * c + ch] - dBeta[ch] - xhat * dGamma[ch])
                }
            }
        }
        return (dx, Tensor(dGamma, on: self), Tensor(dBeta, on: self))
    }
}
