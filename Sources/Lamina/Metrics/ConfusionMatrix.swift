/// Keras's `NEG_INF` (`metrics_utils.py`): the threshold used with `topK`, and the score given to
/// predictions outside the top k.
let kerasNegInf: Float = -1e10

/// Whether `thresholds` are `i / (n - 1)` for `i = 0..<n` (n ≥ 3) within Keras's tolerance
/// (`is_evenly_distributed_thresholds`), which selects Keras's bucketed update.
func isEvenlyDistributed(_ thresholds: [Double]) -> Bool {
    let n = thresholds.count
    guard n >= 3 else { return false }
    return thresholds.enumerated().allSatisfy { i, t in
        let even = Double(Float(i) / Float(n - 1))
        return Swift.abs(t - even) <= 1e-7 + 1e-5 * Swift.abs(even)
    }
}

/// True/false positive/negative counts per threshold, accumulated on the host as Keras's
/// `update_confusion_matrix_variables` does for non-multi-label data: targets and predictions are
/// flattened after `topK` / `classId` filtering, each element counts with its sample's weight, and
/// a prediction is positive when it is strictly above the threshold.
struct ConfusionCounts {
    var truePositives: [Double]
    var falsePositives: [Double]
    var trueNegatives: [Double]
    var falseNegatives: [Double]
    /// The thresholds as Keras stores them (float32).
    let thresholds: [Float]
    /// Whether the thresholds are evenly spaced over [0, 1] (Keras's bucketed path).
    let evenlyDistributed: Bool
    /// Whether the outer thresholds lie just outside [0, 1] (AUC's `±ε`).
    let withEpsilon: Bool

    init(thresholds: [Double], evenlyDistributed: Bool) {
        self.thresholds = thresholds.map { Float($0) }
        self.evenlyDistributed = evenlyDistributed
        withEpsilon = (thresholds.first ?? 0) < 0 || (thresholds.last ?? 1) > 1
        let zeros = [Double](repeating: 0, count: thresholds.count)
        truePositives = zeros; falsePositives = zeros; trueNegatives = zeros; falseNegatives = zeros
    }

    mutating func reset() {
        let zeros = [Double](repeating: 0, count: thresholds.count)
        truePositives = zeros; falsePositives = zeros; trueNegatives = zeros; falseNegatives = zeros
    }

    /// Accumulates a batch. `yTrue` and `yPred` have equal shapes up to a trailing 1;
    /// `sampleWeight` is per sample (`[batch]`) or broadcastable to the targets.
    mutating func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?, topK: Int? = nil, classId: Int? = nil) {
        var (p, t) = squeezeOrExpandToSameRank(yPred.detached().cast(to: .float32), yTrue.detached().cast(to: .float32))
        var w: Tensor? = nil
        if let sw = sampleWeight?.detached().cast(to: .float32) {
            w = squeezeOrExpandToSameRank(t, sw.expandingDims(at: -1), expandRank1: false).1
        }
        if let topK { p = filteredTopK(p, k: topK) }
        if let classId {
            precondition(p.rank >= 2, "When classId is provided, yPred must be a 2D array with shape (num_samples, num_classes), found shape: \(describeShape(p.shape.map { Optional($0) }))")
            t = t.slice(axis: -1, classId..<(classId + 1))
            p = p.slice(axis: -1, classId..<(classId + 1))
            if let ww = w, ww.rank == p.rank, ww.shape.last != 1 { w = ww.slice(axis: -1, classId..<(classId + 1)) }
        }
        let preds = p.scalars()
        let labels = t.scalars().map { $0 != 0 }
        let weights = w.map { $0.broadcast(to: p.shape).scalars() }
        if evenlyDistributed {
            bucketedUpdate(labels: labels, preds: preds, weights: weights)
        } else {
            directUpdate(labels: labels, preds: preds, weights: weights)
        }
    }

    /// Keras's `_update_confusion_matrix_variables_optimized`: one bucket per prediction
    /// (`ceil(p·(n-1)) - 1` in float32), then cumulative sums from the top.
    private mutating func bucketedUpdate(labels: [Bool], preds: [Float], weights: [Float]?) {
        let n = thresholds.count
        var tpBucket = [Double](repeating: 0, count: n), fpBucket = tpBucket
        var totalTrue = 0.0, totalFalse = 0.0
        for i in preds.indices {
            let weight = Double(weights?[i] ?? 1)
            let p = Swift.min(Swift.max(preds[i], 0), 1)
            var bucket = Int((p * Float(n - 1)).rounded(.up)) - 1
            if withEpsilon { bucket = Swift.max(bucket, 0) }
            if labels[i] { totalTrue += weight } else { totalFalse += weight }
            guard bucket >= 0 && bucket < n else { continue }
            if labels[i] { tpBucket[bucket] += weight } else { fpBucket[bucket] += weight }
        }
        var tp = 0.0, fp = 0.0
        for j in stride(from: n - 1, through: 0, by: -1) {
            tp += tpBucket[j]; fp += fpBucket[j]
            truePositives[j] += tp
            falsePositives[j] += fp
            trueNegatives[j] += totalFalse - fp
            falseNegatives[j] += totalTrue - tp
        }
    }

    /// Keras's general path: compares every prediction with every threshold.
    private mutating func directUpdate(labels: [Bool], preds: [Float], weights: [Float]?) {
        for (j, threshold) in thresholds.enumerated() {
            for i in preds.indices {
                let weight = Double(weights?[i] ?? 1)
                let positive = preds[i] > threshold
                switch (labels[i], positive) {
                case (true, true): truePositives[j] += weight
                case (true, false): falseNegatives[j] += weight
                case (false, true): falsePositives[j] += weight
                case (false, false): trueNegatives[j] += weight
                }
            }
        }
    }
}

/// Keras's `_filter_top_k`: keeps the `k` largest scores of each row (ties: the lower index
/// first) and sets the rest to `NEG_INF`.
func filteredTopK(_ x: Tensor, k: Int) -> Tensor {
    let classes = x.shape.last ?? 1
    var values = x.scalars()
    var row = 0
    while row * classes < values.count {
        let base = row * classes
        let order = (0..<classes).sorted { a, b in
            values[base + a] != values[base + b] ? values[base + a] > values[base + b] : a < b
        }
        for c in order.dropFirst(Swift.min(k, classes)) { values[base + c] = kerasNegInf }
        row += 1
    }
    return Tensor(values, shape: x.shape, on: x.backend)
}

/// `a / b`, or 0 where `b` is 0 (Keras's `divide_no_nan`).
func divideNoNaN(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
