import Dispatch

/// The callback behind `verbose` in `fit`, `evaluate` and `predict` (Keras `ProgbarLogger`).
///
/// - verbose 1: a progress bar; on a terminal (`interactive`) it is redrawn in place exactly as
///   Keras draws it, with `Epoch i/E` above it when there are several epochs. Not on a terminal,
///   one plain line per epoch: `Epoch 1/5 · 25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 378us/step - loss: 0.7361`.
/// - verbose 2: Keras's one line per epoch, `25/25 - 0s - 410us/step - loss: 0.7197`.
public final class ProgbarLogger: Callback {
    public enum Mode { case train, test, predict }
    let verbose: Int
    let mode: Mode
    let interactive: Bool
    /// Where the output goes (standard output by default).
    public var sink: TextSink
    var bar: ProgressBar?
    var seen = 0
    var epochs = 1
    var epoch = 0

    public init(verbose: Int = 1, mode: Mode = .train, interactive: Bool = ProgressBar.stdoutIsTerminal,
                sink: TextSink = .standardOutput) {
        self.verbose = verbose
        self.mode = mode
        self.interactive = interactive
        self.sink = sink
    }

    var steps: Int? { let s = params["steps"] ?? -1; return s >= 0 ? s : nil }

    func header() -> String { "Epoch \(epoch + 1)/\(epochs)" }

    public override func onTrainBegin(logs: [String: Float]) { epochs = params["epochs"] ?? 1 }

    public override func onEpochBegin(_ epoch: Int, logs: [String: Float]) {
        self.epoch = epoch
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive && verbose == 1, sink: sink)
        if epochs > 1 && (verbose == 2 || interactive) { sink.line(header()) }
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {
        seen = batch + 1
        if verbose == 1 { bar?.update(seen, values: logs) }
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        guard var b = bar else { return }
        if verbose == 2 {
            // Keras's verbose=2 line: `25/25 - 0s - 410us/step - accuracy: … - loss: …`.
            let now = DispatchTime.now().uptimeNanoseconds
            let perStep = b.stepDuration(seen, now: now)
            var line = steps.map { t in String(repeating: " ", count: max(0, String(t).count - String(seen).count)) + "\(seen)/\(t)" } ?? "\(seen)"
            line += " - " + ProgressBar.fixed(Double(now - b.start) / 1e9, 0) + "s - " + ProgressBar.formatPerStep(perStep)
            for key in logs.keys.sorted() {
                // Keras tests `avg > 1e-3` here (not the magnitude, as verbose=1 does).
                let v = logs[key]!
                line += " - \(key): " + (v > 1e-3 ? ProgressBar.formatValue(v) : ProgressBar.scientific(v))
            }
            sink.line(line)
        } else {
            b.finish(seen, values: logs, prefix: interactive || epochs <= 1 ? "" : header() + " · ")
        }
        bar = b
    }

    public override func onTestBegin(logs: [String: Float]) {
        guard mode == .test else { return }
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive, sink: sink)
    }
    public override func onTestBatchEnd(_ batch: Int, logs: [String: Float]) {
        guard mode == .test else { return }
        seen = batch + 1
        bar?.update(seen, values: logs)
    }
    public override func onTestEnd(logs: [String: Float]) {
        guard mode == .test, var b = bar else { return }
        b.finish(seen, values: logs)
    }

    public override func onPredictBegin(logs: [String: Float]) {
        seen = 0
        bar = ProgressBar(target: steps, interactive: interactive, sink: sink)
    }
    public override func onPredictBatchEnd(_ batch: Int, logs: [String: Float]) {
        seen = batch + 1
        bar?.update(seen, values: [:])
    }
    public override func onPredictEnd(logs: [String: Float]) {
        guard var b = bar else { return }
        b.finish(seen, values: [:])
    }
}
