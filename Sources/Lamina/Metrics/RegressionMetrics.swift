// Regression metrics. Those whose Keras names clash with losses live in `Metrics`
// (`Metrics.MeanSquaredError` vs the loss `MeanSquaredError`).

extension Metrics {
    /// The mean of `mean((yTrue - yPred)², axis: -1)` over samples (`keras.metrics.MeanSquaredError`).
    public final class MeanSquaredError: MeanMetricWrapper {
        public init(name: String = "mean_squared_error") {
            super.init(name: name, className: "MeanSquaredError", Lamina.MeanSquaredError().perSample)
        }
    }

    /// The mean of `mean(|yTrue - yPred|, axis: -1)` over samples (`keras.metrics.MeanAbsoluteError`).
    public final class MeanAbsoluteError: MeanMetricWrapper {
        public init(name: String = "mean_absolute_error") {
            super.init(name: name, className: "MeanAbsoluteError", Lamina.MeanAbsoluteError().perSample)
        }
    }

    /// The mean absolute percentage error over samples (`keras.metrics.MeanAbsolutePercentageError`).
    public final class MeanAbsolutePercentageError: MeanMetricWrapper {
        public init(name: String = "mean_absolute_percentage_error") {
            super.init(name: name, className: "MeanAbsolutePercentageError", Lamina.MeanAbsolutePercentageError().perSample)
        }
    }

    /// The mean squared logarithmic error over samples (`keras.metrics.MeanSquaredLogarithmicError`).
    public final class MeanSquaredLogarithmicError: MeanMetricWrapper {
        public init(name: String = "mean_squared_logarithmic_error") {
            super.init(name: name, className: "MeanSquaredLogarithmicError", Lamina.MeanSquaredLogarithmicError().perSample)
        }
    }

    /// A metric that averages a loss's per-sample values (Keras's loss-named metrics: `Hinge`,
    /// `KLDivergence`, `Poisson`, the cross-entropies, `CosineSimilarity`, `LogCoshError`).
    /// `sign` is -1 for cosine similarity, which Keras reports as a similarity, not a loss.
    public static func fromLoss(_ loss: any Loss, name: String, className: String, sign: Float = 1) -> MeanMetricWrapper {
        MeanMetricWrapper(name: name, className: className) { t, p in
            let v = loss.perSample(t, p)
            return sign == 1 ? v : v * sign
        }
    }
}

/// The square root of the weighted mean of squared errors (`keras.metrics.RootMeanSquaredError`).
/// Targets and predictions `[batch, …]`, equal up to a trailing 1.
public final class RootMeanSquaredError: Mean {
    public override init(name: String = "root_mean_squared_error") { super.init(name: name) }
    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        let (t, p) = squeezeOrExpandToSameRank(yTrue.detached().cast(to: .float32), yPred.detached().cast(to: .float32))
        updateValues((p - t).squared(), sampleWeight: sampleWeight)
    }
    public override func result() -> Float { super.result().squareRoot() }
    public override var className: String { "RootMeanSquaredError" }
}

/// The coefficient of determination R² (`keras.metrics.R2Score`), per output column of targets and
/// predictions `[batch, outputs]`, combined by `classAggregation`; adjusted for `numRegressors`
/// when that is not 0.
public final class R2Score: Metric {
    /// How per-output scores are combined: their mean, a mean weighted by the targets' variance,
    /// or none (one score per output, see ``resultValues()``).
    public enum ClassAggregation: String, Sendable {
        case uniformAverage = "uniform_average", varianceWeightedAverage = "variance_weighted_average"
    }

    public let classAggregation: ClassAggregation?
    public let numRegressors: Int
    var sum: [Double] = [], squaredSum: [Double] = [], totalMSE: [Double] = [], count: [Double] = []
    var numSamples: Double = 0

    public init(classAggregation: ClassAggregation? = .uniformAverage, numRegressors: Int = 0, name: String = "r2_score") {
        precondition(numRegressors >= 0, "Invalid value for argument `numRegressors`. Expected a value >= 0. Received: numRegressors=\(numRegressors)")
        self.classAggregation = classAggregation; self.numRegressors = numRegressors
        super.init(name: name)
    }

    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        let (t, p) = squeezeOrExpandToSameRank(yTrue.detached().cast(to: .float32), yPred.detached().cast(to: .float32))
        precondition(t.rank == 2 && p.rank == 2, "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=\(describeShape(p.shape.map { Optional($0) })) and y_true.shape=\(describeShape(t.shape.map { Optional($0) })).")
        let rows = t.shape[0], cols = t.shape[1]
        if sum.count != cols {
            sum = Array(repeating: 0, count: cols); squaredSum = sum; totalMSE = sum; count = sum
        }
        var w = sampleWeight?.detached().cast(to: .float32) ?? Tensor.full(1, shape: [], on: t.backend)
        if w.rank == 1 { w = w.expandingDims(at: 1) }
        let ws = w.broadcast(to: t.shape).scalars(), ts = t.scalars(), ps = p.scalars()
        for r in 0..<rows {
            for c in 0..<cols {
                let i = r * cols + c
                let weight = Double(ws[i]), truth = Double(ts[i]), error = Double(ts[i]) - Double(ps[i])
                sum[c] += truth * weight
                squaredSum[c] += truth * truth * weight
                totalMSE[c] += error * error * weight
                count[c] += weight
            }
        }
        numSamples += Double(t.count)
    }

    public override func resultValues() -> [Float] {
        var total = [Double](), raw = [Double]()
        for c in sum.indices {
            let mean = sum[c] / count[c]
            let tot = squaredSum[c] - sum[c] * mean
            let score = 1 - totalMSE[c] / tot
            total.append(tot)
            raw.append(score.isInfinite ? 0 : score)
        }
        var scores: [Double]
        switch classAggregation {
        case .uniformAverage?: scores = [raw.reduce(0, +) / Double(raw.count)]
        case .varianceWeightedAverage?:
            scores = [zip(total, raw).reduce(0) { $0 + $1.0 * $1.1 } / total.reduce(0, +)]
        case nil: scores = raw
        }
        let n = numSamples, k = Double(numRegressors)
        if numRegressors != 0 && k < n - 1 {
            scores = scores.map { 1 - (1 - $0) * (n - 1) / (n - k - 1) }
        }
        return scores.map { Float($0) }
    }
    public override func result() -> Float { resultValues().first ?? .nan }
    public override func reset() {
        sum = []; squaredSum = []; totalMSE = []; count = []; numSamples = 0
    }
    public override var className: String { "R2Score" }
    public override var config: [String: JSONValue] {
        ["name": .string(name), "dtype": "float32", "class_aggregation": classAggregation.map { .string($0.rawValue) } ?? .null,
         "num_regressors": JSONValue(numRegressors)]
    }
}
