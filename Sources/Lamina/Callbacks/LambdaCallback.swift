/// A callback made of closures (Keras `LambdaCallback`). Closures may throw; an error ends `fit`.
///
/// ```swift
/// let log = LambdaCallback(onEpochEnd: { epoch, logs in print(epoch, logs["loss"]!) })
/// ```
public final class LambdaCallback: Callback {
    public typealias EpochHook = (_ epoch: Int, _ logs: [String: Float]) throws -> Void
    public typealias BatchHook = (_ batch: Int, _ logs: [String: Float]) throws -> Void
    public typealias TrainHook = (_ logs: [String: Float]) throws -> Void

    let epochBegin: EpochHook?, epochEnd: EpochHook?
    let trainBegin: TrainHook?, trainEnd: TrainHook?
    let batchBegin: BatchHook?, batchEnd: BatchHook?

    public init(onEpochBegin: EpochHook? = nil, onEpochEnd: EpochHook? = nil,
                onTrainBegin: TrainHook? = nil, onTrainEnd: TrainHook? = nil,
                onTrainBatchBegin: BatchHook? = nil, onTrainBatchEnd: BatchHook? = nil) {
        epochBegin = onEpochBegin
        epochEnd = onEpochEnd
        trainBegin = onTrainBegin
        trainEnd = onTrainEnd
        batchBegin = onTrainBatchBegin
        batchEnd = onTrainBatchEnd
    }

    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws { try epochBegin?(epoch, logs) }
    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBegin(logs: [String: Float]) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: [String: Float]) throws { try trainEnd?(logs) }
    public override func onTrainBatchBegin(_ batch: Int, logs: [String: Float]) throws { try batchBegin?(batch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) throws { try batchEnd?(batch, logs) }
}
