/// Stops training as soon as a batch's loss is NaN or infinite (Keras `TerminateOnNaN`).
/// The current batch ends the epoch; `fit` returns normally, or throws if `raiseError` is set.
public final class TerminateOnNaN: Callback {
    public let raiseError: Bool
    /// Where the message goes.
    public var sink: TextSink = .standardOutput
    /// The batch (within its epoch) whose loss was invalid, if any.
    public private(set) var terminatedAt: Int?

    public init(raiseError: Bool = false) { self.raiseError = raiseError }

    public override func onTrainBegin(logs: [String: Float]) { terminatedAt = nil }

    public override func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) throws {
        guard let loss = logs["loss"], loss.isNaN || loss.isInfinite else { return }
        terminatedAt = batch
        if raiseError {
            throw LaminaError.state("NaN or Inf found in loss at batch \(batch), terminating training")
        }
        sink.line("Batch \(batch): Invalid loss, terminating training")
        model?.stopTraining = true
    }
}
