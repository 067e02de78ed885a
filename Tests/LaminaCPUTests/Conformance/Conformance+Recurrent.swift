import LaminaCore

// The fused recurrent sequence op and its backward (SimpleRNN, LSTM, GRU with and without
// resetAfter): masks, goBackwards, zeroOutputForMask, no bias, empty batch and zero-length
// sequences. The reference runs the composites of Backend+Recurrent.swift; the CPU backend its
// strided-sgemm kernels. The cache is not compared (only what the layers see).

func recurrentCases() -> [ConformanceCase] {
    let kinds: [RecurrentCellKind] = [.simple, .lstm, .gru(resetAfter: true), .gru(resetAfter: false)]
    // (batch, steps, inputs, units, masked, goBackwards, zeroOutputForMask, hasBias)
    let configs: [(Int, Int, Int, Int, Bool, Bool, Bool, Bool)] = [
        (3, 5, 4, 3, false, false, false, true), (3, 5, 4, 3, true, false, false, true), (3, 5, 4, 3, true, true, false, true),
        (2, 7, 3, 5, true, false, true, true), (2, 4, 6, 2, false, true, false, false), (1, 1, 1, 1, false, false, false, true),
        (0, 3, 2, 2, false, false, false, true), (2, 0, 3, 2, false, false, false, true), (8, 33, 16, 24, true, true, false, true),
        // The fused SimpleRNN/LSTM kernels (rnn.c) work in blocks of 8 batch rows × 32 units: one
        // past each block size, a 100-unit layer (tail block of 4), and the benchmark's 32 × 128,
        // which runs its steps on two threads (the others on one).
        (9, 6, 5, 33, true, false, false, true), (17, 5, 7, 64, true, true, true, true), (16, 4, 3, 32, false, false, false, false),
        (13, 4, 3, 100, false, false, false, true), (32, 8, 20, 128, true, false, false, true), (32, 6, 10, 128, false, true, false, true),
    ]
    var cases: [ConformanceCase] = []
    for kind in kinds {
        for (b, t, i, u, masked, back, zero, hasBias) in configs {
            let g = kind.gates, biasShape = kind == .gru(resetAfter: true) ? [2, 3 * u] : [g * u]
            let what = "\(kind) x \(shapes([b, t, i])) units \(u) mask \(masked) goBackwards \(back) zeroOutput \(zero) bias \(hasBias)"
            let makeInputs: @Sendable (inout SeededGenerator) -> [HostTensor] = { rng in
                var ins = [rng.uniform([b, t, i]), rng.uniform([i, g * u], -0.7, 0.7), rng.uniform([u, g * u], -0.7, 0.7),
                           rng.uniform(biasShape, -0.5, 0.5)]
                for _ in 0..<kind.stateCount { ins.append(rng.uniform([b, u], -0.5, 0.5)) }
                // Mask: a mix of padded tails, holes and a fully masked row.
                let m: [Float] = (0..<(b * t)).map { k in (k % t) == 0 && (k / t) == 1 ? 0 : (rng.floats(1, 0, 1)[0] < 0.7 ? 1 : 0) }
                ins.append(.f([b, t], m))
                ins.append(rng.uniform([b, t, u]))
                for _ in 0..<kind.stateCount { ins.append(rng.uniform([b, u])) }
                return ins
            }
            @Sendable func inputs(_ x: [Tensor]) -> RecurrentSequenceInputs {
                RecurrentSequenceInputs(kind: kind, x: x[0], kernel: x[1], recurrentKernel: x[2], bias: hasBias ? x[3] : nil,
                                        initialStates: Array(x[4..<(4 + kind.stateCount)]), mask: masked ? x[4 + kind.stateCount] : nil,
                                        goBackwards: back, zeroOutputForMask: zero)
            }
            let tol = Tolerance(rel: 1e-4, abs: 2e-5 * Double(max(t, 1)).squareRoot() * Double(max(i, u, 1)).squareRoot())
            cases.append(ConformanceCase("recurrentSequence \(what)", tolerance: tol, inputs: makeInputs) { be, x in
                let r = be.recurrentSequence(inputs(x))
                return [.tensor(r.outputs)] + r.states.map { .tensor($0) }
            })
            cases.append(ConformanceCase("recurrentSequenceBackward \(what)", tolerance: Tolerance(rel: 1e-4, abs: tol.abs * 4), inputs: makeInputs) { be, x in
                let p = inputs(x), n = 5 + kind.stateCount
                let r = be.recurrentSequence(p)
                let d = be.recurrentSequenceBackward(p, dOutputs: x[n], dStates: Array(x[(n + 1)...]), result: r)
                return [.tensor(d.dx), .tensor(d.dKernel), .tensor(d.dRecurrentKernel)] + (d.dBias.map { [.tensor($0)] } ?? [])
                    + d.dInitialStates.map { .tensor($0) }
            })
        }
    }
    return cases
}
