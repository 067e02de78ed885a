/// The cell of ``SimpleRNN`` (`keras.layers.SimpleRNNCell`): `h = activation(x·kernel + bias + h·recurrentKernel)`.
///
/// - Step input `[B, in]`, state `[B, units]`, output `[B, units]`.
/// - Weights: `kernel` `[in, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`.
public final class SimpleRNNCell: RNNCell {
    public let units: Int
    public let activation: Activation
    public let weightsConfig: RecurrentWeightsConfig
    public private(set) var kernel: Variable?
    public private(set) var recurrentKernel: Variable?
    public private(set) var bias: Variable?

    public init(_ units: Int, activation: Activation = .tanh, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        guard units > 0 else { throw LaminaError.value("Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units
        self.activation = activation
        self.weightsConfig = weights
        super.init(name: name)
        try configureDropout(dropout, recurrentDropout, seed: seed)
    }

    public override class var className: String { "SimpleRNNCell" }
    public override var stateSizes: [Int] { [units] }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let d = try stepInputSize(inputShapes), w = weightsConfig
        kernel = addWeight(name: "kernel", shape: [d, units], initializer: w.kernelInitializer)
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [units, units], initializer: w.recurrentInitializer)
        if w.useBias { bias = addWeight(name: "bias", shape: [units], initializer: w.biasInitializer) }
    }

    public override var fusedWeights: (kind: RecurrentCellKind, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?)? {
        guard activation.name == "tanh", let kernel, let recurrentKernel else { return nil }
        return (.simple, kernel.value, recurrentKernel.value, bias?.value)
    }

    public override func step(_ input: Tensor, states: [Tensor], training: Bool) throws -> (output: Tensor, states: [Tensor]) {
        let (x, h) = droppedOut(input, states[0])
        let y = activation(x.linear(weight: try requireBuilt(kernel).value, bias: bias?.value) + h.matmul(try requireBuilt(recurrentKernel).value))
        return (y, [y])
    }

    public override var config: [String: JSONValue] {
        var c = weightsConfig.json.merging(dropoutConfig) { a, _ in a }
        c["units"] = JSONValue(units)
        c["activation"] = .string(activation.name)
        return c
    }
}

/// The cell of ``LSTM`` (`keras.layers.LSTMCell`), gates `i, f, c, o` in Keras's column order:
/// `c = f·c + i·activation(z_c)`, `h = o·activation(c)`, gates through `recurrentActivation`.
///
/// - Step input `[B, in]`, states `[h, c]` each `[B, units]`, output `h`.
/// - Weights: `kernel` `[in, 4·units]`, `recurrent_kernel` `[units, 4·units]`, `bias` `[4·units]`
///   (with `unitForgetBias` the forget block starts at 1).
public final class LSTMCell: RNNCell {
    public let units: Int
    public let activation: Activation
    public let recurrentActivation: Activation
    public let unitForgetBias: Bool
    public let weightsConfig: RecurrentWeightsConfig
    public private(set) var kernel: Variable?
    public private(set) var recurrentKernel: Variable?
    public private(set) var bias: Variable?

    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                unitForgetBias: Bool = true, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        guard units > 0 else { throw LaminaError.value("Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.unitForgetBias = unitForgetBias
        self.weightsConfig = weights
        super.init(name: name)
        try configureDropout(dropout, recurrentDropout, seed: seed)
    }

    public override class var className: String { "LSTMCell" }
    public override var stateSizes: [Int] { [units, units] }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let d = try stepInputSize(inputShapes), w = weightsConfig, u = units
        kernel = addWeight(name: "kernel", shape: [d, 4 * u], initializer: w.kernelInitializer)
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [u, 4 * u], initializer: w.recurrentInitializer)
        if w.useBias {
            let initializer: any Initializer = unitForgetBias ? UnitForgetBias(base: w.biasInitializer, units: u) : w.biasInitializer
            bias = addWeight(name: "bias", shape: [4 * u], initializer: initializer)
        }
    }

    public override var fusedWeights: (kind: RecurrentCellKind, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?)? {
        guard activation.name == "tanh", recurrentActivation.name == "sigmoid", let kernel, let recurrentKernel else { return nil }
        return (.lstm, kernel.value, recurrentKernel.value, bias?.value)
    }

    public override func step(_ input: Tensor, states: [Tensor], training: Bool) throws -> (output: Tensor, states: [Tensor]) {
        let (x, h) = droppedOut(input, states[0])
        let z = x.linear(weight: try requireBuilt(kernel).value, bias: bias?.value) + h.matmul(try requireBuilt(recurrentKernel).value)
        let g = z.split(parts: 4, axis: 1)
        let i = recurrentActivation(g[0]), f = recurrentActivation(g[1]), o = recurrentActivation(g[3])
        let c = f * states[1] + i * activation(g[2])
        let hNew = o * activation(c)
        return (hNew, [hNew, c])
    }

    public override var config: [String: JSONValue] {
        var c = weightsConfig.json.merging(dropoutConfig) { a, _ in a }
        c["units"] = JSONValue(units)
        c["activation"] = .string(activation.name)
        c["recurrent_activation"] = .string(recurrentActivation.name)
        c["unit_forget_bias"] = .bool(unitForgetBias)
        return c
    }
}

