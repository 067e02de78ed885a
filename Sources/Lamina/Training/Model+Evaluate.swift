extension Model {
    /// Loss and metrics on data (Keras `evaluate`), as a dictionary (`"loss"`, `"accuracy"`, …).
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int? = nil, verbose: Int = 1,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> [String: Float] {
        try evaluate([x], [y], batchSize: batchSize, verbose: verbose, sampleWeight: sampleWeight, callbacks: callbacks)
    }

    /// `evaluate` for several inputs / outputs.
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int? = nil, verbose: Int = 1,
                         sampleWeight: Tensor? = nil, callbacks: [Callback] = []) throws -> [String: Float] {
        try checkArrays(x, y, sampleWeight: sampleWeight, what: "evaluate")
        let source = ArraySource(x: x, y: y, sampleWeight: sampleWeight, batchSize: batchSize ?? 32, shuffle: false)
        return try evaluate(source: source, verbose: verbose, callbacks: callbacks)
    }

    /// `evaluate` with Keras's list result: `[loss, metric1, metric2, …]` in compile order.
    public func evaluateList(_ x: Tensor, _ y: Tensor, batchSize: Int? = nil, verbose: Int = 0) throws -> [Float] {
        let logs = try evaluate(x, y, batchSize: batchSize, verbose: verbose)
        let config = try requireCompiled("evaluate")
        return [logs["loss"] ?? .nan] + config.allMetrics.map { logs[$0.name] ?? .nan }
    }

    /// Evaluates over any batch source.
    public func evaluate(source: any BatchSource, verbose: Int = 1, callbacks: [Callback] = []) throws -> [String: Float] {
        let config = try requireCompiled("evaluate")
        var all = callbacks
        if verbose > 0 { all.append(ProgbarLogger(verbose: verbose, mode: .test)) }
        let list = CallbackList(callbacks: all)
        list.each { c in
            c.model = self
            c.params = ["verbose": verbose, "steps": source.batchCount ?? -1]
        }
        // Validation inside fit must not disturb the training metrics: use fresh copies.
        config.resetMetrics()
        try list.each { try $0.onTestBegin(logs: [:]) }
        var step = 0
        try noGrad {
            let batches = source.makeBatchIterator(epoch: 0)
            while let batch = try batches.next() {
                try list.each { try $0.onTestBatchBegin(step, logs: [:]) }
                try checkSourceBatch(batch, step: step, epoch: 0, what: "evaluate")
                if !isBuilt { _ = try callAsFunction(batch.x, training: false) }
                let (outputs, masks) = try callWithMasks(batch.x, training: false)
                try checkTargets(batch.y, outputs: outputs, config: config)
                if var loss = try totalLoss(config, y: batch.y, outputs: outputs, masks: masks, sampleWeight: batch.sampleWeight) {
                    if let reg = regularizationLoss() { loss = loss + reg }
                    config.lossTracker.updateValues(loss.reshaped([1]), sampleWeight: Tensor([Float(batch.size)], on: loss.backend))
                }
                updateMetrics(config, y: batch.y, outputs: outputs, masks: masks, sampleWeight: batch.sampleWeight)
                let logs = config.logs()
                try list.each { try $0.onTestBatchEnd(step, logs: logs) }
                step += 1
            }
        }
        let logs = config.logs()
        try list.each { try $0.onTestEnd(logs: logs) }
        return logs
    }

    /// Loss and metrics on one batch (Keras `test_on_batch`).
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil) throws -> [String: Float] {
        try evaluate(x, y, batchSize: x.first?.shape.first ?? 1, verbose: 0, sampleWeight: sampleWeight)
    }
}
