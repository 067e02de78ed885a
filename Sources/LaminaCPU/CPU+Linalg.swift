import LaminaCore

extension CPUBackend {
    static let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112

    /// `C = alpha·op(A)·op(B) + beta·C` for row-major matrices, through OpenBLAS when loaded.
    @inline(__always)
    func sgemm(_ tA: Bool, _ tB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
               _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
               beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        if k == 0 {
            if beta == 0 { for r in 0..<m { (c + r * ldc).update(repeating: 0, count: n) } }
            return
        }
        if let blas = OpenBLAS.shared {
            blas.useThreads(forFlops: 2 * m * n * k)
            Parallel.flushingDenormals {
                blas.sgemm(CPUBackend.rowMajor, tA ? CPUBackend.trans : CPUBackend.noTrans, tB ? CPUBackend.trans : CPUBackend.noTrans,
                           Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            }
        } else {
            CPUBackend.fallbackGemm(tA, tB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
        }
    }

    /// Runs `body(t)` for `t` in `0..<count`, whose largest product has `flops`: in parallel over
    /// `t` on single-threaded sgemms when that product is below the multithreading threshold
    /// (batches of small matrices, e.g. attention per batch and head), else one after the other
    /// with OpenBLAS threading each product.
    func batchedProducts(count: Int, flops: Int, _ body: (Int) -> Void) {
        guard count > 1 && flops < OpenBLAS.multithreadThreshold else {
            for t in 0..<count { body(t) }
            return
        }
        OpenBLAS.shared?.useThreads(forFlops: 0)
        Parallel.forEach(count, grain: Swift.max(1, OpenBLAS.multithreadThreshold / Swift.max(flops, 1))) { r in
            for t in r { body(t) }
        }
    }

    /// A plain blocked gemm for machines without OpenBLAS (correct, not fast).
    static func fallbackGemm(_ tA: Bool, _ tB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        Parallel.forEach(m, grain: Swift.max(1, 4096 / Swift.max(n * k / 64, 1))) { rows in
            var row = [Float](repeating: 0, count: n)
            for r in rows {
                for j in 0..<n { row[j] = 0 }
                for p in 0..<k {
                    let av = tA ? a[p * lda + r] : a[r * lda + p]
                    if tB { for j in 0..<n { row[j] += av * b[j * ldb + p] } } else { for j in 0..<n { row[j] += av * b[p * ldb + j] } }
                }
                let dst = c + r * ldc
                for j in 0..<n { dst[j] = alpha * row[j] + (beta == 0 ? 0 : beta * dst[j]) }
            }
        }
    }

    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let ra = a.rank, rb = b.rank
        let aRows = a.shape[ra - 2], aCols = a.shape[ra - 1], bRows = b.shape[rb - 2], bCols = b.shape[rb - 1]
        let m = transposeA ? aCols : aRows, k = transposeA ? aRows : aCols, n = transposeB ? bRows : bCols
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = ShapeMath.broadcast(batchA, batchB)!
        let out = empty(batch + [m, n], .float32)
        let pa = UnsafePointer(f(a)), pb = UnsafePointer(f(b)), pc = f(out)
        let count = ShapeMath.count(batch)
        // [..., M, K] × [K, N]: all rows of A in one call.
        if !transposeA && ShapeMath.count(batchB) == 1 && batchA == batch {
            sgemm(false, transposeB, m: count * m, n: n, k: k, pa, lda: aCols, pb, ldb: bCols, beta: 0, pc, ldc: n)
            return out
        }
        let aOff = CPUBackend.batchOffsets(batchA, batch), bOff = CPUBackend.batchOffsets(batchB, batch)
        batchedProducts(count: count, flops: 2 * m * n * k) { t in
            sgemm(transposeA, transposeB, m: m, n: n, k: k, pa + aOff[t] * aRows * aCols, lda: aCols,
                  pb + bOff[t] * bRows * bCols, ldb: bCols, beta: 0, pc + t * m * n, ldc: n)
        }
        return out
    }

    /// Index of the matrix of an operand with batch shape `own` for each matrix of `batch`.
    static func batchOffsets(_ own: [Int], _ batch: [Int]) -> [Int] {
        let strides = ShapeMath.broadcastStrides(own, to: batch)
        let n = ShapeMath.count(batch)
        var out = [Int](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: batch.count)
        for t in 0..<n {
            var o = 0
            for d in 0..<batch.count { o += index[d] * strides[d] }
            out[t] = o
            var d = batch.count - 1
            while d >= 0 { index[d] += 1; if index[d] < batch[d] { break }; index[d] = 0; d -= 1 }
        }
        return out
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let inputs = weight.shape[0], units = weight.shape[1]
        let rows = inputs == 0 ? x.count : x.count / inputs
        let out = empty(Array(x.shape.dropLast()) + [units], .float32)
        let pc = f(out)
        if let bias {
            let pb = f(bias)
            Parallel.forEach(rows, grain: Swift.max(1, 65_536 / Swift.max(units, 1))) { r in
                for row in r { (pc + row * units).update(from: pb, count: units) }
            }
        }
        sgemm(false, false, m: rows, n: units, k: inputs, f(x), lda: inputs, f(weight), ldb: units,
              beta: bias == nil ? 0 : 1, pc, ldc: units)
        return out
    }

    public func linearBackward(_ dy: Tensor, x: Tensor, weight: Tensor, hasBias: Bool) -> (Tensor, Tensor, Tensor?) {
        let inputs = weight.shape[0], units = weight.shape[1]
        let rows = inputs > 0 ? x.count / inputs : (units > 0 ? dy.count / units : 0)
        let dx = empty(x.shape, .float32), dw = empty(weight.shape, .float32)
        sgemm(false, true, m: rows, n: inputs, k: units, f(dy), lda: units, f(weight), ldb: units, beta: 0, f(dx), ldc: inputs)
        sgemm(true, false, m: inputs, n: units, k: rows, f(x), lda: inputs, f(dy), ldb: units, beta: 0, f(dw), ldc: units)
        let db = hasBias ? reduce(.sum, dy.rawReshaped([rows, units]), axes: [0]) : nil
        return (dx, dw, db)
    }
}
