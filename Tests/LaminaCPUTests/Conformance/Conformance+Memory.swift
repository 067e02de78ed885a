import LaminaCore

// makeTensor, full, readFloats, readInts, copy.

/// Sizes that straddle typical SIMD widths and thread chunks, plus empty and scalar.
let edgeShapes: [[Int]] = [[], [0], [1], [7], [16], [17], [1000], [100_003], [2, 0, 3], [3, 1, 5]]

func memoryCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let special: [Float] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                            .greatestFiniteMagnitude, -.leastNormalMagnitude, 1e-30, 3.5]

    for s in edgeShapes {
        cases.append(ConformanceCase("makeTensor float32 \(shapes(s))", tolerance: .exact, inputs: { rng in
            let n = ShapeMath.count(s)
            // The first elements are special values (NaN, ±inf, ±0, subnormal), the rest random.
            var v = rng.floats(n, -1e6, 1e6)
            for k in 0..<min(n, special.count) { v[k] = special[k] }
            return [.f(s, v)]
        }, body: { _, x in [.tensor(x[0])] }))
        cases.append(ConformanceCase("makeTensor int32 \(shapes(s))", inputs: { rng in
            [.i(s, rng.ints(ShapeMath.count(s), .min, .max))]
        }, body: { _, x in [.tensor(x[0])] }))
        cases.append(ConformanceCase("makeTensor bool \(shapes(s))", inputs: { rng in [rng.bool(s)] },
                                     body: { _, x in [.tensor(x[0])] }))
    }

    let fullValues: [Float] = [0, 1, 2.7, -2.7, 0.5, -1e6]
    for s in edgeShapes {
        for dtype in [DType.float32, .int32, .bool] {
            for v in fullValues where ShapeMath.count(s) <= 1000 || v == 2.7 {
                cases.append(ConformanceCase("full \(v) \(dtype) \(shapes(s))", inputs: { _ in [] },
                                             body: { b, _ in [.tensor(b.full(v, shape: s, dtype: dtype))] }))
            }
        }
        cases.append(ConformanceCase("full nan float32 \(shapes(s))", inputs: { _ in [] },
                                     body: { b, _ in [.tensor(b.full(.nan, shape: s, dtype: .float32))] }))
    }

    for s in edgeShapes {
        // readInts truncates floats toward zero; readFloats converts ints and bools.
        cases.append(ConformanceCase("readInts float32 \(shapes(s))", inputs: { rng in
            [rng.uniform(s, -1000, 1000)]
        }, body: { b, x in [.values(.i(x[0].shape, b.readInts(x[0])))] }))
        cases.append(ConformanceCase("readInts int32 \(shapes(s))", inputs: { rng in
            [.i(s, rng.ints(ShapeMath.count(s), .min, .max))]
        }, body: { b, x in [.values(.i(x[0].shape, b.readInts(x[0])))] }))
        cases.append(ConformanceCase("readFloats int32 \(shapes(s))", inputs: { rng in
            [.i(s, rng.ints(ShapeMath.count(s), -(1 << 24), 1 << 24))]
        }, body: { b, x in [.values(.f(x[0].shape, b.readFloats(x[0])))] }))
        cases.append(ConformanceCase("readFloats bool \(shapes(s))", inputs: { rng in [rng.bool(s)] },
                                     body: { b, x in [.values(.f(x[0].shape, b.readFloats(x[0])))] }))
    }

    for s in edgeShapes {
        for dtype in [DType.float32, .int32, .bool] {
            cases.append(ConformanceCase("copy \(dtype) \(shapes(s))", mutatesInputs: true, inputs: { rng in
                switch dtype {
                case .float32: return [rng.uniform(s), rng.uniform(s)]
                case .int32: return [rng.int32(s), rng.int32(s)]
                case .bool: return [rng.bool(s), rng.bool(s)]
                }
            }, body: { b, x in
                b.copy(x[0], into: x[1])
                return [.tensor(x[1]), .tensor(x[0])]
            }))
        }
    }
    return cases
}
