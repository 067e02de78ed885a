/// Hooks into `fit`, `evaluate` and `predict` (Keras `keras.callbacks.Callback`). Logs map metric
/// names to values (`"loss"`, `"accuracy"`, `"val_loss"`…).
///
/// Every hook may throw: an error ends `fit` (or `evaluate`, `predict`) at once and is rethrown
/// to the caller, as a Python exception raised in a Keras callback does. Overrides that cannot
/// fail may leave out `throws`.
open class Callback {
    /// The model being trained; set by `fit` (weak, so callbacks never keep a model alive).
    public weak var model: Model?
    /// `verbose`, `epochs` and `steps` of the current run.
    public var params: [String: Int] = [:]
    /// Values to add to the epoch logs seen by the callbacks after this one (and by ``History``),
    /// as Keras callbacks do by writing into `logs` (e.g. `learning_rate`). Set it in
    /// ``onEpochEnd(_:logs:)``; `fit` merges and clears it.
    public var logUpdates: [String: Float] = [:]

    public init() {}

    open func onTrainBegin(logs: [String: Float]) throws {}
    open func onTrainEnd(logs: [String: Float]) throws {}
    open func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {}
    open func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {}
    open func onTrainBatchBegin(_ batch: Int, logs: [String: Float]) throws {}
    open func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) throws {}
    open func onTestBegin(logs: [String: Float]) throws {}
    open func onTestEnd(logs: [String: Float]) throws {}
    open func onTestBatchBegin(_ batch: Int, logs: [String: Float]) throws {}
    open func onTestBatchEnd(_ batch: Int, logs: [String: Float]) throws {}
    open func onPredictBegin(logs: [String: Float]) throws {}
    open func onPredictEnd(logs: [String: Float]) throws {}
    open func onPredictBatchBegin(_ batch: Int, logs: [String: Float]) throws {}
    open func onPredictBatchEnd(_ batch: Int, logs: [String: Float]) throws {}

    /// The epoch `fit` should start from instead of its `initialEpoch` (set by
    /// ``BackupAndRestore`` after restoring a backup in ``onTrainBegin(logs:)``), or nil.
    open var resumeEpoch: Int? { nil }
}

/// Calls every callback in order.
struct CallbackList {
    var callbacks: [Callback]

    func each(_ body: (Callback) throws -> Void) rethrows { for c in callbacks { try body(c) } }

    /// `onEpochEnd` on every callback in order; values a callback puts in
    /// ``Callback/logUpdates`` are added to the logs that the later callbacks receive, and to
    /// `logs` itself (Keras callbacks mutate the shared `logs` dict).
    func epochEnd(_ epoch: Int, logs: inout [String: Float]) throws {
        for c in callbacks {
            c.logUpdates = [:]
            try c.onEpochEnd(epoch, logs: logs)
            if !c.logUpdates.isEmpty {
                logs.merge(c.logUpdates) { _, new in new }
                c.logUpdates = [:]
            }
        }
    }

    /// The epoch to start from after `onTrainBegin` (the latest a callback asks for), or nil.
    var resumeEpoch: Int? { callbacks.compactMap(\.resumeEpoch).max() }
}
