extension Model {
    /// Trains on in-memory arrays (Keras `fit`) and returns the per-epoch history.
    ///
    /// - Parameters:
    ///   - x: the input, `[N, ...]`; `y`: the targets, `[N, ...]`.
    ///   - batchSize: samples per step (32 by default); the last batch may be smaller.
    ///   - verbose: 0 silent, 1 progress bar, 2 one line per epoch.
    ///   - validationSplit: the fraction of samples, taken from the end before shuffling, to
    ///     evaluate on after each epoch (ignored if `validationData` is given).
    ///   - classWeight: a weight per class index, turned into sample weights.
    /// - Throws: if the model is not compiled, or the data does not fit the model (sizes that
    ///   disagree, shapes the inputs or the loss cannot take) — before any step runs.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, batchSize: Int? = nil, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0, validationData: (Tensor, Tensor)? = nil,
                    shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil,
                    initialEpoch: Int = 0, stepsPerEpoch: Int? = nil, validationFreq: Int = 1) throws -> History {
        try fit([x], [y], batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
                validationSplit: validationSplit, validationData: validationData.map { ([$0.0], [$0.1]) },
                shuffle: shuffle, classWeight: classWeight, sampleWeight: sampleWeight, initialEpoch: initialEpoch,
                stepsPerEpoch: stepsPerEpoch, validationFreq: validationFreq)
    }

    /// `fit` for models with several inputs and/or outputs, in the model's input and output order.
    @discardableResult
    public func fit(_ x: [Tensor], _ y: [Tensor], batchSize: Int? = nil, epochs: Int = 1, verbose: Int = 1,
                    callbacks: [Callback] = [], validationSplit: Float = 0, validationData: ([Tensor], [Tensor])? = nil,
                    shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil,
                    initialEpoch: Int = 0, stepsPerEpoch: Int? = nil, validationFreq: Int = 1) throws -> History {
        let size = batchSize ?? 32
        guard size > 0 else { throw LaminaError.value("fit: batchSize must be positive. Received: batchSize=\(size)") }
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw LaminaError.value("fit: validationSplit must be in [0, 1). Received: validationSplit=\(validationSplit)")
        }
        try checkArrays(x, y, sampleWeight: sampleWeight, what: "fit")
        var weights = sampleWeight
        if let classWeight, let first = y.first {
            let cw = sampleWeights(classWeight: classWeight, y: first)
            weights = weights.map { $0 * cw } ?? cw
        }
        var train = ArraySource(x: x, y: y, sampleWeight: weights, batchSize: size, shuffle: shuffle)
        var validation: (any BatchSource)?
        if let (vx, vy) = validationData {
            try checkArrays(vx, vy, sampleWeight: nil, what: "fit (validationData)")
            validation = ArraySource(x: vx, y: vy, sampleWeight: nil, batchSize: size, shuffle: false)
        } else if validationSplit > 0 {
            let (t, v) = train.split(validationFraction: validationSplit)
            guard t.count > 0 else {
                throw LaminaError.value("fit: validationSplit=\(validationSplit) leaves no training samples out of \(train.count)")
            }
            train = t
            validation = v.count > 0 ? v : nil
        }
        return try fit(source: train, epochs: epochs, verbose: verbose, callbacks: callbacks, validation: validation,
                       initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch, validationFreq: validationFreq)
    }

    /// Trains on a sequence of batches (a data pipeline), re-iterated every epoch.
    @discardableResult
    public func fit<S: Sequence>(_ data: S, epochs: Int = 1, verbose: Int = 1, callbacks: [Callback] = [],
                                 validationData: (any BatchSource)? = nil, initialEpoch: Int = 0,
                                 stepsPerEpoch: Int? = nil, validationFreq: Int = 1) throws -> History where S.Element == Batch {
        try fit(source: SequenceSource(data), epochs: epochs, verbose: verbose, callbacks: callbacks, validation: validationData,
                initialEpoch: initialEpoch, stepsPerEpoch: stepsPerEpoch, validationFreq: validationFreq)
    }

    /// The training loop shared by every `fit`.
    public func fit(source: any BatchSource, epochs: Int, verbose: Int = 1, callbacks: [Callback] = [],
                    validation: (any BatchSource)? = nil, initialEpoch: Int = 0, stepsPerEpoch: Int? = nil,
                    validationFreq: Int = 1) throws -> History {
        let config = try requireCompiled("fit")
        guard epochs >= 0, initialEpoch >= 0, validationFreq >= 1 else {
            throw LaminaError.value("fit: epochs, initialEpoch must be >= 0 and validationFreq >= 1. Received: epochs=\(epochs), initialEpoch=\(initialEpoch), validationFreq=\(validationFreq)")
        }
        let history = History()
        // Keras's order: the user's callbacks, then History, then the progress bar, so that
        // values callbacks add to the epoch logs (`learning_rate`) are recorded and printed.
        var all: [Callback] = callbacks + [history]
        let steps = stepsPerEpoch ?? source.batchCount
        if verbose > 0 { all.append(ProgbarLogger(verbose: verbose)) }
        let list = CallbackList(callbacks: all)
        list.each { c in
            c.model = self
            c.params = ["verbose": verbose, "epochs": epochs, "steps": steps ?? -1]
        }
        stopTraining = false
        try list.each { try $0.onTrainBegin(logs: [:]) }
        var epochLogs: [String: Float] = [:]
        let firstEpoch = list.resumeEpoch ?? initialEpoch
        for epoch in firstEpoch..<max(epochs, firstEpoch) {
            config.resetMetrics()
            try list.each { try $0.onEpochBegin(epoch, logs: [:]) }
            var step = 0
            // A throwing iterator: a failing file read or transform in the pipeline stops fit
            // with its error; leaving the loop early releases (and stops) any prefetch workers.
            let batches = source.makeBatchIterator(epoch: epoch)
            while let batch = try batches.next() {
                if let stepsPerEpoch, step >= stepsPerEpoch { break }
                try checkSourceBatch(batch, step: step, epoch: epoch, what: "fit")
                try list.each { try $0.onTrainBatchBegin(step, logs: [:]) }
                try trainStep(batch, config: config)
                let logs = config.logs()
                try list.each { try $0.onTrainBatchEnd(step, logs: logs) }
                step += 1
                if stopTraining { break }
            }
            epochLogs = config.logs()
            if let validation, (epoch + 1) % validationFreq == 0 {
                let v = try evaluate(source: validation, verbose: 0, callbacks: [])
                for (k, val) in v { epochLogs["val_" + k] = val }
            }
            try list.epochEnd(epoch, logs: &epochLogs)
            if stopTraining { break }
        }
        try list.each { try $0.onTrainEnd(logs: epochLogs) }
        return history
    }

    /// Checks that a batch from a data source fits the model's inputs, naming the batch.
    func checkSourceBatch(_ batch: Batch, step: Int, epoch: Int, what: String) throws {
        do { try checkInputShapes(batch.x.map(\.shape)) } catch let e as LaminaError {
            throw LaminaError(e.kind, "\(what): batch \(step) of epoch \(epoch) from the data source does not fit the model (check the transforms): \(e.message)")
        }
    }

    /// One optimizer step on a batch (Keras `train_on_batch`); returns the logs after it.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeight: Tensor? = nil) throws -> [String: Float] {
        let config = try requireCompiled("trainOnBatch")
        try checkArrays(x, y, sampleWeight: sampleWeight, what: "trainOnBatch")
        config.resetMetrics()
        try trainStep(Batch(x: x, y: y, sampleWeight: sampleWeight), config: config)
        return config.logs()
    }

    /// Forward, loss, gradients, optimizer update, constraints and metrics for one batch.
    func trainStep(_ batch: Batch, config: CompileConfig) throws {
        if !isBuilt { _ = try noGrad { try callAsFunction(batch.x, training: false) } }
        let variables = trainableWeights
        let (outputs, masks) = try callWithMasks(batch.x, training: true)
        try checkTargets(batch.y, outputs: outputs, config: config)
        guard var loss = try totalLoss(config, y: batch.y, outputs: outputs, masks: masks, sampleWeight: batch.sampleWeight) else {
            throw LaminaError.state("Model \"\(name)\" produced no outputs")
        }
        if let reg = regularizationLoss() { loss = loss + reg }
        let grads = try gradients(of: loss, wrt: variables)
        config.optimizer.apply(grads, to: variables)
        applyConstraints()
        noGrad {
            config.lossTracker.updateValues(loss.detached().reshaped([1]), sampleWeight: Tensor([Float(batch.size)], on: loss.backend))
            updateMetrics(config, y: batch.y, outputs: outputs, masks: masks, sampleWeight: batch.sampleWeight)
        }
    }

    /// The sum of the outputs' losses times their loss weights (nil without outputs). Each loss
    /// gets its output's Keras mask, as Keras's `Loss.__call__` takes the mask attached to
    /// `y_pred`: masked entries weigh 0 and `sum_over_batch_size` averages over the unmasked ones.
    func totalLoss(_ config: CompileConfig, y: [Tensor], outputs: [Tensor], masks: [Tensor?], sampleWeight: Tensor?) throws -> Tensor? {
        var total: Tensor? = nil
        for (i, out) in outputs.enumerated() {
            let mask = i < masks.count ? masks[i] : nil
            if let mask { try checkOutputMask(mask, output: out, index: i, sampleWeight: sampleWeight) }
            let l = config.losses[i](y[i], out, sampleWeight: sampleWeight, mask: mask) * config.lossWeights[i]
            total = total.map { $0 + l } ?? l
        }
        return total
    }

    /// Updates every output's metrics with the batch; each gets its output's Keras mask, as
    /// Keras's `MeanMetricWrapper.update_state` takes the mask attached to `y_pred` (metrics
    /// that are no mean of per-entry values, such as AUC or precision, ignore it, as in Keras).
    func updateMetrics(_ config: CompileConfig, y: [Tensor], outputs: [Tensor], masks: [Tensor?] = [], sampleWeight: Tensor?) {
        for (i, ms) in config.metrics.enumerated() where i < outputs.count {
            let mask = i < masks.count ? masks[i] : nil
            for m in ms { m.update(y[i], outputs[i].detached(), sampleWeight: sampleWeight, mask: mask) }
        }
    }

    /// An output mask must cover the output's leading axes (`[B, T]` for `[B, T, C]`), and sample
    /// weights must line up with it, before they are combined.
    func checkOutputMask(_ mask: Tensor, output: Tensor, index: Int, sampleWeight: Tensor?) throws {
        let what = "Model \"\(name)\": the mask of output \(index)"
        guard mask.rank <= output.rank, Array(output.shape.prefix(mask.rank)) == mask.shape else {
            throw LaminaError.shape("\(what) has shape \(ShapeMath.describe(mask.shape)), which does not match the output's shape \(ShapeMath.describe(output.shape))")
        }
        if let w = sampleWeight, !maskWeightShapesAgree(mask.shape, w.shape) {
            throw LaminaError.shape("\(what) has shape \(ShapeMath.describe(mask.shape)), which sampleWeight of shape \(ShapeMath.describe(w.shape)) cannot be combined with; "
                + "give one weight per sample ([batch] or [batch, 1]) or one per masked entry (the mask's shape)")
        }
    }

    /// Checks inputs, targets and weights agree in number and in sample count, and the inputs fit
    /// the model, before anything runs.
    func checkArrays(_ x: [Tensor], _ y: [Tensor]?, sampleWeight: Tensor?, what: String) throws {
        guard let n = x.first?.shape.first else {
            throw LaminaError.value("\(what): expected at least one input array of rank >= 1 for model \"\(name)\"")
        }
        for (i, t) in x.enumerated() where t.shape.first != n {
            throw LaminaError.value("\(what): all input arrays must have the same number of samples. Received: input 0 has \(n) samples, input \(i) has shape \(describeShape(t.shape.map { Optional($0) }))")
        }
        if let y {
            for (i, t) in y.enumerated() where t.shape.first != n {
                throw LaminaError.value("\(what): x has \(n) samples but y[\(i)] has shape \(describeShape(t.shape.map { Optional($0) })); the first dimension must match")
            }
            let expected = graph?.outputs.count
            if let expected, !y.isEmpty, y.count != expected {
                throw LaminaError.value("\(what): model \"\(name)\" has \(expected) outputs, but \(y.count) target arrays were given")
            }
        }
        if let w = sampleWeight, w.shape.first != n {
            throw LaminaError.value("\(what): sampleWeight has shape \(describeShape(w.shape.map { Optional($0) })) but x has \(n) samples")
        }
        try checkInputShapes(x.map(\.shape))
        if let config = compiled, let y, let outs = graph?.outputs {
            for (i, (t, o)) in zip(y, outs).enumerated() where i < config.losses.count {
                try config.losses[i].checkShapes(yTrue: t.shape, yPred: o.shape, model: name)
            }
        }
    }

    func checkTargets(_ y: [Tensor], outputs: [Tensor], config: CompileConfig) throws {
        guard y.count == outputs.count else {
            throw LaminaError.value("Model \"\(name)\" has \(outputs.count) outputs, but \(y.count) target arrays were given")
        }
        for (i, (t, o)) in zip(y, outputs).enumerated() {
            try config.losses[min(i, config.losses.count - 1)].checkShapes(yTrue: t.shape, yPred: o.shape.map { Optional($0) }, model: name)
        }
        try config.resolveMetrics(yTrue: y, yPred: outputs, outputNames: outputNames)
    }
}

extension Loss {
    /// Accepts equal shapes, or shapes that differ by trailing size-1 axes.
    public func defaultCheckShapes(yTrue: [Int], yPred: [Int?], model: String) throws {
        let pred = yPred.dropFirst().map { $0 }, truth = yTrue.dropFirst().map { Optional($0) }
        var a = Array(pred), b = Array(truth)
        while a.last == 1 { a.removeLast() }
        while b.last == 1 { b.removeLast() }
        let ok = a.count == b.count && zip(a, b).allSatisfy { $0 == nil || $1 == nil || $0 == $1 }
        if !ok {
            throw LaminaError.shape("\(name): targets of shape \(describeShape([nil] + truth)) do not match the output of model \"\(model)\" of shape \(describeShape(yPred))")
        }
    }
}
