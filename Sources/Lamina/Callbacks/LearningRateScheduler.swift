/// Sets the learning rate at the start of every epoch from `schedule(epoch, currentRate)`
/// (Keras `LearningRateScheduler`; `epoch` is 0-based). Adds `learning_rate` to the epoch logs.
public final class LearningRateScheduler: Callback {
    public let schedule: (Int, Float) throws -> Float
    public let verbose: Int
    /// Where messages go.
    public var sink: TextSink = .standardOutput

    public init(schedule: @escaping (_ epoch: Int, _ learningRate: Float) throws -> Float, verbose: Int = 0) {
        self.schedule = schedule
        self.verbose = verbose
    }

    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        let lr = try schedule(epoch, try model.currentLearningRate("LearningRateScheduler"))
        try model.setLearningRate(lr, "LearningRateScheduler")
        if verbose > 0 {
            sink.line("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(Monitor.pythonFloat(Double(lr))).")
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        logUpdates["learning_rate"] = try model.currentLearningRate("LearningRateScheduler")
    }
}
