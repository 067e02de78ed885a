import LaminaCore

/// Iterates a contiguous output of `shape` together with up to three operands seen through
/// broadcast strides, as a sequence of innermost "runs". Dimensions of size 1 are dropped and
/// neighbouring dimensions that are contiguous in every operand are merged first, so the common
/// cases (same shape, scalar, bias over rows) become one long run or a few long runs.
struct StridedLoop {
    private(set) var dims: [Int] = []
    private(set) var strides: [[Int]]
    let count: Int

    init(shape: [Int], operands: [[Int]]) {
        count = ShapeMath.count(shape)
        strides = Array(repeating: [], count: operands.count)
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = dims.indices.last,
               (0..<operands.count).allSatisfy({ strides[$0][last] == operands[$0][d] * shape[d] }) {
                dims[last] *= shape[d]
                for k in 0..<operands.count { strides[k][last] = operands[k][d] }
            } else {
                dims.append(shape[d])
                for k in 0..<operands.count { strides[k].append(operands[k][d]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            for k in 0..<operands.count { strides[k] = [0] }
        }
    }

    /// For the output of `shape` with the given input shapes (broadcast to it).
    init(shape: [Int], inputs: [[Int]]) {
        self.init(shape: shape, operands: inputs.map { ShapeMath.broadcastStrides($0, to: shape) })
    }

    /// Length of each run and each operand's stride within a run.
    var run: Int { dims[dims.count - 1] }
    func innerStride(_ k: Int) -> Int { strides[k][dims.count - 1] }

    /// Calls `body(outOffset, offsets, runLength)` for every run, split over threads.
    /// `offsets` holds one start offset per operand.
    func forEachRun(grain: Int = 32_768, _ body: (Int, UnsafePointer<Int>, Int) -> Void) {
        let run = self.run
        let outer = count / max(run, 1)
        guard count > 0 else { return }
        let rank = dims.count, k = strides.count
        Parallel.forEach(outer, grain: max(1, grain / max(run, 1))) { range in
            var index = [Int](repeating: 0, count: rank)
            var offsets = [Int](repeating: 0, count: max(k, 1))
            // Start position of this chunk.
            var rem = range.lowerBound
            for d in stride(from: rank - 2, through: 0, by: -1) {
                index[d] = rem % dims[d]
                rem /= dims[d]
            }
            for j in 0..<k {
                var o = 0
                for d in 0..<(rank - 1) { o += index[d] * strides[j][d] }
                offsets[j] = o
            }
            offsets.withUnsafeMutableBufferPointer { offs in
                for r in range {
                    body(r * run, UnsafePointer(offs.baseAddress!), run)
                    // Advance the multi-index over the outer dimensions.
                    var d = rank - 2
                    while d >= 0 {
                        index[d] += 1
                        for j in 0..<k { offs[j] += strides[j][d] }
                        if index[d] < dims[d] { break }
                        for j in 0..<k { offs[j] -= strides[j][d] * dims[d] }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
}
