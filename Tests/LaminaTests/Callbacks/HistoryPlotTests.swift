import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Lamina
import Testing

final class SVGCollector: NSObject, XMLParserDelegate {
    var panels: [String] = []
    var series: [String: Int] = [:]
    var texts: [String] = []
    var inText = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        if name == "g", attributes["class"] == "panel" { panels.append(attributes["id"] ?? "") }
        if name == "polyline", let s = attributes["data-series"] {
            series[s] = (attributes["points"] ?? "").split(separator: " ").count
        }
        inText = name == "text"
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts.append(string) } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inText = false }
}

@Suite struct HistoryPlotTests {
    @Test func historyPlotWritesParseableSVGWithTrainAndValidationCurves() throws {
        let (x, y) = Separable.data(80)
        let model = try Separable.model()
        let h = try model.fit(x, y, batchSize: 20, epochs: 4, verbose: 0, validationSplit: 0.25)
        let dir = temporaryDirectory("svg")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/history.svg"
        try h.plot(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["history.svg"])
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        let collector = SVGCollector()
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        #expect(collector.panels == ["panel-loss", "panel-accuracy"])
        #expect(collector.series == ["loss": 4, "val_loss": 4, "accuracy": 4, "val_accuracy": 4])
        #expect(collector.texts.contains("epoch") && collector.texts.contains("val_loss"))
    }

    @Test func plottingAnEmptyHistoryThrows() {
        #expect(throws: LaminaError.self) { try History().plot(to: "/tmp/never-written.svg") }
    }
}

@Suite struct GraphvizTests {
    @Test func dotMentionsEveryLayerAndEdge() throws {
        let m = try SummaryModels.twoInputs()
        let dot = m.graphviz()
        #expect(dot.hasPrefix("digraph \"two_inputs\" {"))
        for name in ["input_a", "input_b", "dense_a", "dense_b", "concatenate", "head"] {
            #expect(dot.contains("  \"\(name)\" [label=\"\(name) ("))
        }
        for (a, b) in [("input_a", "dense_a"), ("input_b", "dense_b"), ("dense_a", "concatenate"), ("dense_b", "concatenate"), ("concatenate", "head")] {
            #expect(dot.contains("  \"\(a)\" -> \"\(b)\";\n"))
        }
        #expect(dot.components(separatedBy: " -> ").count - 1 == 5)
        #expect(dot.contains("\"concatenate (Concatenate)\\ninput: [(None, 16), (None, 16)]\\noutput: (None, 32)\""))
        let dir = temporaryDirectory("dot")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try m.writeGraphviz(to: dir + "/m.dot")
        #expect(try String(contentsOfFile: dir + "/m.dot", encoding: .utf8) == dot)
    }

    @Test func sequentialDotIsAChain() throws {
        let dot = try SummaryModels.mlp().graphviz()
        #expect(dot.contains("\"hidden\" -> \"probs\";"))
        #expect(!dot.contains("InputLayer"))
        #expect(dot.contains("hidden (Dense)\\ninput: (None, 64)\\noutput: (None, 64)"))
    }
}
