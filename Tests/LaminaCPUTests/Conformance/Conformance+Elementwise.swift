import LaminaCore

// unary, binary (with broadcasting), select, cast.

/// Float inputs inside each unary op's domain, and how close the result must be.
private func unaryDomain(_ op: UnaryOp) -> (lo: Float, hi: Float, tolerance: Tolerance) {
    switch op {
    case .neg, .abs, .sign, .square, .relu, .floor, .ceil, .round: return (-10, 10, .exact)
    case .exp, .expm1: return (-15, 15, .transcendental)
    case .softplus: return (-20, 20, .transcendental)
    case .log, .sqrt, .rsqrt: return (1e-3, 100, .standard)
    case .reciprocal: return (1e-2, 100, .standard)
    case .log1p: return (-0.99, 10, .standard)
    case .tanh, .sin, .cos: return (-10, 10, .standard)
    case .sigmoid: return (-20, 20, .standard)
    case .erf: return (-4, 4, .standard)
    case .logicalNot: return (-2, 2, .exact)
    }
}

/// Broadcasting pairs: equal shapes at chunk edges, scalars, size-1 dims on either side and in every
/// position, missing leading dims, empty dims, and a few random pairs.
private func binaryShapePairs() -> [([Int], [Int])] {
    var pairs: [([Int], [Int])] = [
        ([], []), ([], [7]), ([7], []), ([1], [7]), ([7], [7]), ([16], [16]), ([17], [17]),
        ([1000], [1000]), ([100_003], [100_003]), ([100_003], []), ([1], [100_003]),
        ([3, 1], [1, 4]), ([1, 17], [16, 1]), ([2, 3, 4], [4]), ([4], [2, 3, 4]), ([2, 1, 4], [3, 1]),
        ([2, 1, 3, 1, 5], [4, 1, 6, 1]), ([17, 1000], [1000]), ([1000, 17], [1000, 1]),
        ([0], [0]), ([0], [1]), ([0, 3], [1, 3]), ([3, 0], [3, 1]), ([2, 0, 4], [4]), ([], [2, 0]),
        // [..., c] with a [c] vector (the CPU backend's row pass): channels of a conv layer, the vector
        // first, with leading 1s, or ranked higher than the matrix's other dims.
        ([64, 8, 8, 16], [16]), ([16], [64, 8, 8, 16]), ([3, 1, 33], [1, 1, 33]), ([1, 16], [5, 1, 16]),
    ]
    var r = CaseListRandom("binary")
    for rank in [1, 2, 3, 4] { pairs.append(r.broadcastPair(rank: rank)) }
    var seen = Set<String>()
    return pairs.filter { seen.insert(shapes($0.0, $0.1)).inserted }
}

func elementwiseCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []

    // Unary: every op on float32; neg/abs/sign/square on int32; logicalNot on bool.
    for op in UnaryOp.allCases where op != .logicalNot {
        let d = unaryDomain(op)
        for s in edgeShapes {
            cases.append(ConformanceCase("unary.\(op) float32 \(shapes(s))", tolerance: d.tolerance, inputs: { rng in
                let n = ShapeMath.count(s)
                if op == .round {  // ties (k + 0.5) must round to even
                    return [.f(s, rng.integralFloats(n, -20, 20).map { $0 * 0.5 })]
                }
                if op == .reciprocal { return [.f(s, rng.signedFloats(n, magnitude: d.lo, d.hi))] }
                return [rng.uniform(s, d.lo, d.hi)]
            }, body: { b, x in [.tensor(b.unary(op, x[0]))] }))
        }
    }
    for op in [UnaryOp.neg, .abs, .sign, .square] {
        for s in edgeShapes {
            cases.append(ConformanceCase("unary.\(op) int32 \(shapes(s))", inputs: { rng in [rng.int32(s, -1000, 1000)] },
                                         body: { b, x in [.tensor(b.unary(op, x[0]))] }))
        }
    }
    for s in edgeShapes {
        cases.append(ConformanceCase("unary.logicalNot bool \(shapes(s))", inputs: { rng in [rng.bool(s)] },
                                     body: { b, x in [.tensor(b.unary(.logicalNot, x[0]))] }))
    }

    // Binary: every op on float32 and int32, every broadcasting pair.
    let pairs = binaryShapePairs()
    for op in BinaryOp.allCases {
        for (sa, sb) in pairs {
            let name = "\(shapes(sa, sb))"
            let tol: Tolerance = op == .pow ? .transcendental : .standard
            cases.append(ConformanceCase("binary.\(op) float32 \(name)", tolerance: tol, inputs: { rng in
                floatBinaryInputs(op, sa, sb, &rng)
            }, body: { b, x in [.tensor(b.binary(op, x[0], x[1]))] }))
            cases.append(ConformanceCase("binary.\(op) int32 \(name)", inputs: { rng in
                intBinaryInputs(op, sa, sb, &rng)
            }, body: { b, x in [.tensor(b.binary(op, x[0], x[1]))] }))
        }
    }
    // Comparisons and logical ops on bool.
    for op in BinaryOp.allCases where op.isComparison {
        for (sa, sb) in pairs where ShapeMath.count(sa) <= 1000 || op == .logicalAnd {
            cases.append(ConformanceCase("binary.\(op) bool \(shapes(sa, sb))", inputs: { rng in
                [rng.bool(sa), rng.bool(sb)]
            }, body: { b, x in [.tensor(b.binary(op, x[0], x[1]))] }))
        }
    }
    // Int32 arithmetic wraps around (two's complement), as the reference specifies.
    for op in [BinaryOp.add, .sub, .mul] {
        for s in [[7], [1000], [100_003]] {
            cases.append(ConformanceCase("binary.\(op) int32 wrapping \(shapes(s, s))", inputs: { rng in
                [.i(s, rng.ints(ShapeMath.count(s), .min + 1, .max)), .i(s, rng.ints(ShapeMath.count(s), .min + 1, .max))]
            }, body: { b, x in [.tensor(b.binary(op, x[0], x[1]))] }))
        }
    }
    // NaN propagates through maximum and minimum (either side), as in NumPy.
    for op in [BinaryOp.maximum, .minimum] {
        for s in [[7], [17], [1000]] {
            cases.append(ConformanceCase("binary.\(op) float32 with NaN \(shapes(s, s))", inputs: { rng in
                var a = rng.floats(ShapeMath.count(s), -1, 1), c = rng.floats(ShapeMath.count(s), -1, 1)
                for k in stride(from: 0, to: a.count, by: 3) { a[k] = .nan }
                for k in stride(from: 1, to: c.count, by: 5) { c[k] = .nan }
                return [.f(s, a), .f(s, c)]
            }, body: { b, x in [.tensor(b.binary(op, x[0], x[1]))] }))
        }
    }

    // Select: condition of every dtype, values float32 or int32, broadcasting across all three.
    let triples: [([Int], [Int], [Int])] = [
        ([], [], []), ([7], [7], [7]), ([17], [], [17]), ([3, 1], [1, 4], []), ([1, 4], [3, 1], [3, 4]),
        ([2, 1, 3], [4, 1], [1, 3]), ([2, 0, 3], [3], [1]), ([0], [], [0]), ([100_003], [100_003], [100_003]),
        ([17, 1000], [1000], [17, 1]),
    ]
    for (sc, sa, sb) in triples {
        for condType in [DType.bool, .int32, .float32] {
            for valueType in [DType.float32, .int32] {
                cases.append(ConformanceCase("select cond \(condType) values \(valueType) \(shapes(sc, sa, sb))", inputs: { rng in
                    let cond: HostTensor
                    switch condType {
                    case .bool: cond = rng.bool(sc)
                    case .int32: cond = rng.int32(sc, -1, 1)
                    case .float32: cond = rng.integral(sc, -1, 1)
                    }
                    if valueType == .float32 { return [cond, rng.uniform(sa), rng.uniform(sb)] }
                    return [cond, rng.int32(sa), rng.int32(sb)]
                }, body: { b, x in [.tensor(b.select(x[0], x[1], x[2]))] }))
            }
        }
    }

    // Cast between every pair of dtypes.
    for from in [DType.float32, .int32, .bool] {
        for to in [DType.float32, .int32, .bool] {
            for s in [[], [0], [7], [17], [1000], [100_003], [2, 0, 3]] as [[Int]] {
                cases.append(ConformanceCase("cast \(from)→\(to) \(shapes(s))", inputs: { rng in
                    [castInput(from, s, &rng)]
                }, body: { b, x in [.tensor(b.cast(x[0], to: to))] }))
            }
        }
    }
    return cases
}

