import Foundation
import Lamina
import Testing

/// Initializers: Keras's random streams cannot be matched, so these check the distributions
/// (mean, standard deviation, limits on large shapes), fans for conv-shaped kernels,
/// orthogonality, the identity, names and determinism with a seed.
@Suite struct InitializersTests {
    struct Stats { var mean: Double; var std: Double; var min: Float; var max: Float }
    func stats(_ t: Tensor) -> Stats {
        let v = t.scalars()
        let mean = v.reduce(0.0) { $0 + Double($1) } / Double(v.count)
        let variance = v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(v.count)
        return Stats(mean: mean, std: variance.squareRoot(), min: v.min() ?? 0, max: v.max() ?? 0)
    }

    @Test func randomNormalUniformAndTruncatedNormalHaveKerasDefaults() {
        let n = stats(RandomNormal(seed: 1)([400, 500]))
        #expect(abs(n.mean) < 0.001 && abs(n.std - 0.05) < 0.001, "\(n)")
        let u = stats(RandomUniform(seed: 2)([400, 500]))
        #expect(u.min >= -0.05 && u.max < 0.05 && abs(u.mean) < 0.001 && abs(u.std - 0.1 / 12.0.squareRoot()) < 0.0005, "\(u)")
        let t = stats(TruncatedNormal(mean: 1, stddev: 0.05, seed: 3)([400, 500]))
        // Within two standard deviations; the std of a normal truncated at ±2σ is 0.8796σ.
        #expect(t.min >= 0.9 && t.max <= 1.1 && abs(t.mean - 1) < 0.001 && abs(t.std - 0.05 * 0.87962566) < 0.001, "\(t)")
    }

    @Test func varianceScalingFamilyUsesKerasFans() {
        // Conv kernel (3, 3, 16, 32): fanIn = 9·16 = 144, fanOut = 9·32 = 288.
        let shape = [3, 3, 16, 32]
        let fans = computeFans(shape)
        #expect(fans.fanIn == 144 && fans.fanOut == 288)
        let gu = stats(GlorotUniform(seed: 4)(shape)), limit = Float((6.0 / 432).squareRoot())
        #expect(gu.min >= -limit && gu.max <= limit && gu.max > limit * 0.99, "\(gu)")
        let expectations: [(String, Tensor, Double)] = [
            ("HeNormal", HeNormal(seed: 5)(shape), (2.0 / 144).squareRoot()),
            ("HeUniform", HeUniform(seed: 6)(shape), (2.0 / 144).squareRoot()),
            ("LecunNormal", LecunNormal(seed: 7)(shape), (1.0 / 144).squareRoot()),
            ("LecunUniform", LecunUniform(seed: 8)(shape), (1.0 / 144).squareRoot()),
            ("GlorotNormal", GlorotNormal(seed: 9)(shape), (2.0 / 432).squareRoot()),
            ("VarianceScaling fan_out untruncated", VarianceScaling(scale: 3, mode: .fanOut, distribution: .untruncatedNormal, seed: 10)(shape),
             (3.0 / 288).squareRoot()),
        ]
        for (name, t, std) in expectations {
            let s = stats(t)
            #expect(abs(s.std - std) < 0.03 * std && abs(s.mean) < 0.05 * std, "\(name): \(s), expected std \(std)")
        }
        let heNormal = stats(HeNormal(seed: 11)(shape)), bound = Float(2 * (2.0 / 144).squareRoot() / 0.87962566)
        #expect(heNormal.max <= bound * 1.0001 && heNormal.min >= -bound * 1.0001)
    }

