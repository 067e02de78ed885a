extension Model {
    /// Predictions for every batch of a data source (its targets, if any, are ignored), in
    /// order: one tensor per output, `[N, ...]` (Keras `predict` on a dataset).
    /// - Throws: the pipeline's error if a batch cannot be made, or a shape error naming the batch.
    public func predict(source: any BatchSource, verbose: Int = 0, callbacks: [Callback] = []) throws -> [Tensor] {
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
            let batches = source.makeBatchIterator(epoch: 0)
            var step = 0
            while let batch = try batches.next() {
                try list.each { try $0.onPredictBatchBegin(step, logs: [:]) }
                try checkSourceBatch(batch, step: step, epoch: 0, what: "predict")
                pieces.append(try callAsFunction(batch.x, training: false).map { $0.detached() })
                try list.each { try $0.onPredictBatchEnd(step, logs: [:]) }
                step += 1
            }
        }
        try list.each { try $0.onPredictEnd(logs: [:]) }
        guard let first = pieces.first else { return [] }
        return noGrad { (0..<first.count).map { i in Tensor.concat(pieces.map { $0[i] }, axis: 0) } }
    }
}