private func floatBinaryInputs(_ op: BinaryOp, _ sa: [Int], _ sb: [Int], _ rng: inout SeededGenerator) -> [HostTensor] {
    let na = ShapeMath.count(sa), nb = ShapeMath.count(sb)
    switch op {
    case .add, .sub, .mul, .maximum, .minimum:
        return [rng.uniform(sa, -10, 10), rng.uniform(sb, -10, 10)]
    case .div:
        return [rng.uniform(sa, -10, 10), .f(sb, rng.signedFloats(nb, magnitude: 0.1, 10))]
    case .mod:
        return [rng.uniform(sa, -10, 10), .f(sb, rng.signedFloats(nb, magnitude: 0.5, 5))]
    case .pow:
        return [.f(sa, rng.floats(na, 0.1, 10)), rng.uniform(sb, -3, 3)]
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
        return [rng.integral(sa, -2, 2), rng.integral(sb, -2, 2)]  // many ties
    case .logicalAnd, .logicalOr:
        return [rng.integral(sa, -1, 1), rng.integral(sb, -1, 1)]  // many zeros
    }
}

private func intBinaryInputs(_ op: BinaryOp, _ sa: [Int], _ sb: [Int], _ rng: inout SeededGenerator) -> [HostTensor] {
    switch op {
    case .add, .sub, .mul, .maximum, .minimum: return [rng.int32(sa, -1000, 1000), rng.int32(sb, -1000, 1000)]
    case .div, .mod: return [rng.int32(sa, -100, 100), rng.int32(sb, -5, 5)]  // floor semantics; x/0 and x%0 are 0
    case .pow: return [rng.int32(sa, -5, 5), rng.int32(sb, 0, 6)]
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return [rng.int32(sa, -2, 2), rng.int32(sb, -2, 2)]
    case .logicalAnd, .logicalOr: return [rng.int32(sa, -1, 1), rng.int32(sb, -1, 1)]
    }
}

/// Values that exercise each conversion: fractions of both signs (truncation), zeros (to bool),
/// and ints beyond 2^24 (rounding to float).
private func castInput(_ dtype: DType, _ s: [Int], _ rng: inout SeededGenerator) -> HostTensor {
    let n = ShapeMath.count(s)
    switch dtype {
    case .float32:
        let small = rng.integralFloats(n, -4, 4).map { $0 * 0.75 }, wide = rng.floats(n, -1e6, 1e6)
        return .f(s, (0..<n).map { $0 % 2 == 0 ? small[$0] : wide[$0] })
    case .int32:
        let small = rng.ints(n, -3, 3), wide = rng.ints(n, .min, .max)
        return .i(s, (0..<n).map { $0 % 2 == 0 ? small[$0] : wide[$0] })
    case .bool:
        return rng.bool(s)
    }
}
