import LaminaCore
import Testing

/// Central-difference checks of the fused recurrent sequence op's backward rule (the composite
/// BPTT of Backend+RecurrentBackward.swift on the reference backend) for every cell kind, with
/// masks, goBackwards, zeroOutputForMask, no bias, and gradients into the initial states. The
/// outputs and the final states all feed the checked sum.
@Suite("Gradient check: recurrent sequences")
struct RecurrentGradientTests {
    static let kinds: [RecurrentCellKind] = [.simple, .lstm, .gru(resetAfter: true), .gru(resetAfter: false)]

    /// Outputs and final states of one sequence, joined into one tensor for the check.
    static func run(_ kind: RecurrentCellKind, _ a: [Tensor], hasBias: Bool, mask: Tensor?, back: Bool, zero: Bool) -> Tensor {
        let n = kind.stateCount
        let (out, states) = a[0].recurrentSequence(kind, kernel: a[1], recurrentKernel: a[2], bias: hasBias ? a[3] : nil,
                                                   initialStates: Array(a[(hasBias ? 4 : 3)..<((hasBias ? 4 : 3) + n)]),
                                                   mask: mask, goBackwards: back, zeroOutputForMask: zero)
        return Tensor.concat([out.reshaped([-1])] + states.map { $0.reshaped([-1]) }, axis: 0)
    }

    static func inputs(_ kind: RecurrentCellKind, b: Int, t: Int, i: Int, u: Int, hasBias: Bool, seed: Int) -> [Tensor] {
        let g = kind.gates
        var xs = [uniform([b, t, i], -1, 1, seed: seed), uniform([i, g * u], -0.6, 0.6, seed: seed + 1),
                  uniform([u, g * u], -0.6, 0.6, seed: seed + 2)]
        if hasBias { xs.append(uniform(kind == .gru(resetAfter: true) ? [2, 3 * u] : [g * u], -0.5, 0.5, seed: seed + 3)) }
        for k in 0..<kind.stateCount { xs.append(uniform([b, u], -0.5, 0.5, seed: seed + 4 + k)) }
        return xs
    }

    @Test("plain sequence", arguments: kinds)
    func plain(kind: RecurrentCellKind) {
        checkGradients("recurrentSequence \(kind)", { Self.run(kind, $0, hasBias: true, mask: nil, back: false, zero: false) },
                       inputs: Self.inputs(kind, b: 2, t: 4, i: 3, u: 2, hasBias: true, seed: 300))
    }

    @Test("masked, goBackwards", arguments: kinds)
    func maskedBackwards(kind: RecurrentCellKind) {
        let mask = Tensor([1, 1, 0, 1, 0, 0, 1, 1] as [Float], shape: [2, 4], on: reference)
        checkGradients("recurrentSequence \(kind) masked goBackwards", { Self.run(kind, $0, hasBias: true, mask: mask, back: true, zero: false) },
                       inputs: Self.inputs(kind, b: 2, t: 4, i: 3, u: 2, hasBias: true, seed: 310))
    }

    @Test("masked, zeroOutputForMask, no bias", arguments: kinds)
    func maskedZeroOutput(kind: RecurrentCellKind) {
        let mask = Tensor([0, 1, 1, 0, 1, 1, 1, 0] as [Float], shape: [2, 4], on: reference)
        checkGradients("recurrentSequence \(kind) zeroOutputForMask", { Self.run(kind, $0, hasBias: false, mask: mask, back: false, zero: true) },
                       inputs: Self.inputs(kind, b: 2, t: 4, i: 3, u: 2, hasBias: false, seed: 320))
    }

    @Test("only the final state is used", arguments: kinds)
    func finalStateOnly(kind: RecurrentCellKind) {
        checkGradients("recurrentSequence \(kind) final h", { a in
            let (_, states) = a[0].recurrentSequence(kind, kernel: a[1], recurrentKernel: a[2], bias: a[3],
                                                     initialStates: Array(a[4...]))
            return states[0]
        }, inputs: Self.inputs(kind, b: 3, t: 5, i: 2, u: 3, hasBias: true, seed: 330))
    }
}
