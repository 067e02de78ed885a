import Lamina
import Testing

/// Keras masks through the merging layers and Softmax, and finite-difference checks of the
/// new differentiable math (sparsemax, relu6 and friends, celu, PReLU, normalized Dot,
/// Normalization).
@Suite struct LayerMasksAndGradientTests {
    let x = Tensor([[1, -2, 3], [4, 5, -6]])
    let y = Tensor([[-1, 7, 2], [0, 1, 8]])
    let m1 = Tensor([true, false])
    let m2 = Tensor([false, false])

    @Test func mergeMasks() throws {
        let maxLayer = Maximum()
        // Row 0: x valid, y masked → x; row 1: both masked → Keras keeps the first input.
        let out = try maxLayer([x, y], masks: [m1, m2])[0]
        #expect(out.scalars() == [1, -2, 3, 4, 5, -6])
        let mask = try maxLayer.computeMask([x, y], masks: [m1, m2])[0]
        #expect(mask?.cast(to: .float32).scalars() == [1, 0])
        #expect(try maxLayer.computeMask([x, y], masks: [m1, nil])[0] == nil)
        // Multiply: masked entries count as 1; rows with no valid input become 0.
        let prod = try Multiply()([x, y], masks: [m1, Tensor([true, false])])[0]
        #expect(prod.scalars() == [-1, -14, 6, 0, 0, 0])
        // Concatenate: a missing mask is all-valid.
        let cat = try Concatenate().computeMask([x, y], masks: [m2, nil])[0]
        #expect(cat?.cast(to: .float32).scalars() == [1, 1])
        #expect(try Dot(axes: 1).computeMask([x, y], masks: [m1, m1])[0] == nil)
    }

    @Test func softmaxMaskZeroesMaskedPositions() throws {
        let s = Softmax()
        let out = try s(x, mask: Tensor([true, false, true, false, false, true], shape: [2, 3]))
        let v = out.scalars()
        #expect(v[1] == 0 && v[3] == 0 && v[4] == 0 && abs(v[5] - 1) < 1e-6)
        #expect(abs(v[0] + v[2] - 1) < 1e-6)
        let e = #expect(throws: LaminaError.self) { try s(x, mask: Tensor([true, false])) }
        #expect(e?.message.contains("broadcastable") == true)
    }

    /// Central differences of `sum(f(x) · w)` against autodiff.
    func checkGradient(_ name: String, _ x0: Tensor, eps: Float = 1e-2, tol: Float = 2e-2, _ f: (Tensor) throws -> Tensor) throws {
        let w = Tensor.randomNormal(try f(x0).shape, seed: 11)
        let xv = x0.requiringGradient()
        let analytic = try gradients(of: (try f(xv) * w).sum(), wrt: [xv])[0].scalars()
        var values = x0.scalars()
        for i in values.indices {
            let orig = values[i]
            values[i] = orig + eps
            let up = try (f(Tensor(values, shape: x0.shape)) * w).sum().item()
            values[i] = orig - eps
            let down = try (f(Tensor(values, shape: x0.shape)) * w).sum().item()
            values[i] = orig
            let numeric = (up - down) / (2 * eps)
            #expect(abs(numeric - analytic[i]) <= tol * max(1, abs(numeric)), "\(name): d/dx[\(i)] numeric \(numeric) vs autodiff \(analytic[i])")
        }
    }

    @Test func finiteDifferenceGradients() throws {
        let x = Tensor([[0.31, -1.7, 2.45, 0.9], [-0.55, 1.25, 4.8, -3.6], [5.2, 7.1, -2.65, 0.12]])
        try checkGradient("sparsemax", x) { Activation.sparsemax($0) }
        try checkGradient("sparsemax axis 0", x) { Activation.sparsemax(axis: 0)($0) }
        try checkGradient("relu6", x * 1.5) { Activation.relu6($0) }
        try checkGradient("hard_silu", x) { Activation.hardSilu($0) }
        try checkGradient("celu", x) { Activation.celu(alpha: 2)($0) }
        try checkGradient("sparse_plus", x) { Activation.sparsePlus($0) }
        try checkGradient("squareplus", x) { Activation.squareplus($0) }
        try checkGradient("glu", x) { Activation.glu($0) }
        try checkGradient("relu options", x) { Activations.relu($0, negativeSlope: 0.2, maxValue: 2.5, threshold: 0.4) }
        let prelu = PReLU(alphaInitializer: Constant(value: 0.25))
        try checkGradient("prelu", x) { try prelu($0) }
        let other = Tensor([[0.5, -1, 2, 0.3], [1, 1, -2, 0.7], [0.2, 0.4, 0.6, -0.8]])
        try checkGradient("dot normalize", x) { try Dot(axes: 1, normalize: true)([$0, other])[0] }
        try checkGradient("dot axes", x.reshaped([3, 2, 2])) { try Dot(axes: (1, 2))([$0, other.reshaped([3, 2, 2])])[0] }
        let norm = try Normalization(mean: [1, 2, 3, 4], variance: [0.5, 2, 1, 4])
        try checkGradient("normalization", x) { try norm($0) }
        let masked = Softmax()
        let mask = Tensor([true, true, false, true, false, true, true, true, true, false, true, true], shape: [3, 4])
        try checkGradient("masked softmax", x) { try masked($0, mask: mask) }
    }

    /// The simplex projection (Keras ≤ 3.15 computes a wrong threshold, keras-team/keras#23425).
    @Test func sparsemaxSumsToOne() {
        let y = Activation.sparsemax(Tensor([[0, 0.5, 1], [0.5, 0.4, 0.1]]))
        expectClose(y, Tensor([[0, 0.25, 0.75], [0.5, 0.4, 0.1]]), "sparsemax")
    }

    @Test func lambdaLayer() throws {
        let l = Lambda({ $0 * 3 }, name: "triple")
        #expect(try l(Tensor([1, 2], shape: [1, 2])).scalars() == [3, 6])
        let sum = Lambda(inputs: { $0[0] + $0[1] })
        #expect(try sum([Tensor.ones([1, 2]), Tensor.ones([1, 2])])[0].scalars() == [2, 2])
        #expect(l.fullConfig["function"]?["class_name"]?.string == "__swift_closure__")
    }
}
