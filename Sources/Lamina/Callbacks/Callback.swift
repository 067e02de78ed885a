/// Hooks into `fit`, `evaluate` and `predict` (Keras `keras.callbacks.Callback`). Logs map metric
/// names to values (`"loss"`, `"accuracy"`, `"val_loss"`…).
open class Callback {
    /// The model being trained; set by `fit` (weak, so callbacks never keep a model alive).
    public weak var model: Model?
    /// `verbose`, `epochs` and `steps` of the current run.
    public var params: [String: Int] = [:]

    public init() {}

    open func onTrainBegin(logs: [String: Float]) {}
    open func onTrainEnd(logs: [String: Float]) {}
    open func onEpochBegin(_ epoch: Int, logs: [String: Float]) {}
    open func onEpochEnd(_ epoch: Int, logs: [String: Float]) {}
    open func onTrainBatchBegin(_ batch: Int, logs: [String: Float]) {}
    open func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {}
    open func onTestBegin(logs: [String: Float]) {}
    open func onTestEnd(logs: [String: Float]) {}
    open func onTestBatchBegin(_ batch: Int, logs: [String: Float]) {}
    open func onTestBatchEnd(_ batch: Int, logs: [String: Float]) {}
    open func onPredictBegin(logs: [String: Float]) {}
    open func onPredictEnd(logs: [String: Float]) {}
    open func onPredictBatchBegin(_ batch: Int, logs: [String: Float]) {}
    open func onPredictBatchEnd(_ batch: Int, logs: [String: Float]) {}
}

/// Calls every callback in order.
struct CallbackList {
    var callbacks: [Callback]

    func each(_ body: (Callback) throws -> Void) rethrows { for c in callbacks { try body(c) } }
}
