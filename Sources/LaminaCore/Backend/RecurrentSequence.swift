/// The recurrent cells that have a fused sequence op (Keras's default activations: `tanh` for the
/// candidate, `sigmoid` for the gates). Weight layouts are Keras's.
public enum RecurrentCellKind: Sendable, Equatable, CustomStringConvertible {
    /// `h = tanh(x·W + b + h·U)`; kernel `[in, u]`, recurrent `[u, u]`, bias `[u]`.
    case simple
    /// Gates `i, f, c, o`: kernel `[in, 4u]`, recurrent `[u, 4u]`, bias `[4u]`;
    /// `c = f·c + i·tanh(z_c)`, `h = o·tanh(c)`. States `[h, c]`.
    case lstm
    /// Gates `z, r, h`: kernel `[in, 3u]`, recurrent `[u, 3u]`. With `resetAfter` the bias is
    /// `[2, 3u]` (input bias; recurrent bias) and `hh = tanh(x_h + r·(h·U_h + b_rh))`; without, the
    /// bias is `[3u]` and `hh = tanh(x_h + (r·h)·U_h)`. `h = z·h_prev + (1 - z)·hh`.
    case gru(resetAfter: Bool)

    /// Gate blocks per unit (columns of the kernel per unit).
    public var gates: Int {
        switch self {
        case .simple: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// Number of state tensors (`[h]`, or `[h, c]` for LSTM).
    public var stateCount: Int { self == .lstm ? 2 : 1 }

    public var description: String {
        switch self {
        case .simple: return "simple"
        case .lstm: return "lstm"
        case .gru(let r): return "gru(resetAfter: \(r))"
        }
    }
}

/// The arguments of ``Backend/recurrentSequence(_:)``.
///
/// - `x`: `[B, T, in]` float32, batch-major as Keras.
/// - `kernel` `[in, G·u]`, `recurrentKernel` `[u, G·u]`, `bias` as ``RecurrentCellKind`` says, or nil.
/// - `initialStates`: one `[B, u]` tensor per state (``RecurrentCellKind/stateCount``).
/// - `mask`: float32 `[B, T]`, 1 where a step counts, 0 where it is skipped (the states are
///   carried over unchanged), or nil.
/// - `goBackwards`: step `s` reads input time `T - 1 - s`; outputs stay in processing order.
/// - `zeroOutputForMask`: the output of a skipped step is 0 instead of the carried `h` (Keras
///   sets this for the layers inside `Bidirectional` with `return_sequences`).
public struct RecurrentSequenceInputs: @unchecked Sendable {
    public var kind: RecurrentCellKind
    public var x: Tensor
    public var kernel: Tensor
    public var recurrentKernel: Tensor
    public var bias: Tensor?
    public var initialStates: [Tensor]
    public var mask: Tensor?
    public var goBackwards: Bool
    public var zeroOutputForMask: Bool

    public init(kind: RecurrentCellKind, x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                initialStates: [Tensor], mask: Tensor? = nil, goBackwards: Bool = false, zeroOutputForMask: Bool = false) {
        self.kind = kind
        self.x = x
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
        self.initialStates = initialStates
        self.mask = mask
        self.goBackwards = goBackwards
        self.zeroOutputForMask = zeroOutputForMask
    }

    public var batch: Int { x.shape[0] }
    public var steps: Int { x.shape[1] }
    public var inputSize: Int { x.shape[2] }
    public var units: Int { recurrentKernel.shape[0] }
    /// Input time read at processing step `s`.
    @inline(__always) public func time(_ s: Int) -> Int { goBackwards ? steps - 1 - s : s }
}

/// What ``Backend/recurrentSequence(_:)`` returns.
///
/// `cache` has a fixed layout so that any backend's backward can read any backend's forward:
/// 0. `gates` `[B, T, G·u]`, indexed by *input time*: the activated gates of each step
///    (simple: the candidate `h`; LSTM: `i, f, c̃, o`; GRU: `z, r, hh`), also at skipped steps;
/// 1. `hs` `[B, T, u]`, indexed by *processing step*: the carried `h` after each step;
/// 2. LSTM only: `cs` `[B, T, u]`, by processing step: the carried `c` after each step;
///    GRU with `resetAfter` only: `hz` `[B, T, u]`, by input time: `h_prev·U_h + b_rh`.
public struct RecurrentSequenceResult: @unchecked Sendable {
    public var outputs: Tensor
    public var states: [Tensor]
    public var cache: [Tensor]
    public init(outputs: Tensor, states: [Tensor], cache: [Tensor]) {
        self.outputs = outputs
        self.states = states
        self.cache = cache
    }
}

/// What ``Backend/recurrentSequenceBackward(_:dOutputs:dStates:result:)`` returns: one gradient per
/// input of ``RecurrentSequenceInputs`` (`dBias` nil when there is no bias).
public struct RecurrentSequenceGradients: @unchecked Sendable {
    public var dx: Tensor
    public var dKernel: Tensor
    public var dRecurrentKernel: Tensor
    public var dBias: Tensor?
    public var dInitialStates: [Tensor]
    public init(dx: Tensor, dKernel: Tensor, dRecurrentKernel: Tensor, dBias: Tensor?, dInitialStates: [Tensor]) {
        self.dx = dx
        self.dKernel = dKernel
        self.dRecurrentKernel = dRecurrentKernel
        self.dBias = dBias
        self.dInitialStates = dInitialStates
    }
}
