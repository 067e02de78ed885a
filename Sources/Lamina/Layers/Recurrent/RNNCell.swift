/// The base class of recurrent cells (`SimpleRNNCell`, `LSTMCell`, `GRUCell`, `StackedRNNCells`):
/// one time step, `(input [B, in], states) → (output [B, outputSize], new states)`, run over a
/// sequence by ``RNN``. A cell is built with the step input shape `[batch, in]`.
///
/// Cells with Keras's default activations describe themselves as a fused op
/// (``fusedWeights``), which ``RNN`` then runs over the whole sequence in one backend call.
open class RNNCell: Layer {
    /// Sizes of the state tensors, each `[B, size]`.
    open var stateSizes: [Int] { [] }
    /// Size of the step output.
    open var outputSize: Int { stateSizes.first ?? 0 }
    /// Which state is the previous output (Keras repeats it at masked steps).
    open var outputStateIndex: Int { 0 }

    /// Input dropout rate, applied with one mask per sequence (training only).
    public internal(set) var dropout: Float = 0
    /// Dropout rate of the recurrent state entering the recurrent product (training only).
    public internal(set) var recurrentDropout: Float = 0
    /// Seed of the dropout masks (nil: the global random state).
    public internal(set) var seed: Int?
    var generator = RandomState.generator(seed: nil)
    /// The masks of the current sequence (Keras: one per batch, reused at every step).
    var inputDropoutMask: Tensor?
    var recurrentDropoutMask: Tensor?

    func configureDropout(_ dropout: Float, _ recurrentDropout: Float, seed: Int?) throws {
        for (n, v) in [("dropout", dropout), ("recurrent_dropout", recurrentDropout)] where !(v >= 0 && v <= 1) {
            throw LaminaError.value("Layer \"\(name)\": `\(n)` must be between 0 and 1. Received: \(n)=\(v)")
        }
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        self.seed = seed
        generator = RandomState.generator(seed: seed)
    }

    /// One step. `states` has one `[B, size]` tensor per ``stateSizes`` entry.
    open func step(_ input: Tensor, states: [Tensor], training: Bool) throws -> (output: Tensor, states: [Tensor]) {
        throw LaminaError(.unsupported, "Cell \"\(name)\" (\(className)) does not implement step(_:states:training:)")
    }

    /// The fused form of this cell, when it has one: kind and weights (Keras layouts). Nil when
    /// the cell must run step by step (custom activations, stacked cells).
    open var fusedWeights: (kind: RecurrentCellKind, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?)? { nil }

    /// Draws this sequence's dropout masks (or clears them outside training).
    open func prepareDropoutMasks(batch: Int, inputSize: Int, training: Bool) {
        inputDropoutMask = training && dropout > 0 ? dropoutMask([batch, inputSize], rate: dropout) : nil
        let u = stateSizes.first ?? 0
        recurrentDropoutMask = training && recurrentDropout > 0 ? dropoutMask([batch, u], rate: recurrentDropout) : nil
    }

    /// Forgets the masks after a sequence.
    open func clearDropoutMasks() {
        inputDropoutMask = nil
        recurrentDropoutMask = nil
    }

    /// `0` or `1 / (1 - rate)` per element.
    func dropoutMask(_ shape: [Int], rate: Float) -> Tensor {
        if rate >= 1 { return Tensor.zeros(shape) }
        return generator.dropoutMask(shape, rate: rate)
    }

    /// The step input with the input dropout mask applied, and `h` with the recurrent one.
    func droppedOut(_ x: Tensor, _ h: Tensor) -> (Tensor, Tensor) {
        (inputDropoutMask.map { x * $0 } ?? x, recurrentDropoutMask.map { h * $0 } ?? h)
    }

    /// Zero initial states for a batch.
    open func zeroStates(batch: Int) -> [Tensor] { stateSizes.map { Tensor.zeros([batch, $0]) } }

    var dropoutConfig: [String: JSONValue] {
        ["dropout": JSONValue(dropout), "recurrent_dropout": JSONValue(recurrentDropout), "seed": JSONValue(seed)]
    }

    func requireBuilt<T>(_ v: T?) throws -> T {
        guard let v else { throw LaminaError.state("Cell \"\(name)\" is not built") }
        return v
    }

    /// The step input's feature size from a build shape `[batch, in]`.
    func stepInputSize(_ inputShapes: [[Int?]]) throws -> Int {
        guard let s = inputShapes.first, s.count >= 2, let d = s.last ?? nil else {
            throw LaminaError.shape("Cell \"\(name)\": the last dimension of the step input must be defined. Received: \(describeShape(inputShapes.first ?? []))")
        }
        return d
    }
}

/// The weights and settings shared by the three Keras cells.
public struct RecurrentWeightsConfig {
    public var useBias = true
    public var kernelInitializer: any Initializer = GlorotUniform()
    public var recurrentInitializer: any Initializer = Orthogonal()
    public var biasInitializer: any Initializer = Initializers.zeros
    public init(useBias: Bool = true, kernelInitializer: any Initializer = GlorotUniform(),
                recurrentInitializer: any Initializer = Orthogonal(), biasInitializer: any Initializer = Initializers.zeros) {
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
    }

    var json: [String: JSONValue] {
        ["use_bias": .bool(useBias),
         "kernel_initializer": kernelInitializer.serialized(module: "keras.initializers"),
         "recurrent_initializer": recurrentInitializer.serialized(module: "keras.initializers"),
         "bias_initializer": biasInitializer.serialized(module: "keras.initializers"),
         "kernel_regularizer": nil, "recurrent_regularizer": nil, "bias_regularizer": nil,
         "kernel_constraint": nil, "recurrent_constraint": nil, "bias_constraint": nil]
    }
}
