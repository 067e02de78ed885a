import Lamina
import Testing

/// padSequences' defaults and edge cases (Keras's results are in Scripts/golden/text.py's fixture).
@Suite struct PadSequencesTests {
    @Test func defaultsArePreAndPre() {
        let t = padSequences([[1, 2, 3], [4]], maxlen: 2)
        #expect(t.shape == [2, 2])
        #expect(t.scalars() == [2, 3, 0, 4])
    }

    @Test func postPaddingAndTruncating() {
        #expect(padSequences([[1, 2, 3], [4]], maxlen: 2, padding: .post, truncating: .post).scalars() == [1, 2, 4, 0])
        #expect(padSequences([[1, 2, 3], []], padding: .post, value: -1).scalars() == [1, 2, 3, -1, -1, -1])
    }

    @Test func emptyInputs() {
        #expect(padSequences([]).shape == [0, 0])
        #expect(padSequences([[], []]).shape == [2, 0])
        #expect(padSequences([[1, 2]], maxlen: 0).shape == [1, 0])
    }
}
