import Lamina
import Testing

/// Keras's STFT initializer, against values written by Scripts/golden/stft.py.
@Suite struct STFTInitializerTests {
    @Test func matchesKeras() throws {
        let fixture = try Fixture("stft")
        #expect(fixture.cases.count == 36)
        for c in fixture.cases {
            let side = STFT.Side(rawValue: c["side"]?.string ?? "")!
            let window = c["window"]?.string.flatMap(STFT.Window.init(rawValue:))
            let scaling = c["scaling"]?.string.flatMap(STFT.Scaling.init(rawValue:))
            let initializer = STFT(side: side, window: window, scaling: scaling, periodic: c["periodic"]?.bool ?? false)
            // Entries that are mathematically 0 (cos at odd multiples of π/2) carry the float32
            // rounding of angles up to 2π·15 (~4e-6) on both sides, differently in JAX and glibc.
            expectClose(initializer([16, 1, 9]), try c.tensor("value"), rtol: 1e-5, atol: 5e-6,
                        "STFT \(c["side"]!) \(c["window"]!) \(c["scaling"]!) \(c["periodic"]!) (\(fixture.generator))")
        }
    }
}
