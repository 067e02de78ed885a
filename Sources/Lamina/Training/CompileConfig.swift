/// What `compile` set: the optimizer, one loss per output with its weight, and the metrics of
/// each output (resolved from names on the first batch, when shapes are known).
public final class CompileConfig {
    public let optimizer: Optimizer
    public let losses: [any Loss]
    public let lossWeights: [Float]
    let metricSpecs: [[any MetricConvertible]]
    /// Resolved metrics per output (empty until the first batch).
    public internal(set) var metrics: [[Metric]] = []
    /// The running mean of the loss over the epoch (Keras's loss tracker).
    let lossTracker = Mean(name: "loss")

    init(optimizer: Optimizer, losses: [any Loss], lossWeights: [Float], metricSpecs: [[any MetricConvertible]]) {
        self.optimizer = optimizer
        self.losses = losses
        self.lossWeights = lossWeights
        self.metricSpecs = metricSpecs
    }

    var allMetrics: [Metric] { metrics.flatMap { $0 } }

    func resolveMetrics(yTrue: [Tensor], yPred: [Tensor], outputNames: [String]) throws {
        guard metrics.isEmpty else { return }
        var resolved: [[Metric]] = []
        for (i, specs) in metricSpecs.enumerated() where i < yPred.count {
            var ms: [Metric] = []
            for spec in specs {
                let m = try spec.makeMetric(yTrue: yTrue[i].shape, yPred: yPred[i].shape, loss: losses[min(i, losses.count - 1)])
                if yPred.count > 1 { m.name = "\(outputNames[i])_\(m.name)" }
                ms.append(m)
            }
            resolved.append(ms)
        }
        metrics = resolved
    }

    func resetMetrics() {
        lossTracker.reset()
        for m in allMetrics { m.reset() }
    }

    /// `loss` plus every metric's result.
    func logs() -> [String: Float] {
        var l: [String: Float] = ["loss": lossTracker.result()]
        for m in allMetrics { l[m.name] = m.result() }
        return l
    }
}

/// Per-fit caches.
final class TrainingCache {
    let variables: [Variable]
    init(variables: [Variable]) { self.variables = variables }
}

extension Model {
    /// Configures the model for training (Keras `compile`). Names follow Keras: optimizers
    /// `"adam"`, `"sgd"`, `"rmsprop"` (the default)…; losses `"categorical_crossentropy"`, `"mse"`…;
    /// metrics `"accuracy"` (resolved by the shapes, as Keras does), `"mae"`…
    /// - Throws: an unknown name, or a number of losses that does not match the outputs.
    public func compile(optimizer: any OptimizerConvertible = "rmsprop", loss: any LossConvertible,
                        metrics: [any MetricConvertible] = [], lossWeights: [Float]? = nil) throws {
        try compile(optimizer: optimizer, losses: [loss], metrics: [metrics], lossWeights: lossWeights)
    }

    /// `compile` for models with several outputs: one loss (or one shared) and one metric list per output.
    public func compile(optimizer: any OptimizerConvertible = "rmsprop", losses: [any LossConvertible],
                        metrics: [[any MetricConvertible]] = [], lossWeights: [Float]? = nil) throws {
        let outputCount = max(graph?.outputs.count ?? 1, 1)
        var ls = try losses.map { try $0.makeLoss() }
        if ls.count == 1 && outputCount > 1 { ls = Array(repeating: ls[0], count: outputCount) }
        guard ls.count == outputCount else {
            throw LaminaError.value("compile: model \"\(name)\" has \(outputCount) outputs, but \(ls.count) losses were given")
        }
        let weights = lossWeights ?? Array(repeating: 1, count: outputCount)
        guard weights.count == outputCount else {
            throw LaminaError.value("compile: model \"\(name)\" has \(outputCount) outputs, but lossWeights has \(weights.count) entries")
        }
        var specs = metrics
        if specs.count == 1 && outputCount > 1 { specs = Array(repeating: specs[0], count: outputCount) }
        while specs.count < outputCount { specs.append([]) }
        compiled = CompileConfig(optimizer: try optimizer.makeOptimizer(), losses: ls, lossWeights: weights, metricSpecs: specs)
    }

    /// The compile configuration, or an error naming the model if `compile` was not called.
    func requireCompiled(_ what: String) throws -> CompileConfig {
        guard let compiled else {
            throw LaminaError.state("You must call compile() before \(what) on model \"\(name)\"")
        }
        return compiled
    }

    /// Output names for metric prefixes: the producing layers' names.
    var outputNames: [String] { graph?.outputs.map(\.layer.name) ?? [name] }
}
