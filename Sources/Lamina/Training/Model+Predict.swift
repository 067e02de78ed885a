extension Model {
    /// Predictions for `x`, computed in batches with no gradient recording (Keras `predict`).
    /// Memory does not grow over repeated calls.
    public func predict(_ x: Tensor, batchSize: Int? = nil, verbose: Int = 0, callbacks: [Callback] = []) throws -> Tensor {
        try predict([x], batchSize: batchSize, verbose: verbose, callbacks: callbacks)[0]
    }

    /// `predict` for several inputs; one tensor per output.
    public func predict(_ x: [Tensor], batchSize: Int? = nil, verbose: Int = 0, callbacks: [Callback] = []) throws -> [Tensor] {
        try checkArrays(x, nil, sampleWeight: nil, what: "predict")
        let source = ArraySource(x: x, y: [], sampleWeight: nil, batchSize: batchSize ?? 32, shuffle: false)
        var all = callbacks
        if verbose > 0 { all.append(ProgbarLogger(verbose: verbose, mode: .predict)) }
        let list = CallbackList(callbacks: all)
        list.each { c in
            c.model = self
            c.params = ["verbose": verbose, "steps": source.batchCount ?? -1]
        }
        try list.each { try $0.onPredictBegin(logs: [:]) }
        var pieces: [[Tensor]] = []
        try noGrad {
            for (step, batch) in source.batches(epoch: 0).enumerated() {
                try list.each { try $0.onPredictBatchBegin(step, logs: [:]) }
                pieces.append(try callAsFunction(batch.x, training: false).map { $0.detached() })
                try list.each { try $0.onPredictBatchEnd(step, logs: [:]) }
            }
        }
        try list.each { try $0.onPredictEnd(logs: [:]) }
        guard let first = pieces.first else { return [] }
        return try noGrad { (0..<first.count).map { i in Tensor.concat(pieces.map { $0[i] }, axis: 0) } }
    }

    /// Predictions for one batch, no batching or callbacks (Keras `predict_on_batch`).
    public func predictOnBatch(_ x: [Tensor]) throws -> [Tensor] {
        try checkArrays(x, nil, sampleWeight: nil, what: "predictOnBatch")
        return try noGrad { try callAsFunction(x, training: false).map { $0.detached() } }
    }
}