    func gram(_ w: [Float], rows: Int, cols: Int, transposeFirst: Bool) -> [Double] {
        // WᵀW (cols×cols) when transposeFirst, else WWᵀ (rows×rows).
        let n = transposeFirst ? cols : rows, k = transposeFirst ? rows : cols
        var g = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for r in 0..<k {
                    s += transposeFirst ? Double(w[r * cols + i]) * Double(w[r * cols + j]) : Double(w[i * cols + r]) * Double(w[j * cols + r])
                }
                g[i * n + j] = s
            }
        }
        return g
    }

    static let orthogonalShapes: [([Int], Float)] = [([64, 32], 1), ([32, 64], 1), ([3, 3, 4, 8], 2), ([5, 5], 0.5), ([1, 7], 1)]

    @Test("Orthogonal gives WᵀW = gain²·I", arguments: orthogonalShapes)
    func orthogonal(_ shape: [Int], _ gain: Float) {
        let w = Orthogonal(gain: gain, seed: 12)(shape)
        #expect(w.shape == shape)
        let rows = shape.dropLast().reduce(1, *), cols = shape.last!
        let g = gram(w.scalars(), rows: rows, cols: cols, transposeFirst: rows >= cols)
        let n = min(rows, cols)
        var worst = 0.0
        for i in 0..<n { for j in 0..<n { worst = max(worst, abs(g[i * n + j] - (i == j ? Double(gain * gain) : 0))) } }
        #expect(worst < 1e-5, "shape \(shape) gain \(gain): largest |WᵀW - gain²I| entry \(worst)")
    }

    @Test func orthogonalQIsTheSignFixedQROfTheSample() {
        // With the signs of diag(R) fixed positive, Q·R reproduces the normal sample: R = QᵀA has a
        // positive diagonal and zeros below it.
        let a = Tensor.randomNormal([6, 4], seed: 13).scalars()
        let q = Orthogonal(seed: 13)([6, 4]).scalars()
        for i in 0..<4 {
            for j in 0..<4 {
                var r = 0.0
                for k in 0..<6 { r += Double(q[k * 4 + i]) * Double(a[k * 4 + j]) }
                if i == j { #expect(r > 0) } else if i > j { #expect(abs(r) < 1e-5) }
            }
        }
    }

    @Test func identityConstantZerosOnes() {
        #expect(IdentityInitializer(gain: 2)([2, 3]).scalars() == [2, 0, 0, 0, 2, 0])
        #expect(IdentityInitializer()([3, 2]).scalars() == [1, 0, 0, 1, 0, 0])
        #expect(Constant(value: 0.5)([2]).scalars() == [0.5, 0.5])
        #expect(Zeros()([2, 2]).scalars() == [0, 0, 0, 0])
        #expect(Ones()([3]).scalars() == [1, 1, 1])
        #expect(IdentityInitializer().className == "Identity" && IdentityInitializer().config["gain"]?.float == 1)
    }

    @Test func seedsMakeInitializersDeterministic() {
        let seeded: [any Initializer] = [RandomNormal(seed: 42), RandomUniform(seed: 42), TruncatedNormal(seed: 42), GlorotUniform(seed: 42),
                                         HeNormal(seed: 42), Orthogonal(seed: 42)]
        for i in seeded {
            #expect(i([8, 8]).scalars() == i([8, 8]).scalars(), "\(i.className) with a seed")
        }
        #expect(RandomNormal(seed: 1)([16]).scalars() != RandomNormal(seed: 2)([16]).scalars())
        #expect(Orthogonal(seed: 1)([4, 4]).scalars() != Orthogonal(seed: 2)([4, 4]).scalars())
    }

    @Test func namedKnowsKerasNamesAndAliases() throws {
        let expected: [String: String] = [
            "glorot_uniform": "GlorotUniform", "GlorotUniform": "GlorotUniform", "glorot_normal": "GlorotNormal",
            "he_normal": "HeNormal", "he_uniform": "HeUniform", "lecun_normal": "LecunNormal", "lecun_uniform": "LecunUniform",
            "orthogonal": "Orthogonal", "OrthogonalInitializer": "Orthogonal", "identity": "Identity", "IdentityInitializer": "Identity",
            "zeros": "Zeros", "zero": "Zeros", "ones": "Ones", "one": "Ones", "constant": "Constant",
            "random_normal": "RandomNormal", "normal": "RandomNormal", "random_uniform": "RandomUniform", "uniform": "RandomUniform",
            "truncated_normal": "TruncatedNormal", "variance_scaling": "VarianceScaling",
        ]
        for (name, cls) in expected { #expect(try Initializers.named(name).className == cls, "\(name)") }
        let uniform = try Initializers.named("uniform")
        #expect(uniform.config["minval"]?.float == -0.05 && uniform.config["maxval"]?.float == 0.05)
        #expect(try Initializers.named("normal").config["stddev"]?.float == 0.05)
        #expect(throws: LaminaError.self) { try Initializers.named("Glorot_Uniform") }
    }
}
