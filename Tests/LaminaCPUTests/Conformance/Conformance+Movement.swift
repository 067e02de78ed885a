import LaminaCore

// permute, broadcast, slice (with strides), unslice, pad, concat. All exact.

/// Random values of `dtype`.
func randomValues(_ dtype: DType, _ s: [Int], _ rng: inout SeededGenerator) -> HostTensor {
    switch dtype {
    case .float32: return rng.uniform(s, -100, 100)
    case .int32: return rng.int32(s, .min, .max)
    case .bool: return rng.bool(s)
    }
}

private let allDTypes: [DType] = [.float32, .int32, .bool]

func movementCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    var r = CaseListRandom("movement")

    // Permute.
    var perms: [([Int], [Int])] = [([], []), ([7], [0]), ([3, 4], [1, 0]), ([2, 0, 3], [2, 0, 1]), ([1, 5, 1], [2, 1, 0]),
                                   ([100, 1000], [1, 0]), ([17, 1000], [1, 0]), ([3, 1000, 7], [2, 0, 1]), ([1000, 17], [1, 0])]
    for p in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] { perms.append(([2, 3, 4], p)) }
    for _ in 0..<3 { perms.append(([2, 3, 4, 5], r.permutation(4))) }
    perms.append(([2, 1, 3, 1, 2], r.permutation(5)))
    perms.append((r.shape(rank: 4), r.permutation(4)))
    for (s, p) in perms {
        for dtype in allDTypes {
            cases.append(ConformanceCase("permute \(dtype) \(shapes(s)) by \(p)", tolerance: .exact,
                                         inputs: { rng in [randomValues(dtype, s, &rng)] },
                                         body: { b, x in [.tensor(b.permute(x[0], p))] }))
        }
    }

    // Broadcast.
    let targets: [([Int], [Int])] = [([], []), ([], [3, 4]), ([1], [5]), ([3, 1], [3, 4]), ([4], [2, 3, 4]),
                                     ([1, 4, 1], [2, 4, 5]), ([1], [0]), ([2, 1, 3], [2, 0, 3]), ([1, 1000], [17, 1000]),
                                     ([1000, 1], [1000, 17]), ([7], [7]), ([1], [100_003]), ([2, 1, 3, 1], [5, 2, 4, 3, 6]),
                                     ([], [17])]
    for (from, to) in targets {
        for dtype in allDTypes {
            cases.append(ConformanceCase("broadcast \(dtype) \(shapes(from)) to \(shapes(to))", tolerance: .exact,
                                         inputs: { rng in [randomValues(dtype, from, &rng)] },
                                         body: { b, x in [.tensor(b.broadcast(x[0], to: to))] }))
        }
    }

    // Slice and its adjoint unslice, with strides, including empty results and whole-tensor slices.
    let sliceShapes: [[Int]] = [[], [7], [17], [1000], [100_003], [3, 4], [2, 3, 4], [2, 0, 3], [5, 7, 9], [4, 1, 6, 2],
                                [17, 1000]]
    for s in sliceShapes {
        var specs: [(start: [Int], shape: [Int], strides: [Int])] = [
            ([Int](repeating: 0, count: s.count), s, [Int](repeating: 1, count: s.count)),
        ]
        for _ in 0..<3 where !s.isEmpty { specs.append(randomSlice(s, &r)) }
        for (k, spec) in specs.enumerated() {
            let dtype = allDTypes[k % 3]
            let what = "\(shapes(s)) start \(spec.start) shape \(spec.shape) strides \(spec.strides)"
            cases.append(ConformanceCase("slice \(dtype) \(what)", tolerance: .exact,
                                         inputs: { rng in [randomValues(dtype, s, &rng)] },
                                         body: { b, x in [.tensor(b.slice(x[0], start: spec.start, shape: spec.shape, strides: spec.strides))] }))
            cases.append(ConformanceCase("unslice \(dtype) \(what)", tolerance: .exact,
                                         inputs: { rng in [randomValues(dtype, spec.shape, &rng)] },
                                         body: { b, x in [.tensor(b.unslice(x[0], inputShape: s, start: spec.start, strides: spec.strides))] }))
        }
    }

    // Pad.
    let padShapes: [[Int]] = [[], [0], [7], [1000], [3, 4], [2, 0, 3], [2, 3, 4], [17, 1000], [1, 1, 1, 5]]
    for (k, s) in padShapes.enumerated() {
        for variant in 0..<2 {
            let before = s.map { _ in r.int(0...2) }, after = s.map { _ in r.int(0...2) }
            let dtype = allDTypes[(k + variant) % 3]
            let value: Float = dtype == .bool ? 1 : (variant == 0 ? 0 : -3)
            cases.append(ConformanceCase("pad \(dtype) \(shapes(s)) before \(before) after \(after) value \(value)",
                                         tolerance: .exact, inputs: { rng in [randomValues(dtype, s, &rng)] },
                                         body: { b, x in [.tensor(b.pad(x[0], before: before, after: after, value: value))] }))
        }
    }

    // Concat: 2 to 4 inputs along each axis, some empty along that axis.
    let concatBases: [[Int]] = [[5], [3, 4], [2, 3, 4], [2, 0, 3], [1, 2, 1, 3]]
    for (k, base) in concatBases.enumerated() {
        for axis in 0..<base.count {
            let n = 2 + (k + axis) % 3
            let parts: [[Int]] = (0..<n).map { _ in
                var s = base
                s[axis] = [0, 1, 2, 3, 5].randomElement(using: &r.rng)!
                return s
            }
            let dtype = allDTypes[(k + axis) % 3]
            cases.append(concatCase(parts, axis: axis, dtype: dtype))
        }
    }
    cases.append(concatCase([[100_003], [7], [16]], axis: 0, dtype: .float32))
    cases.append(concatCase([[17, 1000], [17, 3], [17, 16], [17, 1]], axis: 1, dtype: .float32))
    cases.append(concatCase([[1000, 17], [1, 17]], axis: 0, dtype: .int32))
    cases.append(concatCase([[0, 4], [0, 4]], axis: 0, dtype: .float32))
    return cases
}

private func concatCase(_ parts: [[Int]], axis: Int, dtype: DType) -> ConformanceCase {
    ConformanceCase("concat \(dtype) \(shapeList(parts)) axis \(axis)", tolerance: .exact,
                    inputs: { rng in parts.map { randomValues(dtype, $0, &rng) } },
                    body: { b, x in [.tensor(b.concat(x, axis: axis))] })
}

/// A random in-range strided slice of `s` (possibly empty along some axis).
private func randomSlice(_ s: [Int], _ r: inout CaseListRandom) -> (start: [Int], shape: [Int], strides: [Int]) {
    var start: [Int] = [], shape: [Int] = [], strides: [Int] = []
    for d in s {
        let stride = r.int(1...3)
        let st = d == 0 ? 0 : r.int(0...(d - 1))
        let maxSize = d == 0 ? 0 : (d - 1 - st) / stride + 1
        start.append(st)
        strides.append(stride)
        shape.append(r.int(0...4) == 0 ? 0 : r.int(min(1, maxSize)...maxSize))
    }
    return (start, shape, strides)
}
