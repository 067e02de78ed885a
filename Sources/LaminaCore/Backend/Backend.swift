/// Elementwise functions of one argument. Float-only except `neg`, `abs`, `sign`, `square`
/// (also on int32) and `logicalNot` (on bool).
public enum UnaryOp: String, CaseIterable, Sendable {
    case neg, abs, sign, square, exp, log, sqrt, rsqrt, reciprocal
    case tanh, sigmoid, relu, softplus, sin, cos, erf, log1p, expm1, floor, ceil, round
    case logicalNot
}

/// Elementwise functions of two arguments, with NumPy broadcasting. Comparisons and logical ops
/// return `bool`; arithmetic keeps the input dtype (`div` and `mod` on int32 floor, as NumPy does).
public enum BinaryOp: String, CaseIterable, Sendable {
    case add, sub, mul, div, pow, maximum, minimum, mod
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case logicalAnd, logicalOr

    /// True for the ops that return `bool`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .logicalAnd, .logicalOr: return true
        default: return false
        }
    }
}

/// Reductions over a set of axes.
public enum ReduceOp: String, CaseIterable, Sendable { case sum, mean, max, min, prod }

/// Reductions that return the index of the extreme element along one axis.
public enum ArgReduceOp: String, CaseIterable, Sendable { case argmax, argmin }

/// The computational core that every tensor operation runs on.
///
/// A backend implements a small set of **primitives** (memory, elementwise by op enum with
/// broadcasting, reductions, movement, gather/scatter-add, batched matmul) and may override the
/// **fused ops** (linear, softmax, softmax cross-entropy, optimizer steps, ...), which are declared
/// here with composite default bodies in `Backend+Composite.swift`, each with its own backward.
/// Gradients are not the backend's business: the autodiff rules in LaminaCore call these methods,
/// so a new backend gets training for free once its primitives are right.
///
/// Conventions for every method:
/// - Inputs are contiguous row-major tensors of this backend; results are new tensors of this
///   backend (except the `…Update` ops, which write into their first arguments).
/// - Axes are already normalised (non-negative, sorted, unique) and shapes already checked by the
///   caller in LaminaCore; a backend may assume valid arguments.
/// - Float accumulations may be done in any order; the conformance suite compares each backend with
///   ``ReferenceBackend`` within a tolerance.
///
/// To add a backend, conform a final class to `Backend`, implement the primitives, run the
/// conformance suite (`Tests/LaminaCPUTests/Conformance`) against it, then override the fused ops
/// that matter for speed. Register it with ``Backends/register(name:factory:)`` so that
/// `LAMINA_BACKEND=<name>` selects it.
public protocol Backend: AnyObject, Sendable {
    /// Short name, as used by `LAMINA_BACKEND` (`"cpu"`, `"reference"`).
    var name: String { get }

    // MARK: Memory
    /// A tensor holding a copy of `values`.
    func makeTensor(floats values: UnsafeBufferPointer<Float>, shape: [Int]) -> Tensor
    /// A tensor holding a copy of `values` (`dtype` is `.int32` or `.bool`).
    func makeTensor(ints values: UnsafeBufferPointer<Int32>, shape: [Int], dtype: DType) -> Tensor
    /// A tensor whose every element is `value` (converted to `dtype`).
    func full(_ value: Float, shape: [Int], dtype: DType) -> Tensor
    /// The elements as floats.
    func readFloats(_ x: Tensor) -> [Float]
    /// The elements as Int32 (floats truncated toward zero).
    func readInts(_ x: Tensor) -> [Int32]
    /// Overwrites `destination`'s elements with `source`'s (same count and dtype), in place.
    func copy(_ source: Tensor, into destination: Tensor)

    // MARK: Elementwise
    func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor
    /// `a op b` with NumPy broadcasting; `a` and `b` have the same dtype.
    func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor
    /// `condition ? a : b` elementwise, with broadcasting of all three; `condition` of any dtype
    /// (non-zero is true); `a` and `b` of the same dtype.
    func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor
    /// Converts elements to `dtype` (float → int truncates toward zero; to bool is `!= 0`).
    func cast(_ x: Tensor, to dtype: DType) -> Tensor

