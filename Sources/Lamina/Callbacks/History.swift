/// What `fit` returns: per-epoch values of every log key (Keras `History`).
public final class History: Callback {
    /// `history["loss"]` = the loss of each epoch, and so on for every metric.
    public private(set) var history: [String: [Float]] = [:]
    /// The epoch numbers that ran (0-based).
    public private(set) var epoch: [Int] = []

    public override func onTrainBegin(logs: [String: Float]) { epoch = [] }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        self.epoch.append(epoch)
        for (k, v) in logs { history[k, default: []].append(v) }
    }

    /// The keys, sorted as Keras sorts logs.
    public var keys: [String] { history.keys.sorted() }
}
