import Lamina
import Testing

/// Dropout and GaussianNoise: identity at inference, the right statistics in training, and
/// seeded reproducibility (Keras's random streams differ per backend, so these are not golden).
@Suite struct RandomLayersTests {
    @Test func dropoutTrainingStatistics() throws {
        let d = try Dropout(0.3, seed: 1)
        let x = Tensor.ones([200, 100])
        #expect(try d(x, training: false).scalars() == x.scalars())
        let y = try d(x, training: true).scalars()
        let zeros = y.filter { $0 == 0 }.count
        #expect(abs(Float(zeros) / Float(y.count) - 0.3) < 0.015)
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(abs(y.reduce(0, +) / Float(y.count) - 1) < 0.03)
        // Gradients flow through the kept units with the same scale.
        let xv = x.requiringGradient()
        let out = try d(xv, training: true)
        let g = try gradients(of: out.sum(), wrt: [xv])[0]
        #expect(g.scalars() == out.scalars())
    }

    @Test func dropoutSeedsAndNoiseShape() throws {
        let x = Tensor.ones([10, 8])
        let a = try Dropout(0.5, seed: 42), b = try Dropout(0.5, seed: 42)
        let a1 = try a(x, training: true).scalars(), a2 = try a(x, training: true).scalars()
        #expect(a1 == (try b(x, training: true).scalars()))
        #expect(a2 == (try b(x, training: true).scalars()))
        #expect(a1 != a2)
        let shared = try Dropout(0.5, noiseShape: [nil, 1], seed: 3)
        let y = try shared(x, training: true).scalars()
        for r in 0..<10 { #expect(Set(y[(r * 8)..<(r * 8 + 8)]).count == 1) }
        #expect(try Dropout(1)(x, training: true).scalars().allSatisfy { $0 == 0 })
        #expect(try Dropout(0)(x, training: true).scalars() == x.scalars())
    }

    @Test func gaussianNoiseStatistics() throws {
        let g = try GaussianNoise(stddev: 0.5, seed: 7)
        let x = Tensor.full(2, shape: [100, 100])
        #expect(try g(x, training: false).scalars() == x.scalars())
        let noise = try g(x, training: true).scalars().map { $0 - 2 }
        let mean = noise.reduce(0, +) / Float(noise.count)
        let std = (noise.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(noise.count)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(std - 0.5) < 0.02)
        let h = try GaussianNoise(stddev: 0.5, seed: 7)
        #expect(try h(x, training: true).scalars().map { $0 - 2 } == noise)
    }
}
