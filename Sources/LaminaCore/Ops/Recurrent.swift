// The fused recurrent sequence op (SimpleRNN / LSTM / GRU over a whole sequence) with its
// backward rule (backpropagation through time in the backend).

extension Tensor {
    /// Runs a recurrent cell over a sequence in one fused op (see ``RecurrentSequenceInputs``):
    /// self `[B, T, in]`, kernel `[in, G·u]`, recurrent kernel `[u, G·u]`, bias per
    /// ``RecurrentCellKind``, `initialStates` one `[B, u]` each, `mask` `[B, T]` (any dtype,
    /// non-zero = the step counts).
    ///
    /// - Returns: `outputs` `[B, T, u]` in processing order and the final states (`[h]`, or `[h, c]`
    ///   for LSTM). Gradients flow to the input, the weights and the initial states.
    public func recurrentSequence(_ kind: RecurrentCellKind, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                                  initialStates: [Tensor], mask: Tensor? = nil, goBackwards: Bool = false,
                                  zeroOutputForMask: Bool = false) -> (outputs: Tensor, states: [Tensor]) {
        precondition(rank == 3 && dtype == .float32, "recurrentSequence: input must be float32 [batch, time, features], got \(ShapeMath.describe(shape))")
        let b = shape[0], steps = shape[1], g = kind.gates
        precondition(recurrentKernel.rank == 2 && recurrentKernel.shape[1] == g * recurrentKernel.shape[0],
                     "recurrentSequence: recurrent kernel \(ShapeMath.describe(recurrentKernel.shape)) is not [units, \(g)·units] for \(kind)")
        let u = recurrentKernel.shape[0]
        precondition(kernel.shape == [shape[2], g * u],
                     "recurrentSequence: kernel \(ShapeMath.describe(kernel.shape)) does not match input \(ShapeMath.describe(shape)) and \(u) units (expected [\(shape[2]), \(g * u)])")
        if let bias {
            let expected = kind == .gru(resetAfter: true) ? [2, 3 * u] : [g * u]
            precondition(bias.shape == expected, "recurrentSequence: bias \(ShapeMath.describe(bias.shape)) should be \(ShapeMath.describe(expected)) for \(kind)")
        }
        precondition(initialStates.count == kind.stateCount && initialStates.allSatisfy { $0.shape == [b, u] },
                     "recurrentSequence: \(kind) needs \(kind.stateCount) initial state(s) of shape [\(b), \(u)], got \(initialStates.map { ShapeMath.describe($0.shape) })")
        var m: Tensor? = nil
        if let mask {
            precondition(mask.shape == [b, steps], "recurrentSequence: mask \(ShapeMath.describe(mask.shape)) does not match [batch, time] = [\(b), \(steps)]")
            m = (mask.dtype == .float32 ? mask.notEqual(0).cast(to: .float32) : mask.cast(to: .bool).cast(to: .float32)).detached()
        }
        let p = RecurrentSequenceInputs(kind: kind, x: detached(), kernel: kernel.detached(), recurrentKernel: recurrentKernel.detached(),
                                        bias: bias?.detached(), initialStates: initialStates.map { $0.detached() }, mask: m,
                                        goBackwards: goBackwards, zeroOutputForMask: zeroOutputForMask)
        let r = backend.recurrentSequence(p)
        var inputs = [self, kernel, recurrentKernel]
        if let bias { inputs.append(bias) }
        inputs += initialStates
        guard GradMode.enabled, inputs.contains(where: { $0.node != nil }) else { return (r.outputs, r.states) }

        // One node for all results: pack outputs and states into one flat tensor whose gradient the
        // rule unpacks; the results are recorded slices of it.
        let outCount = b * steps * u, stateCount = b * u, hasBias = bias != nil
        let pieces = [r.outputs.rawReshaped([outCount])] + r.states.map { $0.rawReshaped([stateCount]) }
        let packed = backend.concat(pieces, axis: 0)
        let cache = r
        let node = Tensor.record("recurrentSequence.\(kind)", packed, inputs: inputs) { gr, _ in
            let dOut = gr.backend.slice(gr, start: [0], shape: [outCount], strides: [1]).rawReshaped([b, steps, u])
            let dStates: [Tensor?] = (0..<kind.stateCount).map { k in
                gr.backend.slice(gr, start: [outCount + k * stateCount], shape: [stateCount], strides: [1]).rawReshaped([b, u])
            }
            let d = gr.backend.recurrentSequenceBackward(p, dOutputs: dOut, dStates: dStates, result: cache)
            return [d.dx, d.dKernel, d.dRecurrentKernel] + (hasBias ? [d.dBias] : []) + d.dInitialStates.map { Optional($0) }
        }
        let outputs = node.slice(start: [0], size: [outCount]).reshaped([b, steps, u])
        let states = (0..<kind.stateCount).map { k in
            node.slice(start: [outCount + k * stateCount], size: [stateCount]).reshaped([b, u])
        }
        return (outputs, states)
    }
}
