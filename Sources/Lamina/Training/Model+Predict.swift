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
        return try predict(source: source, verbose: verbose, callbacks: callbacks)
    }

    /// Predictions for one batch, no batching or callbacks (Keras `predict_on_batch`).
    public func predictOnBatch(_ x: [Tensor]) throws -> [Tensor] {
        try checkArrays(x, nil, sampleWeight: nil, what: "predictOnBatch")
        return try noGrad { try callAsFunction(x, training: false).map { $0.detached() } }
    }
}
