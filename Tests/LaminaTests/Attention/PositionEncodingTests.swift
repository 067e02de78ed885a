import Lamina
import Testing

@Suite struct PositionEncodingTests {
    /// keras_hub's SinePositionEncoding formula, run with Keras ops by
    /// `Scripts/golden/sine_position.py`: even and odd hidden sizes (an odd size ends with a
    /// sine), one feature, 64 positions, and a max wavelength of 100.
    @Test func sinePositionEncodingMatchesKerasHub() throws {
        let fixture = try Fixture("sine_position")
        #expect(fixture.cases.count == 5)
        for c in fixture.cases {
            let shape = try #require(c["input_shape"]?.ints)
            let wavelength = try #require(c["max_wavelength"]?.float)
            let expected = try c.tensor("output")
            let layer = SinePositionEncoding(maxWavelength: wavelength)
            let out = try layer(Tensor.randomNormal(shape, seed: 1))
            expectClose(out, expected, rtol: 1e-5, atol: 2e-5, "SinePositionEncoding \(shape), max_wavelength \(wavelength)")
        }
    }

    @Test func sinePositionEncodingFirstValues() throws {
        // Position 0 is (0, 1, 0, 1, …); position 1 of a width-4 encoding is
        // (sin 1, cos 1, sin 0.01, cos 0.01) (timescales 1 and 10000^(-2/4)).
        let out = try SinePositionEncoding()(Tensor.zeros([1, 2, 4])).scalars()
        let expected: [Float] = [0, 1, 0, 1, 0.84147098, 0.54030231, 0.00999983, 0.99995000]
        for (a, e) in zip(out, expected) { #expect(abs(a - e) < 1e-6, "\(out)") }
    }

    @Test func positionEmbeddingRejectsLongerSequencesNamingTheLayer() throws {
        let layer = PositionEmbedding(sequenceLength: 8, name: "positions")
        #expect(try layer(Tensor.zeros([2, 8, 4])).shape == [2, 8, 4])
        #expect(try layer(Tensor.zeros([2, 3, 4])).shape == [2, 3, 4])
        do {
            _ = try layer(Tensor.zeros([2, 10, 4]))
            Issue.record("no error for 10 positions > sequence_length 8")
        } catch let e as LaminaError {
            let m = "\(e)"
            #expect(m.contains("\"positions\"") && m.contains("sequence_length=8") && m.contains("(2, <=8, 4)")
                    && m.contains("Received: inputs.shape=(2, 10, 4)"), "\(m)")
        }
        // Too few dimensions: an error, not a crash.
        #expect(throws: LaminaError.self) { try layer(Tensor.zeros([4])) }
        // In a Functional model the error comes when the model is defined.
        do {
            _ = try layer(Input(shape: [12, 4]))
            Issue.record("no error for a symbolic input of 12 positions")
        } catch let e as LaminaError {
            #expect("\(e)".contains("positions") && "\(e)".contains("Received: inputs.shape=(None, 12, 4)"), "\(e)")
        }
        #expect(try layer(Input(shape: [nil, 4])).shape == [nil, nil, 4])
    }
}
