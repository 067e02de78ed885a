import LaminaCore
import Testing

/// Compares the reverse-mode gradients of `f` with central differences.
///
/// Each input becomes a fresh leaf (`requiringGradient()`); non-float arguments (labels, indices,
/// masks) should be captured by `f` instead. A non-scalar output is reduced with a fixed random
/// weighting, `Σ f(x)·w`, so that every output element matters and mistakes cannot cancel out. The
/// numeric side evaluates `f` with one element moved by ±`epsilon` and accumulates `Σ f·w` in
/// Double, so the only float32 error left is the rounding of `f` itself.
///
/// An element passes when `|analytic − numeric| ≤ tolerance · max(1, |numeric|)`. Failures are
/// recorded as issues naming `op`, the input index, the element (row-major index and
/// multi-index) and both values; at most `maxReports` elements are reported per input.
///
/// - Returns: the number of mismatching elements (0 on success).
@discardableResult
func checkGradients(
    _ op: String,
    _ f: ([Tensor]) -> Tensor,
    inputs: [Tensor],
    epsilon: Float = 1e-3,
    tolerance: Float = 1e-2,
    maxReports: Int = 4,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Int {
    let backend = inputs.first?.backend ?? ReferenceBackend.shared
    return withBackend(backend) {
        let leaves = inputs.map { $0.detached().requiringGradient() }
        let output = f(leaves)
        guard output.dtype == .float32 else {
            Issue.record("\(op): output is \(output.dtype), not float32", sourceLocation: sourceLocation)
            return 1
        }
        #expect(output.requiresGradient, "\(op): the output did not record a gradient", sourceLocation: sourceLocation)
        let weights = Tensor.randomUniform(output.shape, low: 0.5, high: 1.5, seed: 20_240_607).scalars()
            .enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }
        let w = Tensor(weights, shape: output.shape)
        let loss = (output * w).sum()

        let analytic: [Tensor]
        do {
            analytic = try gradients(of: loss, wrt: leaves)
        } catch {
            Issue.record("\(op): gradients(of:wrt:) threw \(error)", sourceLocation: sourceLocation)
            return 1
        }

        func weightedSum(_ args: [Tensor]) -> Double {
            let y = noGrad { f(args) }.scalars()
            var s = 0.0
            for (v, wv) in zip(y, weights) { s += Double(v) * Double(wv) }
            return s
        }

        var failures = 0
        for (i, x) in inputs.enumerated() {
            let g = analytic[i]
            guard g.shape == x.shape else {
                Issue.record("\(op): gradient of input \(i) has shape \(g.shape), expected \(x.shape)",
                             sourceLocation: sourceLocation)
                failures += 1
                continue
            }
            #expect(!g.requiresGradient, "\(op): gradient of input \(i) recorded a graph", sourceLocation: sourceLocation)
            let a = g.scalars()
            let base = x.scalars()
            var reported = 0
            for j in 0..<base.count {
                var plus = base, minus = base
                plus[j] += epsilon
                minus[j] -= epsilon
                let h = Double(plus[j]) - Double(minus[j])
                var argsPlus = inputs.map { $0.detached() }, argsMinus = argsPlus
                argsPlus[i] = Tensor(plus, shape: x.shape)
                argsMinus[i] = Tensor(minus, shape: x.shape)
                let numeric = Float((weightedSum(argsPlus) - weightedSum(argsMinus)) / h)
                let diff = Swift.abs(a[j] - numeric)
                if !(diff <= tolerance * Swift.max(1, Swift.abs(numeric))) {
                    failures += 1
                    if reported < maxReports {
                        reported += 1
                        Issue.record("""
                            \(op): gradient mismatch for input \(i) (shape \(x.shape)) at element \(j) \
                            \(multiIndex(j, shape: x.shape)), x = \(base[j]): analytic \(a[j]), numeric \(numeric)
                            """, sourceLocation: sourceLocation)
                    }
                }
            }
        }
        return failures
    }
}

/// The multi-index of row-major element `flat` of `shape`.
func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
    var rest = flat
    var out = [Int](repeating: 0, count: shape.count)
    for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
        out[d] = rest % shape[d]
        rest /= shape[d]
    }
    return out
}
