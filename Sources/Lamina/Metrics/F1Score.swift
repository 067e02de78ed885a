/// The F-beta score, `(1 + β²)·P·R / (β²·P + R)` (`keras.metrics.FBetaScore`), from per-class
/// true/false positive and false negative counts. Targets and predictions `[batch, classes]`;
/// sample weights `[batch]`.
///
/// Without a `threshold` the highest prediction(s) of each row count as positive; with one,
/// predictions above it. `average` is nil (one score per class), `.micro` (global counts),
/// `.macro` (unweighted mean over classes) or `.weighted` (mean weighted by class support).
open class FBetaScore: Metric {
    /// How per-class scores are combined.
    public enum Average: String, Sendable { case micro, macro, weighted }

    public let average: Average?
    public let beta: Float
    public let threshold: Float?
    var truePositives: [Double] = []
    var falsePositives: [Double] = []
    var falseNegatives: [Double] = []
    var intermediateWeights: [Double] = []

    public init(average: Average? = nil, beta: Float = 1, threshold: Float? = nil, name: String = "fbeta_score") {
        precondition(beta > 0, "Invalid `beta` argument value. It should be > 0. Received: beta=\(beta)")
        if let threshold {
            precondition(threshold > 0 && threshold <= 1, "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold=\(threshold)")
        }
        self.average = average; self.beta = beta; self.threshold = threshold
        super.init(name: name)
    }

    open override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        precondition(yTrue.rank == 2 && yPred.rank == 2,
                     "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=\(describeShape(yPred.shape.map { Optional($0) })) and y_true.shape=\(describeShape(yTrue.shape.map { Optional($0) })).")
        let rows = yPred.shape[0], classes = yPred.shape[1]
        let slots = average == .micro ? 1 : classes
        if truePositives.count != slots {
            truePositives = Array(repeating: 0, count: slots)
            falsePositives = truePositives; falseNegatives = truePositives; intermediateWeights = truePositives
        }
        let p = yPred.detached().cast(to: .float32).scalars(), t = yTrue.detached().cast(to: .float32).scalars()
        let w = sampleWeight.map { $0.detached().cast(to: .float32).reshaped([-1]).broadcast(to: [rows]).scalars() }
        for r in 0..<rows {
            let row = p[(r * classes)..<((r + 1) * classes)]
            let rowMax = row.max() ?? 0
            let weight = Double(w?[r] ?? 1)
            for c in 0..<classes {
                let v = p[r * classes + c]
                let predicted: Double = (threshold.map { v > $0 } ?? (v >= rowMax && Swift.abs(v) > 1e-9)) ? 1 : 0
                let truth = Double(t[r * classes + c])
                let slot = average == .micro ? 0 : c
                truePositives[slot] += predicted * truth * weight
                falsePositives[slot] += predicted * (1 - truth) * weight
                falseNegatives[slot] += (1 - predicted) * truth * weight
                intermediateWeights[slot] += truth * weight
            }
        }
    }

    /// One score per class when `average` is nil, else one number.
    open override func resultValues() -> [Float] {
        let eps = Double(kerasEpsilon), b2 = Double(beta) * Double(beta)
        let scores = truePositives.indices.map { i -> Double in
            let precision = truePositives[i] / (truePositives[i] + falsePositives[i] + eps)
            let recall = truePositives[i] / (truePositives[i] + falseNegatives[i] + eps)
            return precision * recall / (b2 * precision + recall + eps) * (1 + b2)
        }
        switch average {
        case nil: return scores.map { Float($0) }
        case .micro?, .macro?:
            return [Float(scores.reduce(0, +) / Double(Swift.max(scores.count, 1)))]
        case .weighted?:
            let total = intermediateWeights.reduce(0, +) + eps
            return [Float(zip(scores, intermediateWeights).reduce(0) { $0 + $1.0 * $1.1 / total })]
        }
    }
    open override func result() -> Float { resultValues().first ?? 0 }
    open override func reset() {
        truePositives = []; falsePositives = []; falseNegatives = []; intermediateWeights = []
    }
    open override var className: String { "FBetaScore" }
    open override var config: [String: JSONValue] {
        ["name": .string(name), "dtype": "float32", "average": average.map { .string($0.rawValue) } ?? .null,
         "beta": JSONValue(beta), "threshold": JSONValue(threshold)]
    }
}

/// The F1 score, the harmonic mean of precision and recall (`keras.metrics.F1Score`): an
/// ``FBetaScore`` with β = 1.
public final class F1Score: FBetaScore {
    public init(average: Average? = nil, threshold: Float? = nil, name: String = "f1_score") {
        super.init(average: average, beta: 1, threshold: threshold, name: name)
    }
    public override var className: String { "F1Score" }
    public override var config: [String: JSONValue] {
        var c = super.config
        c["beta"] = nil
        return c
    }
}
