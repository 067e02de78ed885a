import LaminaCore

// matmul: all four transpose combinations (the only non-contiguous views a backend sees), batched
// and broadcast batches, M/N/K of 0 and 1, tile edges, and the tall-skinny MLP shape.

func linalgCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let mkn: [(Int, Int, Int)] = [(1, 1, 1), (1, 7, 1), (3, 4, 5), (7, 16, 17), (16, 17, 1), (1, 33, 65), (65, 1, 3),
                                  (0, 3, 4), (3, 0, 4), (3, 4, 0), (64, 65, 63), (17, 1000, 9)]
    let batches: [([Int], [Int])] = [([], []), ([2], [2]), ([2, 1], [3]), ([], [4]), ([5], []), ([2, 1], [1, 5]), ([0], [0])]
    for ta in [false, true] {
        for tb in [false, true] {
            for (m, k, n) in mkn {
                for (bi, (ba, bb)) in batches.enumerated() where bi == 0 || (m <= 16 && n <= 17 && k <= 33) {
                    cases.append(matmulCase(ba, bb, m, k, n, ta, tb, exactValues: false))
                    if bi == 0 || bi == 2 { cases.append(matmulCase(ba, bb, m, k, n, ta, tb, exactValues: true)) }
                }
            }
            // The first Dense layer of an MNIST MLP, forward and both backward products.
            cases.append(matmulCase([], [], 128, 784, 256, ta, tb, exactValues: false))
        }
    }
    cases.append(matmulCase([], [], 128, 784, 256, false, false, exactValues: true))
    cases.append(matmulCase([], [], 784, 128, 256, true, false, exactValues: true))
    return cases
}

/// `a` is `batchA + [M, K]` (`[K, M]` when transposed), `b` is `batchB + [K, N]` (`[N, K]`).
private func matmulCase(_ batchA: [Int], _ batchB: [Int], _ m: Int, _ k: Int, _ n: Int, _ ta: Bool, _ tb: Bool,
                        exactValues: Bool) -> ConformanceCase {
    let sa = batchA + (ta ? [k, m] : [m, k]), sb = batchB + (tb ? [n, k] : [k, n])
    let label = "matmul \(exactValues ? "exact-valued" : "random") \(shapes(sa, sb)) transposeA \(ta) transposeB \(tb)"
    // Integer values in [-2, 2]: every partial sum is exact in Float32, whatever the blocking.
    let tol: Tolerance = exactValues ? .exact : .accumulation(length: k)
    return ConformanceCase(label, tolerance: tol, inputs: { rng in
        exactValues ? [rng.integral(sa, -2, 2), rng.integral(sb, -2, 2)] : [rng.uniform(sa), rng.uniform(sb)]
    }, body: { b, x in [.tensor(b.matmul(x[0], x[1], transposeA: ta, transposeB: tb))] })
}
