/// Multiplies the learning rate by `factor` when a monitored quantity has stopped improving for
/// `patience` epochs (Keras `ReduceLROnPlateau`). After a reduction, `cooldown` epochs pass
/// before waiting starts again; the rate never goes below `minLR`. Adds `learning_rate` to the
/// epoch logs (so it appears in the History).
public final class ReduceLROnPlateau: Callback {
    public let monitor: String
    public let factor: Float
    public let patience: Int
    public let verbose: Int
    public let mode: MonitorMode
    public let minDelta: Float
    public let cooldown: Int
    public let minLR: Float
    /// Epochs without improvement, and epochs of cooldown left.
    public private(set) var wait = 0
    public private(set) var cooldownCounter = 0
    /// The best value so far.
    public private(set) var best: Float = .infinity
    var increasing = false
    var warned = Set<String>()
    /// Where messages go.
    public var sink: TextSink = .standardOutput

    /// - Throws: if `factor >= 1` (Keras refuses it too).
    public init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, verbose: Int = 0,
                mode: MonitorMode = .auto, minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0) throws {
        guard factor < 1 else {
            throw LaminaError.value("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)")
        }
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        super.init()
        reset()
    }

    func reset() {
        increasing = !(mode == .min || (mode == .auto && !monitor.contains("acc")))
        best = increasing ? -.infinity : .infinity
        cooldownCounter = 0
        wait = 0
    }

    var inCooldown: Bool { cooldownCounter > 0 }

    func improves(_ a: Float, on b: Float) -> Bool { increasing ? a > b + minDelta : a < b - minDelta }

    public override func onTrainBegin(logs: [String: Float]) { reset() }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        let lr = try model.currentLearningRate("ReduceLROnPlateau")
        logUpdates["learning_rate"] = lr
        guard let current = logs[monitor] else {
            var all = logs
            all["learning_rate"] = lr
            warnOnce("Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(Monitor.available(all)).",
                     seen: &warned, sink: sink)
            return
        }
        if inCooldown {
            cooldownCounter -= 1
            wait = 0
        }
        if improves(current, on: best) {
            best = current
            wait = 0
        } else if !inCooldown {
            wait += 1
            if wait >= patience {
                let old = Double(lr)
                if old > Double(minLR) {
                    let new = Swift.max(old * Double(factor), Double(minLR))
                    try model.setLearningRate(Float(new), "ReduceLROnPlateau")
                    if verbose > 0 {
                        sink.line("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(Monitor.pythonFloat(new)).")
                    }
                    cooldownCounter = cooldown
                    wait = 0
                }
            }
        }
    }
}
