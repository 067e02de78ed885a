/// A metric that accumulates over batches and reports a value (Keras `keras.metrics.Metric`).
/// `fit` resets every metric at the start of each epoch.
open class Metric: KerasObject {
    /// The name used in logs (`"accuracy"`, `"val_accuracy"` for validation).
    public var name: String

    public init(name: String) { self.name = name }

    /// Accumulates one batch.
    open func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {}
    /// The current value.
    open func result() -> Float { .nan }
    /// Forgets everything accumulated.
    open func reset() {}

    open var className: String { String(describing: type(of: self)) }
    open var config: [String: JSONValue] { ["name": .string(name), "dtype": "float32"] }
}

/// The weighted mean of values (Keras `Mean`); the base of most metrics.
open class Mean: Metric {
    var total: Double = 0
    var count: Double = 0

    public override init(name: String = "mean") { super.init(name: name) }

    /// Adds values with optional weights (broadcast to the values' shape).
    public func updateValues(_ values: Tensor, sampleWeight: Tensor? = nil) {
        let v = values.detached().cast(to: .float32)
        if let w = sampleWeight?.detached().cast(to: .float32) {
            let wb = w.reshaped(alignedShape(w.shape, to: v.rank))
            let shape = ShapeMath.broadcast(v.shape, wb.shape) ?? v.shape
            total += Double((v * wb).sum().item())
            count += Double(wb.broadcast(to: shape).sum().item())
        } else {
            total += Double(v.sum().item())
            count += Double(v.count)
        }
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        updateValues(yPred, sampleWeight: sampleWeight)
    }
    open override func result() -> Float { count == 0 ? 0 : Float(total / count) }
    open override func reset() { total = 0; count = 0 }
    open override var className: String { "Mean" }
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

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        let values = noGrad { function(yTrue.detached(), yPred.detached()) }
        var weight = sampleWeight
        if let mask {
            let m = mask.cast(to: .float32)
            weight = weight.map { $0.cast(to: .float32).reshaped(alignedShape($0.shape, to: m.rank)) * m } ?? m
        }
        updateValues(values, sampleWeight: weight)
    }
    open override var className: String { kerasClass }
}