    // MARK: Reductions
    /// Reduces over `axes`, which are dropped from the result's shape. `mean` and `prod` of an
    /// empty set are NaN and 1, `max`/`min` of an empty set are -inf/+inf.
    func reduce(_ op: ReduceOp, _ x: Tensor, axes: [Int]) -> Tensor
    /// Index (int32) of the first maximum/minimum along `axis`, which is dropped.
    func argReduce(_ op: ArgReduceOp, _ x: Tensor, axis: Int) -> Tensor

    // MARK: Movement
    /// Reorders axes: result dimension `i` is input dimension `permutation[i]`.
    func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor
    /// Repeats size-1 (or missing leading) dimensions to reach `shape`.
    func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor
    /// Elements `start[d] + i·strides[d]` for `i` in `0..<shape[d]` along each axis (strides ≥ 1).
    func slice(_ x: Tensor, start: [Int], shape: [Int], strides: [Int]) -> Tensor
    /// The adjoint of `slice`: a zero tensor of `inputShape` with `x` written at the sliced places.
    func unslice(_ x: Tensor, inputShape: [Int], start: [Int], strides: [Int]) -> Tensor
    /// Pads each axis with `before[d]` and `after[d]` copies of `value`.
    func pad(_ x: Tensor, before: [Int], after: [Int], value: Float) -> Tensor
    /// Joins tensors of one dtype along `axis`; other dimensions match.
    func concat(_ xs: [Tensor], axis: Int) -> Tensor

    // MARK: Indexing
    /// `x` indexed along `axis` by the int32 `indices` (each in range): the result has shape
    /// `x.shape[..<axis] + indices.shape + x.shape[(axis+1)...]`.
    func gather(_ x: Tensor, indices: Tensor, axis: Int) -> Tensor
    /// The adjoint of `gather`: zeros of `shape`, then `updates` added at `indices` along `axis`
    /// (repeated indices accumulate).
    func scatterAdd(_ updates: Tensor, indices: Tensor, axis: Int, shape: [Int]) -> Tensor

    // MARK: Linear algebra
    /// Batched matrix product of float tensors of rank ≥ 2: `a` is `[..., M, K]` (or `[..., K, M]`
    /// if `transposeA`), `b` is `[..., K, N]` (or `[..., N, K]`); batch dimensions broadcast.
    func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor

