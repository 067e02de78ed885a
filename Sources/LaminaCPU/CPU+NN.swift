import CLaminaCPU
import LaminaCore

extension CPUBackend {
    /// Shape of `x` as `[outer, n, inner]` around `axis`.
    static func split(_ shape: [Int], _ axis: Int) -> (Int, Int, Int) {
        (ShapeMath.count(Array(shape[..<axis])), shape[axis], ShapeMath.count(Array(shape[(axis + 1)...])))
    }

    /// Row-wise softmax / log-softmax over the last axis (one pass for the max, one for the sum of
    /// exponentials, one to write). Other axes use the composite definition.
    func rowSoftmax(_ x: Tensor, log: Bool) -> Tensor {
        let n = x.shape[x.rank - 1], rows = n == 0 ? 0 : x.count / n
        let out = empty(x.shape, .float32)
        let s = f(x), d = f(out)
        Parallel.forEach(rows, grain: Swift.max(1, 16_384 / Swift.max(n, 1))) { range in
            lamina_softmax_rows(s + range.lowerBound * n, d + range.lowerBound * n, range.count, n, log ? 1 : 0)
        }
        return out
    }

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        guard axis == x.rank - 1 else { return compositeSoftmax(x, axis: axis) }
        return rowSoftmax(x, log: false)
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        guard axis == x.rank - 1 else { return compositeLogSoftmax(x, axis: axis) }
        return rowSoftmax(x, log: true)
    }

    public func softmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        let (outer, n, inner) = CPUBackend.split(y.shape, axis)
        guard inner == 1 else { return compositeSoftmaxBackward(dy, output: y, axis: axis) }
        let out = empty(y.shape, .float32)
        let g = f(dy), p = f(y), d = f(out)
        Parallel.forEach(outer, grain: Swift.max(1, 8192 / Swift.max(n, 1))) { range in
            for r in range {
                let gr = g + r * n, pr = p + r * n, dr = d + r * n
                var dot: Float = 0
                for k in 0..<n { dot += gr[k] * pr[k] }
                for k in 0..<n { dr[k] = pr[k] * (gr[k] - dot) }
            }
        }
        return out
    }

    public func logSoftmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        let (outer, n, inner) = CPUBackend.split(y.shape, axis)
        guard inner == 1 else { return compositeLogSoftmaxBackward(dy, output: y, axis: axis) }
        let out = empty(y.shape, .float32)
        let g = f(dy), p = f(y), d = f(out)
        Parallel.forEach(outer, grain: Swift.max(1, 8192 / Swift.max(n, 1))) { range in
            for r in range {
                let gr = g + r * n, pr = p + r * n, dr = d + r * n
                var sum: Float = 0
                for k in 0..<n { sum += gr[k] }
                lamina_vexp(pr, dr, n)
                for k in 0..<n { dr[k] = gr[k] - dr[k] * sum }
            }
        }
        return out
    }

    public func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> (loss: Tensor, probabilities: Tensor) {
        let rows = logits.shape[0], n = logits.shape[1]
        let logp = rowSoftmax(logits, log: true)
        let loss = empty([rows], .float32), probs = empty(logits.shape, .float32)
        let lp = f(logp), l = f(loss), p = f(probs)
        let sparse = labels.dtype != .float32
        let ids = sparse ? i(labels) : nil, dense = sparse ? nil : f(labels)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(n, 1))) { range in
            for r in range {
                let src = lp + r * n
                lamina_vexp(src, p + r * n, n)
                if let ids {
                    let c = Int(ids[r])
                    l[r] = c >= 0 && c < n ? -src[c] : 0
                } else if let dense {
                    var s: Float = 0
                    for k in 0..<n { s -= dense[r * n + k] * src[k] }
                    l[r] = s
                }
            }
        }
        return (loss, probs)
    }

    public func softmaxCrossEntropyBackward(_ dLoss: Tensor, probabilities: Tensor, labels: Tensor) -> Tensor {
        let rows = probabilities.shape[0], n = probabilities.shape[1]
        let out = empty(probabilities.shape, .float32)
        let p = f(probabilities), g = f(dLoss), d = f(out)
        let sparse = labels.dtype != .float32
        let ids = sparse ? i(labels) : nil, dense = sparse ? nil : f(labels)
        Parallel.forEach(rows, grain: Swift.max(1, 8192 / Swift.max(n, 1))) { range in
            for r in range {
                let pr = p + r * n, dr = d + r * n, gr = g[r]
                if let ids {
                    for k in 0..<n { dr[k] = pr[k] * gr }
                    let c = Int(ids[r])
                    if c >= 0 && c < n { dr[c] -= gr }
                } else if let dense {
                    let y = dense + r * n
                    var mass: Float = 0
                    for k in 0..<n { mass += y[k] }
                    for k in 0..<n { dr[k] = (pr[k] * mass - y[k]) * gr }
                }
            }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
