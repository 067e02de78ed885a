import Lamina
import Testing

/// Expects `actual` to equal `expected` within `rtol`·|expected| + `atol` everywhere (NaN where
/// NaN is expected counts as equal).
public func expectClose(_ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-5, atol: Float = 1e-6, _ what: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) != expected \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let a = actual.scalars(), e = expected.scalars()
    var worst = 0, worstExcess: Float = 0, bad = 0
    for i in a.indices {
        let tol = atol + rtol * abs(e[i])
        let diff = abs(a[i] - e[i])
        if !(diff <= tol) && !(a[i].isNaN && e[i].isNaN) {
            bad += 1
            if diff - tol > worstExcess || worstExcess.isNaN { worstExcess = diff - tol; worst = i }
        }
    }
    #expect(bad == 0, "\(what): \(bad) of \(a.count) elements differ; worst at \(worst): got \(a.isEmpty ? 0 : a[worst]), expected \(e.isEmpty ? 0 : e[worst])",
            sourceLocation: sourceLocation)
}
