import Foundation

/// Saves the model or its weights after every epoch (Keras `ModelCheckpoint`).
///
/// `filepath` may hold Python format fields filled from the epoch (1-based) and the logs:
/// `"ckpt/{epoch:02d}-{val_loss:.2f}.lamina"`. With `saveWeightsOnly` the path must name a weights
/// format (`.safetensors`, or Keras's `.weights.h5`) and ``Layer/saveWeights(to:)`` writes it;
/// otherwise a whole-model format (`.lamina`, or Keras's `.keras`) (or
/// `.h5`) and ``Model/save(to:)`` writes the whole model. With `saveBestOnly` a file is written
/// only when the monitored value improves on the best so far (starting from
/// `initialValueThreshold` if given).
public final class ModelCheckpoint: Callback {
    public let filepath: String
    public let monitor: String
    public let verbose: Int
    public let saveBestOnly: Bool
    public let saveWeightsOnly: Bool
    public let mode: MonitorMode
    /// The best value so far (±infinity before the first save).
    public private(set) var best: Float
    let increasing: Bool
    var warned = Set<String>()
    /// Where messages go.
    public var sink: TextSink = .standardOutput

    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, initialValueThreshold: Float? = nil) throws {
        self.filepath = filepath
        self.monitor = monitor
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.mode = mode
        switch mode {
        case .min: increasing = false
        case .max: increasing = true
        case .auto: increasing = monitor.contains("acc") || monitor.hasPrefix("fmeasure")
        }
        best = initialValueThreshold ?? (increasing ? -.infinity : .infinity)
        super.init()
        if saveWeightsOnly {
            guard SaveFormat.weights(for: filepath)?.canWrite == true else {
                throw LaminaError.value("When using `saveWeightsOnly: true` in `ModelCheckpoint`, the filepath provided must end in "
                    + "\(SaveFormat.weightExtensions.map { "`\($0)`" }.joined(separator: " or ")). Received: filepath=\(filepath)")
            }
        } else if SaveFormat.model(for: filepath)?.canWrite != true {
            throw LaminaError.value("The filepath provided must end in \(SaveFormat.modelExtensions.map { "`\($0)`" }.joined(separator: " or ")). Received: filepath=\(filepath)")
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let model else { return }
        var values: [String: FilepathFormat.Value] = logs.mapValues { .float(Double($0)) }
        values["epoch"] = .int(epoch + 1)
        let path = try FilepathFormat.format(filepath, values)
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        if saveBestOnly {
            guard let current = logs[monitor] else {
                warnOnce("Can save best model only with \(monitor) available, skipping.", seen: &warned, sink: sink)
                return
            }
            if increasing ? current > best : current < best {
                if verbose > 0 {
                    sink.line("\nEpoch \(epoch + 1): \(monitor) improved from \(fmt(best)) to \(fmt(current)), saving model to \(path)")
                }
                best = current
                try save(model, to: path)
            } else if verbose > 0 {
                sink.line("\nEpoch \(epoch + 1): \(monitor) did not improve from \(fmt(best))")
            }
        } else {
            if verbose > 0 { sink.line("\nEpoch \(epoch + 1): saving model to \(path)") }
            try save(model, to: path)
        }
    }

    func save(_ model: Model, to path: String) throws {
        if saveWeightsOnly { try model.saveWeights(to: path) } else { try model.save(to: path) }
    }

    /// `{:.5f}` as Python prints it (`inf` for infinity).
    func fmt(_ v: Float) -> String { v.isInfinite ? (v > 0 ? "inf" : "-inf") : ProgressBar.fixed(Double(v), 5) }
}
