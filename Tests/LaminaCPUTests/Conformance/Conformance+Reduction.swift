import LaminaCore

// reduce (every op over no, one, several and all axes) and argReduce (ties → first index).

private let reductionShapes: [[Int]] = {
    var s: [[Int]] = [[], [0], [1], [7], [17], [1000], [100_003], [3, 4], [2, 3, 4], [2, 0, 3], [1, 5, 1],
                      [4, 1, 3, 2], [17, 1000], [1000, 17], [3, 33_335], [5, 0]]
    var r = CaseListRandom("reduce")
    s.append(r.shape(rank: 3, allowEmpty: false))
    s.append(r.shape(rank: 4))
    return s
}()

/// No axes, each single axis, a few pairs, all axes, and one random subset (sorted, as callers pass them).
private func axisSets(rank: Int, _ r: inout CaseListRandom) -> [[Int]] {
    var sets: [[Int]] = [[]]
    for a in 0..<rank { sets.append([a]) }
    if rank >= 3 { sets += [[0, rank - 1], [0, 1], [1, rank - 1]] }
    if rank >= 2 { sets.append(Array(0..<rank)) }
    sets.append(r.subset(of: rank))
    var seen = Set<[Int]>()
    return sets.filter { seen.insert($0).inserted }
}

func reductionCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    var r = CaseListRandom("reduce-axes")
    for s in reductionShapes {
        for axes in axisSets(rank: s.count, &r) {
            let length = axes.reduce(1) { $0 * s[$1] }
            let where_ = "\(shapes(s)) axes \(axes)"
            for op in ReduceOp.allCases {
                // Values whose sums and products are exact in Float32: any summation order must agree.
                cases.append(ConformanceCase("reduce.\(op) float32 exact-valued \(where_)", tolerance: Tolerance(rel: 1e-6, abs: 0),
                                             inputs: { rng in [exactReductionInput(op, s, &rng)] },
                                             body: { b, x in [.tensor(b.reduce(op, x[0], axes: axes))] }))
                // Random values, with a tolerance that grows with the reduction length.
                if op == .sum || op == .mean || op == .prod {
                    let tol: Tolerance = op == .prod ? Tolerance(rel: 1e-5 + 2e-7 * Double(length), abs: 1e-6)
                        : op == .mean ? Tolerance(rel: 1e-5, abs: 1e-6 + 2e-7 * Double(length).squareRoot())
                        : .accumulation(length: length)
                    cases.append(ConformanceCase("reduce.\(op) float32 random \(where_)", tolerance: tol, inputs: { rng in
                        if op == .prod {
                            let w: Float = length > 2000 ? 0.01 : 0.1
                            return [rng.uniform(s, 1 - w, 1 + w)]
                        }
                        return [rng.uniform(s)]
                    }, body: { b, x in [.tensor(b.reduce(op, x[0], axes: axes))] }))
                }
                // Int32: no empty max/min/mean (not meaningful), prod only where it cannot overflow.
                let emptyReduction = length == 0
                let intOK = op == .prod ? length <= 20 : !(emptyReduction && op != .sum)
                if intOK {
                    cases.append(ConformanceCase("reduce.\(op) int32 \(where_)", inputs: { rng in
                        [op == .prod ? rng.int32(s, -2, 2) : rng.int32(s, -100, 100)]
                    }, body: { b, x in [.tensor(b.reduce(op, x[0], axes: axes))] }))
                }
            }
        }
    }
    // Int32 products wrap around (two's complement), like NumPy.
    for s in [[7], [17], [1000]] as [[Int]] {
        cases.append(ConformanceCase("reduce.prod int32 wrapping \(shapes(s)) axes [0]", inputs: { rng in
            [rng.int32(s, -1000, 1000)]
        }, body: { b, x in [.tensor(b.reduce(.prod, x[0], axes: [0]))] }))
    }
    // NaN propagates through max and min.
    for op in [ReduceOp.max, .min, .sum] {
        for s in [[7], [1000], [100_003], [17, 1000]] as [[Int]] {
            for axes in Set([[0], Array(0..<s.count)]).sorted(by: { $0.count < $1.count }) {
                cases.append(ConformanceCase("reduce.\(op) float32 with NaN \(shapes(s)) axes \(axes)", inputs: { rng in
                    var v = rng.floats(ShapeMath.count(s), -1, 1)
                    for k in stride(from: 5, to: v.count, by: 997) { v[k] = .nan }
                    return [.f(s, v)]
                }, body: { b, x in [.tensor(b.reduce(op, x[0], axes: axes))] }))
            }
        }
    }

    // argmax / argmin along each non-empty axis; few distinct values, so ties are everywhere.
    let argShapes: [[Int]] = [[1], [7], [17], [1000], [100_003], [3, 4], [2, 3, 4], [2, 0, 3], [4, 1, 3, 2],
                              [17, 1000], [1000, 17], [1, 5, 1]]
    for s in argShapes {
        for axis in 0..<s.count where s[axis] > 0 {
            for op in ArgReduceOp.allCases {
                let where_ = "\(shapes(s)) axis \(axis)"
                cases.append(ConformanceCase("argReduce.\(op) float32 \(where_)", inputs: { rng in [rng.integral(s, 0, 3)] },
                                             body: { b, x in [.tensor(b.argReduce(op, x[0], axis: axis))] }))
                cases.append(ConformanceCase("argReduce.\(op) float32 distinct \(where_)", inputs: { rng in [rng.uniform(s)] },
                                             body: { b, x in [.tensor(b.argReduce(op, x[0], axis: axis))] }))
                cases.append(ConformanceCase("argReduce.\(op) int32 \(where_)", inputs: { rng in [rng.int32(s, -2, 2)] },
                                             body: { b, x in [.tensor(b.argReduce(op, x[0], axis: axis))] }))
            }
        }
    }
    // A NaN counts as the extreme element (the first NaN wins), as in NumPy.
    for op in ArgReduceOp.allCases {
        for s in [[7], [1000], [17, 33]] as [[Int]] {
            cases.append(ConformanceCase("argReduce.\(op) float32 with NaN \(shapes(s)) axis 0", inputs: { rng in
                var v = rng.floats(ShapeMath.count(s), -1, 1)
                for k in stride(from: 3, to: v.count, by: 11) { v[k] = .nan }
                return [.f(s, v)]
            }, body: { b, x in [.tensor(b.argReduce(op, x[0], axis: 0))] }))
        }
    }
    return cases
}

/// Inputs on which every summation or multiplication order gives the same Float32 result.
private func exactReductionInput(_ op: ReduceOp, _ s: [Int], _ rng: inout SeededGenerator) -> HostTensor {
    let n = ShapeMath.count(s)
    switch op {
    case .sum, .mean: return rng.integral(s, -3, 3)
    case .max, .min: return rng.uniform(s)
    case .prod:
        // ±1 mostly, sometimes ±2 or ±0.5: products are exact powers of two and stay in range.
        return .f(s, (0..<n).map { _ in
            let sign: Float = Bool.random(using: &rng) ? 1 : -1
            switch Int.random(in: 0..<100, using: &rng) {
            case 0: return 2 * sign
            case 1: return 0.5 * sign
            default: return sign
            }
        })
    }
}
