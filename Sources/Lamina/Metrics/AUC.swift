import Foundation

/// The area under the ROC or precision-recall curve (`keras.metrics.AUC`), with Keras's exact
/// algorithm: confusion counts at `numThresholds` thresholds (`0 - ε`, `i/(n-1)`…, `1 + ε`,
/// bucketed when evenly spaced), then a Riemann sum. PR curves with `.interpolation` use Davis &
/// Goadrich's interpolation as Keras does. Single-label only (Keras's `multi_label=False`):
/// targets and predictions of any equal shape are flattened.
public final class AUC: Metric {
    /// Which curve.
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
    /// How each trapezoid's height is taken.
    public enum SummationMethod: String, Sendable { case interpolation, minoring, majoring }

    public let numThresholds: Int
    public let curve: Curve
    public let summationMethod: SummationMethod
    public let fromLogits: Bool
    let userThresholds: [Float]?
    var counts: ConfusionCounts

    /// - Parameters:
    ///   - numThresholds: how many thresholds (> 1) when `thresholds` is nil.
    ///   - thresholds: explicit thresholds in [0, 1]; `-ε` and `1+ε` are added at the ends.
    ///   - fromLogits: predictions are logits (a sigmoid is applied first).
    public init(numThresholds: Int = 200, curve: Curve = .roc, summationMethod: SummationMethod = .interpolation,
                name: String = "auc", thresholds: [Float]? = nil, fromLogits: Bool = false) {
        var inner: [Double]
        let evenly: Bool
        if let thresholds {
            inner = thresholds.map(Double.init).sorted()
            self.numThresholds = inner.count + 2
            evenly = isEvenlyDistributed([0] + inner + [1])
        } else {
            precondition(numThresholds > 1, "Argument `numThresholds` must be an integer > 1. Received: numThresholds=\(numThresholds)")
            self.numThresholds = numThresholds
            inner = (0..<(numThresholds - 2)).map { Double($0 + 1) * 1.0 / Double(numThresholds - 1) }
            evenly = true
        }
        let epsilon = Double(kerasEpsilon)
        counts = ConfusionCounts(thresholds: [0 - epsilon] + inner + [1 + epsilon], evenlyDistributed: evenly)
        self.curve = curve
        self.summationMethod = summationMethod
        self.fromLogits = fromLogits
        userThresholds = thresholds
        super.init(name: name)
    }

    /// The thresholds used, `-ε` and `1+ε` included.
    public var thresholds: [Float] { counts.thresholds }

    /// Accumulates a batch: targets (0/1) and predictions (probabilities, or logits with
    /// `fromLogits`) of equal shape up to a trailing 1; weights per sample.
    public override func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil, mask: Tensor? = nil) {
        let p = fromLogits ? yPred.detached().sigmoid() : yPred
        counts.update(yTrue, p, sampleWeight: sampleWeight)
    }

    public override func result() -> Float {
        let tp = counts.truePositives, fp = counts.falsePositives
        let tn = counts.trueNegatives, fn = counts.falseNegatives
        let n = numThresholds
        if curve == .pr && summationMethod == .interpolation { return interpolatedPRAUC() }
        let recall = (0..<n).map { divideNoNaN(tp[$0], tp[$0] + fn[$0]) }
        let x: [Double], y: [Double]
        switch curve {
        case .roc:
            x = (0..<n).map { divideNoNaN(fp[$0], fp[$0] + tn[$0]) }
            y = recall
        case .pr:
            x = recall
            y = (0..<n).map { divideNoNaN(tp[$0], tp[$0] + fp[$0]) }
        }
        var area = 0.0
        for i in 0..<(n - 1) {
            let height: Double
            switch summationMethod {
            case .interpolation: height = (y[i] + y[i + 1]) / 2
            case .minoring: height = Swift.min(y[i], y[i + 1])
            case .majoring: height = Swift.max(y[i], y[i + 1])
            }
            area += (x[i] - x[i + 1]) * height
        }
        return Float(area)
    }

    /// Keras's `interpolate_pr_auc` (Davis & Goadrich 2006, closed form).
    func interpolatedPRAUC() -> Float {
        let tp = counts.truePositives, fp = counts.falsePositives, fn = counts.falseNegatives
        let p = zip(tp, fp).map { $0 + $1 }
        var area = 0.0
        for i in 0..<(numThresholds - 1) {
            let dtp = tp[i] - tp[i + 1]
            let dp = p[i] - p[i + 1]
            let slope = divideNoNaN(dtp, Swift.max(dp, 0))
            let intercept = tp[i + 1] - slope * p[i + 1]
            let ratio = p[i] > 0 && p[i + 1] > 0 ? divideNoNaN(p[i], Swift.max(p[i + 1], 0)) : 1
            area += divideNoNaN(slope * (dtp + intercept * Foundation.log(ratio)), Swift.max(tp[i + 1] + fn[i + 1], 0))
        }
        return Float(area)
    }

    public override func reset() { counts.reset() }
    public override var className: String { "AUC" }
    public override var config: [String: JSONValue] {
        var c: [String: JSONValue] = ["name": .string(name), "dtype": "float32", "num_thresholds": JSONValue(numThresholds),
                                      "curve": .string(curve.rawValue), "summation_method": .string(summationMethod.rawValue),
                                      "multi_label": false, "num_labels": nil, "label_weights": nil, "from_logits": .bool(fromLogits)]
        if userThresholds != nil { c["thresholds"] = .array(thresholds.dropFirst().dropLast().map { JSONValue($0) }) }
        return c
    }
}
