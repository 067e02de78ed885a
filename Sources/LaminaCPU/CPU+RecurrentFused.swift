import CLaminaCPU
import LaminaCore

// SimpleRNN and LSTM sequences on the fused AVX-512 step kernels of rnn.c: U packed once per
// call, each step split into items (8 batch rows × 32 units, product and gate math together) run
// by Parallel.phased with a barrier per step. Backward: one phase per step (dh block by a packed
// dz·Uᵀ product, then the gate gradients), and dU, dW, dx as three large sgemms at the end.
// GRU, and CPUs without AVX-512, take the sgemm-per-step path of CPU+Recurrent.swift.

extension CPUBackend {
    /// Whether rnn.c runs here (cpuid once).
    static let fusedRecurrentAvailable = lamina_rnn_available() != 0

    /// Whether the fused kernels run `p`.
    func fusedRecurrent(_ p: RecurrentSequenceInputs) -> Bool {
        (p.kind == .simple || p.kind == .lstm) && p.batch > 0 && p.steps > 0 && p.units > 0 && CPUBackend.fusedRecurrentAvailable
    }

    /// Threads for the step loop: one unless a step's product is big enough to pay for a barrier.
    func recurrentThreads(_ p: RecurrentSequenceInputs) -> Int {
        2 * p.batch * p.units * p.kind.gates * p.units >= 200_000 ? Parallel.workers : 1
    }

    /// U packed in panels for h·U, or for dz·Uᵀ when `transposed`.
    func packedRecurrentKernel(_ p: RecurrentSequenceInputs, transposed: Bool) -> Tensor {
        let packed = empty([lamina_rnn_packed_count(p.units, p.kind.gates)], .float32)
        lamina_rnn_pack(f(p.recurrentKernel), p.units, p.kind.gates, transposed ? nil : f(packed), transposed ? f(packed) : nil)
        return packed
    }

    func arguments(_ p: RecurrentSequenceInputs) -> lamina_rnn_args {
        var a = lamina_rnn_args()
        a.lstm = p.kind == .lstm ? 1 : 0
        a.go_backwards = p.goBackwards ? 1 : 0
        a.zero_output_for_mask = p.zeroOutputForMask ? 1 : 0
        a.batch = p.batch; a.steps = p.steps; a.units = p.units
        a.h0 = UnsafePointer(f(p.initialStates[0]))
        if p.kind == .lstm { a.c0 = UnsafePointer(f(p.initialStates[1])) }
        a.mask = p.mask.map { UnsafePointer(f($0)) }
        return a
    }

    func fusedRecurrentSequence(_ p: RecurrentSequenceInputs) -> RecurrentSequenceResult {
        let b = p.batch, steps = p.steps, u = p.units, gu = p.kind.gates * u, isLSTM = p.kind == .lstm
        let gates = empty([b, steps, gu], .float32), hs = empty([b, steps, u], .float32), outs = empty([b, steps, u], .float32)
        let cs = isLSTM ? empty([b, steps, u], .float32) : nil
        let pg = f(gates), rows = b * steps
        if let bias = p.bias {
            let pb = f(bias)
            Parallel.forEach(rows, grain: Swift.max(1, 65_536 / gu)) { r in
                for row in r { (pg + row * gu).update(from: pb, count: gu) }
            }
        }
        sgemm(false, false, m: rows, n: gu, k: p.inputSize, f(p.x), lda: p.inputSize, f(p.kernel), ldb: gu,
              beta: p.bias == nil ? 0 : 1, pg, ldc: gu)
        let packed = packedRecurrentKernel(p, transposed: false)
        var a = arguments(p)
        a.gates = pg; a.hs = f(hs); a.cs = cs.map { f($0) }; a.outputs = f(outs); a.packed = UnsafePointer(f(packed))
        let args = a
        withExtendedLifetime(packed) {
            withUnsafePointer(to: args) { ap in
                Parallel.phased(phases: steps, items: lamina_rnn_items(ap), threads: recurrentThreads(p)) { s, item in
                    lamina_rnn_forward_item(ap, s, item)
                }
            }
        }
        var states: [Tensor] = []
        for carried in [hs] + (cs.map { [$0] } ?? []) {
            let st = empty([b, u], .float32), d = f(st), src = f(carried) + (steps - 1) * u
            for r in 0..<b { (d + r * u).update(from: src + r * steps * u, count: u) }
            states.append(st)
        }
        return RecurrentSequenceResult(outputs: outs, states: states, cache: [gates, hs] + (cs.map { [$0] } ?? []))
    }

    func fusedRecurrentSequenceBackward(_ p: RecurrentSequenceInputs, dOutputs: Tensor?, dStates: [Tensor?],
                                        result: RecurrentSequenceResult) -> RecurrentSequenceGradients {
        let b = p.batch, steps = p.steps, inSize = p.inputSize, u = p.units, gu = p.kind.gates * u, isLSTM = p.kind == .lstm
        let dz = empty([b, steps, gu], .float32), hPrev = empty([b, steps, u], .float32)
        func stateGrad(_ k: Int) -> Tensor {
            if k < dStates.count, let d = dStates[k] { return copied(d) }
            return full(0, shape: [b, u], dtype: .float32)
        }
        let dh = stateGrad(0), dc = isLSTM ? stateGrad(1) : nil
        let packedT = packedRecurrentKernel(p, transposed: true)
        var a = arguments(p)
        a.gates = f(result.cache[0]); a.hs = f(result.cache[1]); a.cs = isLSTM ? f(result.cache[2]) : nil
        a.d_outputs = dOutputs.map { UnsafePointer(f($0)) }
        a.dz = f(dz); a.h_prev = f(hPrev); a.dh = f(dh); a.dc = dc.map { f($0) }; a.packed_t = UnsafePointer(f(packedT))
        let args = a
        withExtendedLifetime(packedT) {
            withUnsafePointer(to: args) { ap in
                Parallel.phased(phases: steps + 1, items: lamina_rnn_items(ap), threads: recurrentThreads(p)) { phase, item in
                    lamina_rnn_backward_item(ap, phase, item)
                }
            }
        }
        let rows = b * steps
        let dx = empty(p.x.shape, .float32), dW = empty(p.kernel.shape, .float32), dU = empty(p.recurrentKernel.shape, .float32)
        sgemm(true, false, m: u, n: gu, k: rows, f(hPrev), lda: u, f(dz), ldb: gu, beta: 0, f(dU), ldc: gu)
        sgemm(false, true, m: rows, n: inSize, k: gu, f(dz), lda: gu, f(p.kernel), ldb: gu, beta: 0, f(dx), ldc: inSize)
        sgemm(true, false, m: inSize, n: gu, k: rows, f(p.x), lda: inSize, f(dz), ldb: gu, beta: 0, f(dW), ldc: gu)
        let dBias = p.bias == nil ? nil : reduce(.sum, dz.rawReshaped([rows, gu]), axes: [0])
        return RecurrentSequenceGradients(dx: dx, dKernel: dW, dRecurrentKernel: dU, dBias: dBias,
                                          dInitialStates: isLSTM ? [dh, dc!] : [dh])
    }
}
