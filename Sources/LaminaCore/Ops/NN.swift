// Softmax family and the fused softmax cross-entropy.

extension Tensor {
    /// `exp(x) / Σ exp(x)` along `axis`, computed stably.
    public func softmax(axis: Int = -1) -> Tensor {
        precondition(dtype == .float32, "softmax: needs a float32 tensor, got \(dtype)")
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "softmax")
        let y = backend.softmax(self, axis: a), yd = y.detached()
        return Tensor.record("softmax", y, inputs: [self]) { g, _ in [g.backend.softmaxBackward(g, output: yd, axis: a)] }
    }

    /// `x - log Σ exp(x)` along `axis`, computed stably.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        precondition(dtype == .float32, "logSoftmax: needs a float32 tensor, got \(dtype)")
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "logSoftmax")
        let y = backend.logSoftmax(self, axis: a), yd = y.detached()
        return Tensor.record("logSoftmax", y, inputs: [self]) { g, _ in [g.backend.logSoftmaxBackward(g, output: yd, axis: a)] }
    }

    /// Per-example cross-entropy of `softmax(self)` (logits `[..., C]`) against `labels`: int32
    /// class ids of shape `[...]`, or float probabilities of shape `[..., C]`. Returns shape `[...]`.
    /// One fused pass forward and backward; gradients flow to the logits.
    public func softmaxCrossEntropy(labels: Tensor) -> Tensor {
        precondition(dtype == .float32 && rank >= 1, "softmaxCrossEntropy: logits must be a float32 tensor of rank ≥ 1")
        let classes = shape[rank - 1], lead = Array(shape.dropLast())
        let rows = ShapeMath.count(lead)
        let flatLabels: Tensor
        if labels.dtype == .float32 {
            precondition(labels.shape == shape,
                         "softmaxCrossEntropy: labels of shape \(ShapeMath.describe(labels.shape)) do not match logits of shape \(ShapeMath.describe(shape))")
            flatLabels = labels.detached().rawReshaped([rows, classes])
        } else {
            precondition(labels.shape == lead,
                         "softmaxCrossEntropy: class ids of shape \(ShapeMath.describe(labels.shape)) do not match logits of shape \(ShapeMath.describe(shape))")
            flatLabels = labels.cast(to: .int32).detached().rawReshaped([rows])
        }
        let (loss, p) = backend.softmaxCrossEntropy(logits: detached().rawReshaped([rows, classes]), labels: flatLabels)
        let pd = p.detached(), inShape = shape
        return Tensor.record("softmaxCrossEntropy", loss.rawReshaped(lead), inputs: [self]) { g, _ in
            [g.backend.softmaxCrossEntropyBackward(g.rawReshaped([rows]), probabilities: pd, labels: flatLabels).rawReshaped(inShape)]
        }
    }
}
