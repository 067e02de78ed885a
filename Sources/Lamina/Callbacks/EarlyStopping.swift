/// Stops training when a monitored quantity has stopped improving (Keras `EarlyStopping`).
///
/// After each epoch (from `startFromEpoch` on) the monitored value is compared with the best so
/// far; an improvement must beat it by more than `minDelta`. Training stops when `patience`
/// epochs in a row bring none. With `baseline`, training also stops if the value has not beaten
/// the baseline after `patience` epochs. With `restoreBestWeights`, the weights of the best epoch
/// (kept in memory) are put back at the end of training — also when training did not stop early.
public final class EarlyStopping: Callback {
    public let monitor: String
    public let patience: Int
    public let verbose: Int
    public let mode: MonitorMode
    public let baseline: Float?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    /// `abs(minDelta)`, negated for quantities that should decrease (as Keras stores it).
    public private(set) var minDelta: Float
    /// Epochs since the last improvement.
    public private(set) var wait = 0
    /// The epoch at which training was stopped (0 if it was not).
    public private(set) var stoppedEpoch = 0
    /// The best value seen, and its epoch.
    public private(set) var best: Float?
    public private(set) var bestEpoch = 0
    var bestWeights: [Tensor]?
    var increasing: Bool?
    var warned = Set<String>()
    /// Where messages go.
    public var sink: TextSink = .standardOutput

    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, verbose: Int = 0,
                mode: MonitorMode = .auto, baseline: Float? = nil, restoreBestWeights: Bool = false,
                startFromEpoch: Int = 0) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
    }

    public override func onTrainBegin(logs: [String: Float]) {
        wait = 0
        stoppedEpoch = 0
        best = nil
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        if increasing == nil {
            switch mode {
            case .min: increasing = false
            case .max: increasing = true
            case .auto: increasing = try Monitor.increases(monitor, callback: "EarlyStopping")
            }
            if increasing == false { minDelta = -minDelta }
        }
        guard let current = logs[monitor] else {
            warnOnce("Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(Monitor.available(logs))",
                     seen: &warned, sink: sink)
            return
        }
        guard epoch >= startFromEpoch, let model else { return }
        if restoreBestWeights && bestWeights == nil { bestWeights = model.getWeights() }
        wait += 1
        if isImprovement(current, best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model.getWeights() }
            if baseline == nil || isImprovement(current, baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model.stopTraining = true
        }
    }

    public override func onTrainEnd(logs: [String: Float]) throws {
        if stoppedEpoch > 0 && verbose > 0 { sink.line("Epoch \(stoppedEpoch + 1): early stopping") }
        if restoreBestWeights, let bestWeights, let model {
            if verbose > 0 { sink.line("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
            try model.setWeights(bestWeights)
        }
    }

    func isImprovement(_ value: Float, _ reference: Float?) -> Bool {
        guard let reference else { return true }
        return increasing == true ? value - minDelta > reference : value - minDelta < reference
    }
}
