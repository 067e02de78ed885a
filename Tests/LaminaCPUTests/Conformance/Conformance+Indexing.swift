import LaminaCore

// gather and scatterAdd: axis first, middle and last; indices of rank 0, 1 and 2, empty, and with
// repeats (scatterAdd must accumulate them).

func indexingCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let tables: [[Int]] = [[5], [7, 3], [4, 5, 6], [3, 0, 2], [2, 3, 1, 4], [1000, 17], [17, 1000], [100_003]]
    let indexShapes: [[Int]] = [[], [4], [2, 3], [0], [1]]
    for (t, table) in tables.enumerated() {
        var axes = Array(Set([0, table.count / 2, table.count - 1])).sorted()
        if table == [3, 0, 2] { axes = [0, 2] }  // never index along an empty axis
        for axis in axes {
            var ishapes = indexShapes
            if ShapeMath.count(table) >= 1000 { ishapes = [[], [3], [128, 7]] }
            for (k, ishape) in ishapes.enumerated() {
                let dtype: DType = (t + k) % 2 == 0 ? .float32 : .int32
                let rows = table[axis]
                let updates = Array(table[..<axis]) + ishape + Array(table[(axis + 1)...])
                let what = "\(dtype) table \(shapes(table)) indices \(shapes(ishape)) axis \(axis)"
                let repeats = max(1, ShapeMath.count(ishape))
                // Draw indices from a few rows so that repeats are certain.
                let indexRange = Int32(min(rows, max(2, ShapeMath.count(ishape) / 2)))
                cases.append(ConformanceCase("gather \(what)", tolerance: .exact, inputs: { rng in
                    [randomValues(dtype, table, &rng), indices(ishape, rows: rows, range: indexRange, &rng)]
                }, body: { b, x in [.tensor(b.gather(x[0], indices: x[1], axis: axis))] }))
                cases.append(ConformanceCase("scatterAdd \(what)", tolerance: .accumulation(length: repeats), inputs: { rng in
                    let u = dtype == .float32 ? rng.uniform(updates) : rng.int32(updates, -1000, 1000)
                    return [u, indices(ishape, rows: rows, range: indexRange, &rng)]
                }, body: { b, x in [.tensor(b.scatterAdd(x[0], indices: x[1], axis: axis, shape: table))] }))
            }
        }
    }
    return cases
}

/// Int32 indices of `shape`, mostly in `0..<range` (repeats), the first one the last row.
private func indices(_ shape: [Int], rows: Int, range: Int32, _ rng: inout SeededGenerator) -> HostTensor {
    var v = rng.ints(ShapeMath.count(shape), 0, max(0, range - 1))
    if !v.isEmpty { v[0] = Int32(rows - 1) }
    return .i(shape, v)
}
