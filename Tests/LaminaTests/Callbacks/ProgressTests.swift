import Foundation
import Lamina
import Testing

@Suite struct ProgressTests {
    @Test func nonInteractiveLoggerWritesOnePlainLinePerEpoch() throws {
        let (x, y) = Separable.data(100)
        let model = try Separable.model()
        let out = Captured()
        let logger = ProgbarLogger(verbose: 1, interactive: false, sink: out.sink)
        try model.fit(x, y, batchSize: 20, epochs: 3, verbose: 0, callbacks: [logger])
        #expect(!out.text.contains("\r") && !out.text.contains("\u{8}") && !out.text.contains("\u{1B}"))
        let lines = out.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        let pattern = #/^Epoch (\d)/3 · 5/5 ━{20} \d+s \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/#
        for (i, line) in lines.prefix(3).enumerated() {
            let m = try #require(try pattern.wholeMatch(in: String(line)), "line \(i): \(line)")
            #expect(m.output.1 == "\(i + 1)")
        }
    }

    @Test func interactiveRenderingMatchesKerasFormat() throws {
        let (x, y) = Separable.data(100)
        let model = try Separable.model()
        let out = Captured()
        try model.fit(x, y, batchSize: 4, epochs: 1, verbose: 0, callbacks: [ProgbarLogger(verbose: 1, interactive: true, sink: out.sink)])
        #expect(out.text.hasSuffix("\n") && out.text.hasPrefix("\r"))
        // The last redraw: Keras's bytes (bold count, green bar, white rest, bold time).
        let last = String(out.text.split(separator: "\r").last!)
        let styled = #/^\u{1B}\[1m25/25\u{1B}\[0m \u{1B}\[32m━{20}\u{1B}\[0m\u{1B}\[37m\u{1B}\[0m \u{1B}\[1m\d+s\u{1B}\[0m \d+(us|ms)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} *\n$/#
        #expect(try styled.wholeMatch(in: last) != nil, "\(last.debugDescription)")
        let plain = last.replacing(#/\u{1B}\[\d+m/#, with: "")
        #expect(try #/^25/25 ━{20} \d+s \d+(us|ms)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} *\n$/#.wholeMatch(in: plain) != nil)
    }

    @Test func verboseTwoLineAndValueFormats() throws {
        let (x, y) = Separable.data(100)
        let model = try Separable.model()
        let out = Captured()
        try model.fit(x, y, batchSize: 20, epochs: 2, verbose: 0, callbacks: [ProgbarLogger(verbose: 2, interactive: false, sink: out.sink)])
        let lines = out.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[0] == "Epoch 1/2" && lines[2] == "Epoch 2/2")
        #expect(try #/^5/5 - \d+s - \d+(us|ms)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/#.wholeMatch(in: lines[1]) != nil)
        #expect(ProgressBar.formatValue(0.73614) == "0.7361")
        #expect(ProgressBar.formatValue(0.0001234) == "1.2340e-04")
        #expect(ProgressBar.formatPerStep(0.000378) == "378us/step")
        #expect(ProgressBar.formatPerStep(0) == "0s/step")
        #expect(ProgressBar.formatDuration(75) == "1:15")
    }
}
