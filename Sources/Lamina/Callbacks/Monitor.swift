/// Whether a monitored quantity should go down (`min`), up (`max`), or be inferred from its name
/// (`auto`), as in Keras's `mode="auto"|"min"|"max"`.
public enum MonitorMode: String, Sendable {
    case auto, min, max
}

enum Monitor {
    /// Keras 3's inference for EarlyStopping's `mode="auto"`: `loss` (with or without `val_`)
    /// goes down; metrics go up or down by their direction. Lamina metrics have no direction
    /// attribute, so the direction comes from the metric's name.
    static func increases(_ monitor: String, callback: String) throws -> Bool {
        let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
        if name == "loss" || name.hasSuffix("_loss") { return false }
        let up = ["accuracy", "acc", "auc", "precision", "recall", "f1_score", "fbeta_score", "iou", "r2_score"]
        let down = ["error", "crossentropy", "hinge", "divergence", "mse", "mae", "mape", "msle", "logcosh", "poisson"]
        if up.contains(where: { name == $0 || name.hasSuffix("_" + $0) || name.hasPrefix($0) }) { return true }
        if down.contains(where: { name.contains($0) }) { return false }
        throw LaminaError.value("\(callback) callback received monitor=\(monitor) but Keras isn't able to automatically determine "
            + "whether that metric should be maximized or minimized. Pass `mode='max'` in order to do early stopping based on "
            + "the highest metric value, or pass `mode='min'` in order to use the lowest value.")
    }

    /// The `Available metrics are: …` part of Keras's missing-monitor warnings.
    static func available(_ logs: [String: Float]) -> String { logs.keys.sorted().joined(separator: ",") }

    /// Python's `str(float)` for a value that Keras converted with `float(...)`.
    static func pythonFloat(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        var s = "\(v)"
        // Swift writes 1e-05 and 1e+16 as Python does; integral values keep ".0" in both.
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }
}

extension Model {
    /// The optimizer's current learning rate (Keras `model.optimizer.learning_rate`).
    func currentLearningRate(_ what: String) throws -> Float {
        guard let optimizer = compiled?.optimizer else {
            throw LaminaError.state("\(what): the model must be compiled with an optimizer")
        }
        return optimizer.currentLearningRate
    }

    /// Sets a constant learning rate; Keras refuses when the rate is a schedule.
    func setLearningRate(_ value: Float, _ what: String) throws {
        guard let optimizer = compiled?.optimizer else {
            throw LaminaError.state("\(what): the model must be compiled with an optimizer")
        }
        if case .schedule = optimizer.learningRate {
            throw LaminaError.value("This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
                + "constructor argument, hence its learning rate is not settable. If you need the learning rate to be "
                + "settable, you should instantiate the optimizer with a float `learning_rate` argument.")
        }
        optimizer.learningRate = .constant(value)
    }
}

/// Prints a warning as Python's `warnings.warn` would show it (once per message per run).
func warnOnce(_ message: String, seen: inout Set<String>, sink: TextSink) {
    guard seen.insert(message).inserted else { return }
    sink.line("UserWarning: " + message)
}