/// Keras's LSTM bias initializer with `unit_forget_bias`: `[base(u), ones(u), base(2u)]`.
struct UnitForgetBias: Initializer {
    let base: any Initializer
    let units: Int
    func callAsFunction(_ shape: [Int]) -> Tensor {
        Tensor.concat([base([units]), Tensor.ones([units]), base([2 * units])], axis: 0)
    }
    var className: String { base.className }
    var config: [String: JSONValue] { base.config }
}

/// The cell of ``GRU`` (`keras.layers.GRUCell`), gates `z, r, h` in Keras's column order:
/// `h = z·h_prev + (1 - z)·hh`. With `resetAfter` (Keras's default) the reset gate multiplies the
/// recurrent product, `hh = activation(x_h + r·(h·U_h + b_rh))`, and the bias is `[2, 3·units]`
/// (input bias; recurrent bias); without, `hh = activation(x_h + (r·h)·U_h)` and the bias is `[3·units]`.
public final class GRUCell: RNNCell {
    public let units: Int
    public let activation: Activation
    public let recurrentActivation: Activation
    public let resetAfter: Bool
    public let weightsConfig: RecurrentWeightsConfig
    public private(set) var kernel: Variable?
    public private(set) var recurrentKernel: Variable?
    public private(set) var bias: Variable?

    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                resetAfter: Bool = true, weights: RecurrentWeightsConfig = .init(),
                dropout: Float = 0, recurrentDropout: Float = 0, seed: Int? = nil, name: String? = nil) throws {
        guard units > 0 else { throw LaminaError.value("Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.resetAfter = resetAfter
        self.weightsConfig = weights
        super.init(name: name)
        try configureDropout(dropout, recurrentDropout, seed: seed)
    }

    public override class var className: String { "GRUCell" }
    public override var stateSizes: [Int] { [units] }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let d = try stepInputSize(inputShapes), w = weightsConfig, u = units
        kernel = addWeight(name: "kernel", shape: [d, 3 * u], initializer: w.kernelInitializer)
        recurrentKernel = addWeight(name: "recurrent_kernel", shape: [u, 3 * u], initializer: w.recurrentInitializer)
        if w.useBias { bias = addWeight(name: "bias", shape: resetAfter ? [2, 3 * u] : [3 * u], initializer: w.biasInitializer) }
    }

    public override var fusedWeights: (kind: RecurrentCellKind, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?)? {
        guard activation.name == "tanh", recurrentActivation.name == "sigmoid", let kernel, let recurrentKernel else { return nil }
        return (.gru(resetAfter: resetAfter), kernel.value, recurrentKernel.value, bias?.value)
    }

    public override func step(_ input: Tensor, states: [Tensor], training: Bool) throws -> (output: Tensor, states: [Tensor]) {
        // Recurrent dropout reaches the recurrent products only; the carried state `z·h_prev` is
        // the undropped previous state (Keras's GRUCell, implementation 1).
        let (x, h) = droppedOut(input, states[0])
        let w = try requireBuilt(kernel).value, uk = try requireBuilt(recurrentKernel).value, u = units
        let b = bias?.value
        let inBias = resetAfter ? b?.slice(axis: 0, 0..<1).reshaped([3 * u]) : b
        let xz = x.linear(weight: w, bias: inBias).split(parts: 3, axis: 1)
        let hh: Tensor, z: Tensor, r: Tensor
        if resetAfter {
            var hu = h.matmul(uk)
            if let b { hu = hu + b.slice(axis: 0, 1..<2).reshaped([3 * u]) }
            let hz = hu.split(parts: 3, axis: 1)
            z = recurrentActivation(xz[0] + hz[0])
            r = recurrentActivation(xz[1] + hz[1])
            hh = activation(xz[2] + r * hz[2])
        } else {
            let hz = h.matmul(uk.slice(axis: 1, 0..<(2 * u))).split(parts: 2, axis: 1)
            z = recurrentActivation(xz[0] + hz[0])
            r = recurrentActivation(xz[1] + hz[1])
            hh = activation(xz[2] + (r * h).matmul(uk.slice(axis: 1, (2 * u)..<(3 * u))))
        }
        let hNew = z * states[0] + (1 - z) * hh
        return (hNew, [hNew])
    }

    public override var config: [String: JSONValue] {
        var c = weightsConfig.json.merging(dropoutConfig) { a, _ in a }
        c["units"] = JSONValue(units)
        c["activation"] = .string(activation.name)
        c["recurrent_activation"] = .string(recurrentActivation.name)
        c["reset_after"] = .bool(resetAfter)
        return c
    }
}
