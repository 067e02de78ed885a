/// Runs a recurrent cell over the time axis (`keras.layers.RNN`), the base of ``SimpleRNN``,
/// ``LSTM`` and ``GRU``.
///
/// - Inputs: the sequence `[B, T, features]`, optionally followed by initial states (one `[B, size]`
///   tensor per state of the cell; zeros by default).
/// - Outputs: `[B, T, units]` with `returnSequences`, else the last output `[B, units]`; with
///   `returnState` the final states follow.
/// - Masks (`[B, T]`, from `Embedding(maskZero:)` or `Masking`): a masked step leaves the states
///   unchanged and repeats the previous output (zeros with `zeroOutputForMask`), as Keras.
/// - `goBackwards` processes the sequence in reverse and returns outputs in processing order.
/// - `stateful`: the final states of a batch are the initial states of the next (``resetStates()``).
/// - Cells with Keras's default activations run as one fused backend op over the whole sequence
///   (except with recurrent dropout in training); others run step by step.
open class RNN: Layer {
    public let cell: RNNCell
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let stateful: Bool
    /// Kept for configs; Lamina never unrolls (the fused op is faster).
    public let unroll: Bool
    public var zeroOutputForMask: Bool
    /// The carried states of a `stateful` layer.
    public private(set) var states: [Tensor]?

    public init(_ cell: RNNCell, returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, zeroOutputForMask: Bool = false, name: String? = nil) {
        self.cell = cell
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.unroll = unroll
        self.zeroOutputForMask = zeroOutputForMask
        super.init(name: name)
    }

    open override class var className: String { "RNN" }
    open override var supportsMasking: Bool { true }

    open override func build(_ inputShapes: [[Int?]]) throws {
        guard let s = inputShapes.first, s.count == 3 else {
            throw LaminaError.shape("Layer \"\(name)\" (\(className)) expects a 3-D input [batch, timesteps, features]. Received: \(describeShape(inputShapes.first ?? []))")
        }
        try cell.ensureBuilt([[s[0], s[2]]])
        inputSpec = [InputSpec(rank: 3, axes: s[2].map { [-1: $0] } ?? [:])]
    }

    /// Forgets the carried states of a stateful layer (the next batch starts from zeros).
    public func resetStates() { states = nil }

    open override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        let x = inputs[0]
        guard x.rank == 3 else {
            throw LaminaError.shape("Layer \"\(name)\" (\(className)) expects a 3-D input [batch, timesteps, features]. Received: \(x.shape)")
        }
        let b = x.shape[0], steps = x.shape[1]
        let sizes = cell.stateSizes
        var initial: [Tensor]
        if inputs.count > 1 {
            initial = Array(inputs.dropFirst())
        } else if stateful, let states, states.first?.shape[0] == b {
            initial = states
        } else {
            initial = cell.zeroStates(batch: b)
        }
        guard initial.count == sizes.count, zip(initial, sizes).allSatisfy({ $0.shape == [b, $1] }) else {
            throw LaminaError.value("Layer \"\(name)\" (\(className)) expects \(sizes.count) initial state(s) of shape(s) \(sizes.map { "[\(b), \($0)]" }.joined(separator: ", ")). Received: \(initial.map { $0.shape })")
        }
        var mask = masks.first ?? nil
        if let m = mask {
            guard m.shape == [b, steps] else {
                throw LaminaError.shape("Layer \"\(name)\" (\(className)): the mask has shape \(m.shape), but the inputs of shape \(x.shape) need a mask of shape [\(b), \(steps)]")
            }
            if m.dtype != .bool { mask = m.notEqual(0) }
        }
        cell.prepareDropoutMasks(batch: b, inputSize: x.shape[2], training: training)
        defer { cell.clearDropoutMasks() }
        let (outputs, finalStates): (Tensor, [Tensor])
        if let fused = cell.fusedWeights, cell.recurrentDropoutMask == nil {
            let xin = cell.inputDropoutMask.map { x * $0.expandingDims(at: 1) } ?? x
            (outputs, finalStates) = xin.recurrentSequence(fused.kind, kernel: fused.kernel, recurrentKernel: fused.recurrentKernel,
                                                           bias: fused.bias, initialStates: initial, mask: mask,
                                                           goBackwards: goBackwards, zeroOutputForMask: zeroOutputForMask)
        } else {
            (outputs, finalStates) = try loop(x, initial: initial, mask: mask, training: training)
        }
        if stateful { states = finalStates.map { $0.detached() } }
        let output = returnSequences ? outputs
            : (steps == 0 ? initial[cell.outputStateIndex] : outputs.slice(axis: 1, (steps - 1)..<steps).reshaped([b, cell.outputSize]))
        return [output] + (returnState ? finalStates : [])
    }

    /// The step-by-step path (any cell), with Keras's masking rules.
    func loop(_ x: Tensor, initial: [Tensor], mask: Tensor?, training: Bool) throws -> (Tensor, [Tensor]) {
        let b = x.shape[0], steps = x.shape[1]
        var states = initial, previous = initial[cell.outputStateIndex]
        var outs: [Tensor] = []
        for s in 0..<steps {
            let t = goBackwards ? steps - 1 - s : s
            let xt = x.slice(axis: 1, t..<(t + 1)).reshaped([b, x.shape[2]])
            let r = try cell.step(xt, states: states, training: training)
            var out = r.output
            if let mask {
                let m = mask.slice(axis: 1, t..<(t + 1))
                states = zip(r.states, states).map { Tensor.where(m, $0, $1) }
                out = zeroOutputForMask ? Tensor.where(m, out, out.zerosLike()) : Tensor.where(m, out, previous)
            } else {
                states = r.states
            }
            previous = out
            outs.append(out.expandingDims(at: 1))
        }
        let outputs = outs.isEmpty ? Tensor.zeros([b, 0, cell.outputSize]) : Tensor.concat(outs, axis: 1)
        return (outputs, states)
    }

    open override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let out: Tensor? = returnSequences ? (masks.first ?? nil) : nil
        return [out] + (returnState ? cell.stateSizes.map { _ in nil } : [])
    }

    open override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0], u = cell.outputSize
        let out: [Int?] = returnSequences ? [s[0], s[1], u] : [s[0], u]
        return [out] + (returnState ? cell.stateSizes.map { [s[0], $0] } : [])
    }

    /// The RNN flags, as Keras writes them.
    var rnnConfig: [String: JSONValue] {
        ["return_sequences": .bool(returnSequences), "return_state": .bool(returnState), "go_backwards": .bool(goBackwards),
         "stateful": .bool(stateful), "unroll": .bool(unroll), "zero_output_for_mask": .bool(zeroOutputForMask)]
    }

    /// The config of the Keras layers that take their cell's arguments themselves (SimpleRNN, LSTM,
    /// GRU): the cell's config and ``rnnConfig`` in one dictionary.
    var cellArgumentsConfig: [String: JSONValue] {
        var c = cell.config.merging(rnnConfig) { a, _ in a }
        c["activity_regularizer"] = .null
        return c
    }

    open override var config: [String: JSONValue] {
        var c = rnnConfig
        c["cell"] = ["module": "keras.layers", "class_name": .string(cell.className), "config": .object(cell.fullConfig), "registered_name": nil]
        return c
    }
}
