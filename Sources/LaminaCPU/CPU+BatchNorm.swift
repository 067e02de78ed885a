import CLaminaCPU
import LaminaCore

/// Batch normalization over all axes but the last (channels), fused into the C passes of
/// batchnorm.c, threaded over rows: forward, the statistics in one read (sums shifted by the
/// first row, accumulated in double across threads and blocks) and the output in one
/// read-and-write; backward, Σdy and Σdy·(x − mean) in one read, then dx in one pass.
extension CPUBackend {
    /// Row chunks for the reductions: each worker a contiguous range, at least 256 rows.
    func rowChunks(_ rows: Int) -> Int { Swift.max(1, Swift.min(Parallel.workers, rows / 256)) }

    /// Per-channel double sums over all rows, from per-chunk partial sums `body(r0, r1, s1, s2)`.
    func channelSums(rows: Int, channels c: Int,
                     _ body: (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> ([Double], [Double]) {
        let chunks = rowChunks(rows)
        var partial = [Double](repeating: 0, count: 2 * chunks * c)
        partial.withUnsafeMutableBufferPointer { parts in
            let base = parts.baseAddress!
            Parallel.forEach(chunks, grain: 1) { range in
                for k in range {
                    body(rows * k / chunks, rows * (k + 1) / chunks, base + 2 * k * c, base + (2 * k + 1) * c)
                }
            }
        }
        var s1 = [Double](repeating: 0, count: c), s2 = [Double](repeating: 0, count: c)
        for k in 0..<chunks {
            for ch in 0..<c { s1[ch] += partial[2 * k * c + ch]; s2[ch] += partial[(2 * k + 1) * c + ch] }
        }
        return (s1, s2)
    }

    public func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let c = x.shape[x.rank - 1], rows = c == 0 ? 0 : x.count / c
        let px = UnsafePointer(f(x)), pg = f(gamma), pb = f(beta)
        let n = Double(Swift.max(rows, 1))
        // Sums of x − pivot (the first row) and its square: the shift keeps the variance from cancelling.
        let pivot = rows > 0 ? Array(UnsafeBufferPointer(start: px, count: c)) : [Float](repeating: 0, count: c)
        let (s1, s2) = pivot.withUnsafeBufferPointer { pv in
            channelSums(rows: rows, channels: c) { r0, r1, a, b in lamina_bn_moments(px, c, r0, r1, pv.baseAddress, a, b) }
        }
        var mean = [Float](repeating: .nan, count: c), variance = [Float](repeating: .nan, count: c)
        if rows > 0 {
            for ch in 0..<c {
                let m = s1[ch] / n
                mean[ch] = Float(Double(pivot[ch]) + m)
                variance[ch] = Float(Swift.max(s2[ch] / n - m * m, 0))
            }
        }
        let scale = (0..<c).map { pg[$0] / (variance[$0] + epsilon).squareRoot() }
        let out = empty(x.shape, .float32), py = f(out)
        mean.withUnsafeBufferPointer { mp in
            scale.withUnsafeBufferPointer { sc in
                Parallel.forEach(rows, grain: Swift.max(1, 16_384 / Swift.max(c, 1))) { r in
                    lamina_bn_apply(px, py, c, r.lowerBound, r.upperBound, mp.baseAddress, sc.baseAddress, pb, 0)
                }
            }
        }
        return (out, Tensor(mean, on: self), Tensor(variance, on: self))
    }

    public func batchNormTrainingBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor,
                                          epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let c = x.shape[x.rank - 1], rows = c == 0 ? 0 : x.count / c
        let px = UnsafePointer(f(x)), pdy = UnsafePointer(f(dy)), pg = f(gamma), pm = UnsafePointer(f(mean)), pv = f(variance)
        let inv = (0..<c).map { 1 / (pv[$0] + epsilon).squareRoot() }
        let (sdy, sdyx) = channelSums(rows: rows, channels: c) { r0, r1, a, b in lamina_bn_grad_sums(pdy, px, c, r0, r1, pm, a, b) }
        let dBeta = sdy.map { Float($0) }
        let dGamma = (0..<c).map { rows == 0 ? 0 : Float(sdyx[$0]) * inv[$0] }
        let n = Float(Swift.max(rows, 1))
        let k1 = (0..<c).map { pg[$0] * inv[$0] / n }
        let dx = empty(x.shape, .float32), pdx = f(dx)
        inv.withUnsafeBufferPointer { iv in
            k1.withUnsafeBufferPointer { kk in
                dBeta.withUnsafeBufferPointer { db in
                    dGamma.withUnsafeBufferPointer { dg in
                        Parallel.forEach(rows, grain: Swift.max(1, 16_384 / Swift.max(c, 1))) { r in
                            lamina_bn_backward(pdy, px, pdx, c, r.lowerBound, r.upperBound, pm, iv.baseAddress, kk.baseAddress, n,
                                               db.baseAddress, dg.baseAddress)
                        }
                    }
                }
            }
        }
        return (dx, Tensor(dGamma, on: self), Tensor(dBeta, on: self))
    }
}
