/// A metric that accumulates over batches and reports a value (Keras `keras.metrics.Metric`).
/// `fit` resets every metric at the start of each epoch. State lives on the host in `Double`.
open class Metric: KerasObject {
    /// The name used in logs (`"accuracy"`, `"val_accuracy"` for validation).
    public var name: String

    public init(name: String) { self.name = name }

    /// Accumulates one batch: targets, predictions (batch first) and optional per-sample weights
    /// `[batch]` (or shaped like the targets) and Keras mask.
    open func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {}
    /// The current value. For metrics whose Keras result is a vector (several thresholds,
    /// per-class scores) this is its first element; see ``resultValues()``.
    open func result() -> Float { .nan }
    /// The current value as Keras returns it: one number, or one per threshold / class.
    open func resultValues() -> [Float] { [result()] }
    /// Forgets everything accumulated.
    open func reset() {}

    open var className: String { String(describing: type(of: self)) }
    open var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32"] }
}

/// Keras's `reduce_to_samplewise_values`: lines `values` and `sampleWeight` up, reduces `values`
/// over the axes the weight lacks and then to one value per sample with `reduce`, and returns the
/// weighted per-sample values with the per-sample weights (`nil` without weights).
func reduceToSamplewise(_ values: Tensor, sampleWeight: Tensor?, reduce: (Tensor, [Int]) -> Tensor) -> (Tensor, Tensor?) {
    var v = values.detached().cast(to: .float32)
    var weight: Tensor? = nil
    if let sw = sampleWeight?.detached().cast(to: .float32) {
        var w: Tensor
        (v, w) = squeezeOrExpandToSameRank(v, sw)
        let wRank = w.rank
        if v.rank > wRank { v = reduce(v, Array(wRank..<v.rank)) }
        w = w.broadcast(to: v.shape)
        v = v * w
        if wRank > 1 { w = reduce(w, Array(1..<wRank)) }
        weight = w
    }
    if v.rank > 1 { v = reduce(v, Array(1..<v.rank)) }
    return (v, weight)
}

/// The weighted mean of values (Keras `keras.metrics.Mean`); the base of most metrics. Values of
/// rank > 1 are first averaged to one value per sample; each sample then counts with its weight.
open class Mean: Metric {
    var total: Double = 0
    var count: Double = 0

    public override init(name: String = "mean") { super.init(name: name) }

    /// Adds values `[batch, …]` (or a scalar) with optional weights (`[batch]`, or shaped like
    /// the values up to trailing axes).
    public func updateValues(_ values: Tensor, sampleWeight: Tensor? = nil) {
        let (v, w) = reduceToSamplewise(values, sampleWeight: sampleWeight) { $0.mean(axes: $1) }
        total += Double(v.sum().item())
        if let w {
            count += Double(w.sum().item())
        } else {
            count += v.rank >= 1 ? Double(v.shape[0]) : 1
        }
    }

    /// `update` of a plain `Mean` averages `yPred` (Keras's `update_state(values)`).
    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        updateValues(yPred, sampleWeight: sampleWeight)
    }
    open override func result() -> Float { count == 0 ? 0 : Float(total / count) }
    open override func reset() { total = 0; count = 0 }
    open override var className: String { "Mean" }
}

/// The weighted sum of values (Keras `keras.metrics.Sum`).
open class Sum: Metric {
    var total: Double = 0

    public override init(name: String = "sum") { super.init(name: name) }

    /// Adds the values `[batch, …]` (or a scalar), each times its weight when weights are given.
    public func updateValues(_ values: Tensor, sampleWeight: Tensor? = nil) {
        let (v, _) = reduceToSamplewise(values, sampleWeight: sampleWeight) { $0.sum(axes: $1) }
        total += Double(v.sum().item())
    }

    /// `update` of `Sum` adds up `yPred` (Keras's `update_state(values)`).
    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        updateValues(yPred, sampleWeight: sampleWeight)
    }
    open override func result() -> Float { Float(total) }
    open override func reset() { total = 0 }
    open override var className: String { "Sum" }
}

/// A metric from a function of (yTrue, yPred) giving per-sample values, averaged with weights
/// (Keras `MeanMetricWrapper`): accuracy, MSE, MAE, cross-entropies as metrics…
open class MeanMetricWrapper: Mean {
    let function: (Tensor, Tensor) -> Tensor
    let kerasClass: String

    public init(name: String, className: String, _ function: @escaping (Tensor, Tensor) -> Tensor) {
        self.function = function
        kerasClass = className
        super.init(name: name)
    }

    /// Evaluates the function on the batch and adds its values; a mask becomes part of the
    /// weights (Keras's `apply_mask` with `reduction="sum"`).
    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        let values = noGrad { function(yTrue.detached(), yPred.detached()) }
        var weight = sampleWeight
        if let mask {
            let m = mask.cast(to: .float32)
            weight = weight.map { maskedWeight(m, $0.cast(to: .float32)) } ?? m
        }
        updateValues(values, sampleWeight: weight)
    }
    open override var className: String { kerasClass }
}