    // MARK: Fused ops (composite defaults in Backend+Composite.swift)
    /// `x · weight + bias` over the last axis: x `[..., in]`, weight `[in, out]`, bias `[out]`.
    func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor
    /// Gradients of `linear` for the upstream gradient `dy` `[..., out]`: (dx, dWeight, dBias).
    func linearBackward(_ dy: Tensor, x: Tensor, weight: Tensor, hasBias: Bool) -> (Tensor, Tensor, Tensor?)
    /// Numerically stable softmax along `axis`.
    func softmax(_ x: Tensor, axis: Int) -> Tensor
    /// Gradient of softmax given its output `y` and upstream `dy`: `y·(dy - Σ dy·y)`.
    func softmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor
    /// Numerically stable log-softmax along `axis`.
    func logSoftmax(_ x: Tensor, axis: Int) -> Tensor
    /// Gradient of log-softmax given its output `y` and upstream `dy`: `dy - exp(y)·Σ dy`.
    func logSoftmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor
    /// Cross-entropy of softmax(logits) against labels, per row: logits `[N, C]`; labels int32
    /// class ids `[N]` or float probabilities `[N, C]`. Returns (loss `[N]`, softmax `[N, C]`).
    func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> (loss: Tensor, probabilities: Tensor)
    /// Gradient with respect to the logits for the upstream gradient `dLoss` `[N]`.
    func softmaxCrossEntropyBackward(_ dLoss: Tensor, probabilities: Tensor, labels: Tensor) -> Tensor
    /// Gradient of `relu` for the upstream gradient `dy` given its input: `dy·(x > 0 ? 1 : 0)`.
    func reluBackward(_ dy: Tensor, input x: Tensor) -> Tensor
    // Ops followed by ReLU in one pass (composites in Backend+ReluFused.swift), for the layer pairs
    // a Functional graph fuses (BatchNormalization → ReLU, Add → ReLU).
    /// `batchNormTraining`, then ReLU of the output when `relu`; the statistics are those of `x`.
    func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float, relu: Bool) -> (Tensor, Tensor, Tensor)
    /// `x·scale + shift` with `scale` and `shift` of shape `[C]` over the last axis of `x` (batch
    /// normalization at inference), then ReLU when `relu`.
    func channelAffine(_ x: Tensor, scale: Tensor, shift: Tensor, relu: Bool) -> Tensor
    /// `max(a + b, 0)` for `a` and `b` of one shape.
    func addRelu(_ a: Tensor, _ b: Tensor) -> Tensor
    // MARK: Fused ops — convolution, pooling, normalization (composites in Backend+Vision.swift)
    /// 2-D convolution over NHWC input `[N, H, W, C]` with filter `[KH, KW, C/groups, O]` →
    /// `[N, OH, OW, O]` (cross-correlation, as Keras).
    func conv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor
    /// `conv2d`, plus a per-channel `bias` `[O]` (or nil), then ReLU when `relu`: the Conv2D layer's
    /// output in one pass (see `Tensor.conv2d(filter:bias:relu:_:)` for its gradient).
    func conv2dBiasActivation(_ x: Tensor, filter: Tensor, bias: Tensor?, relu: Bool, _ p: ConvolutionParameters) -> Tensor
    /// Gradient of `conv2d` with respect to its input (also Conv2DTranspose's forward).
    func conv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor
    /// Gradient of `conv2d` with respect to its filter.
    func conv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor
    /// Depthwise convolution: input `[N, H, W, C]`, filter `[KH, KW, C, M]` → `[N, OH, OW, C·M]`
    /// (output channel `c·M + m` uses filter `[.., c, m]`).
    func depthwiseConv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor
    func depthwiseConv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor
    func depthwiseConv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor
    /// Max or average pooling of NHWC input with window `[KH, KW]`; padded cells never win a max
    /// and are not counted in an average (Keras's "same" behaviour).
    func pool2d(_ x: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor
    /// Gradient of `pool2d` with respect to its input, given the forward input and output.
    func pool2dBackward(_ dy: Tensor, input x: Tensor, output y: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor
    /// Batch normalization over every axis but the last, with batch statistics:
    /// returns `(y, mean, variance)`, the statistics of shape `[C]` (population variance).
    func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Tensor, Tensor)
    /// Gradients `(dx, dGamma, dBeta)` of `batchNormTraining` given its input and statistics.
    func batchNormTrainingBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor,
                                   epsilon: Float) -> (Tensor, Tensor, Tensor)


    // MARK: Fused ops — recurrent sequences (composites in Backend+Recurrent.swift)
    // One call runs a whole sequence: the input projection of all steps at once, then per step the
    // recurrent product and the gate math. See ``RecurrentSequenceInputs`` for shapes, masks and
    // the meaning of `goBackwards`; ``RecurrentSequenceResult/cache`` for what backward receives.
    /// Runs `p.kind` over the sequence: outputs `[B, T, units]` in processing order, the final
    /// (carried) states, and the cache that ``recurrentSequenceBackward(_:dOutputs:dStates:result:)`` needs.
    func recurrentSequence(_ p: RecurrentSequenceInputs) -> RecurrentSequenceResult
    /// Gradients of `recurrentSequence` for the upstream gradients of the outputs (`[B, T, units]`
    /// or nil) and of the final states (nil entries are zero), given the forward's `result`.
    func recurrentSequenceBackward(_ p: RecurrentSequenceInputs, dOutputs: Tensor?, dStates: [Tensor?],
                                   result: RecurrentSequenceResult) -> RecurrentSequenceGradients

    // MARK: Fused ops — layer/RMS normalization and attention (composites in Backend+Attention.swift)
    /// Layer normalization over the last axis: x `[..., C]`, gamma and beta `[C]` (nil = 1 and 0).
    /// Returns `(y, mean, invStd)` with `y = (x − mean)·invStd·gamma + beta`, the statistics of
    /// shape `[rows]` (`rows = x.count / C`) and `invStd = 1/sqrt(variance + epsilon)` (population variance).
    func layerNorm(_ x: Tensor, gamma: Tensor?, beta: Tensor?, epsilon: Float) -> (Tensor, Tensor, Tensor)
    /// Gradients `(dx, dGamma [C], dBeta [C])` of `layerNorm` given its input and statistics.
    func layerNormBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor?, mean: Tensor, invStd: Tensor) -> (Tensor, Tensor, Tensor)
    /// RMS normalization over the last axis: `y = x·rsqrt(mean(x²) + epsilon)·scale`, x `[..., C]`,
    /// scale `[C]` (nil = 1). Returns `(y, invRms [rows])`.
    func rmsNorm(_ x: Tensor, scale: Tensor?, epsilon: Float) -> (Tensor, Tensor)
    /// Gradients `(dx, dScale [C])` of `rmsNorm` given its input and `invRms`.
    func rmsNormBackward(_ dy: Tensor, input x: Tensor, scale: Tensor?, invRms: Tensor) -> (Tensor, Tensor)
    /// Scaled dot-product attention: q `[B, H, Tq, D]`, k `[B, H, Tk, D]`, v `[B, H, Tk, Dv]`;
    /// `mask` a bool tensor of rank 4 broadcastable to `[B, H, Tq, Tk]` (true = attend) or nil;
    /// `causal` also hides key `j > i` from query `i`. Scores `scale·q·kᵀ` get -1e9 at hidden
    /// places before a softmax over keys, and the probabilities are 0 there afterwards (Keras's
    /// masked `Softmax`, so a query that sees no key gets zeros). Returns (output `[B, H, Tq, Dv]`,
    /// probabilities `[B, H, Tq, Tk]`).
    func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Float, causal: Bool) -> (output: Tensor, probabilities: Tensor)
    /// Gradients `(dq, dk, dv)` of `attention` for upstream gradients of the output and/or of the
    /// probabilities (either may be nil; `dv` is nil when `dOutput` is).
    func attentionBackward(_ dOutput: Tensor?, dProbabilities: Tensor?, q: Tensor, k: Tensor, v: Tensor,
                           probabilities: Tensor, scale: Float) -> (Tensor, Tensor, Tensor?)


    // MARK: Optimizer steps (in place; composite defaults in Backend+Optimizers.swift)
    // One fused op per parameter per step. `optimizerUpdate` covers every Keras optimizer through
    // ``OptimizerRule``; `sgdUpdate` and `adamUpdate` are the SGD and Adam cases under their own
    // names (kept for callers that use them directly). A backend overriding `optimizerUpdate`
    // should switch over the rule and may fall back to `compositeOptimizerUpdate` for the rest.
    /// In place: `velocity = momentum·velocity - lr·g; param += velocity` (Nesterov:
    /// `param += momentum·velocity - lr·g`); plain `param -= lr·g` when `velocity` is nil.
    func sgdUpdate(_ param: Tensor, gradient: Tensor, velocity: Tensor?, learningRate: Float, momentum: Float, nesterov: Bool)
    /// In place: Keras's Adam step (see ``AdamHyperparameters``); `vHat` is the AMSGrad slot or nil.
    func adamUpdate(_ param: Tensor, gradient: Tensor, m: Tensor, v: Tensor, vHat: Tensor?, _ h: AdamHyperparameters)
    /// In place: one step of `rule` on `param` and its `slots` (``OptimizerRule/slotCount`` of
    /// them, in the order the rule documents), all of `param`'s shape. When `decay` is non-zero,
    /// Keras's decoupled weight decay `param -= param·decay` (`decay = weightDecay·lr`) comes first.
    /// The gradient is left alone.
    func optimizerUpdate(_ rule: OptimizerRule, param: Tensor, gradient: Tensor, slots: [Tensor], decay: Float)
}
