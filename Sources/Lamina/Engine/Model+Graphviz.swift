import Foundation

extension Model {
    /// The layer graph in Graphviz DOT (what Keras's `plot_model` draws): one box per layer,
    /// labelled `name (Class)` and its input and output shapes, and one edge per connection
    /// between layers. Render it with `dot -Tsvg model.dot -o model.svg`.
    ///
    /// - Parameter rankdir: `"TB"` (top to bottom, Keras's default) or `"LR"`.
    public func graphviz(rankdir: String = "TB") -> String {
        var layerList: [Layer] = []
        var edges: [(Layer, Layer)] = []
        var inputShapes: [ObjectIdentifier: [[Int?]]] = [:]
        var outputShapes: [ObjectIdentifier: [[Int?]]] = [:]
        if let graph {
            let order = GraphOrder(inputs: graph.inputs, outputs: graph.outputs)
            layerList = order.layers
            if self is Sequential { layerList.removeAll { $0 is InputLayer } }
            let shown = Set(layerList.map(ObjectIdentifier.init))
            for node in order.nodes where shown.contains(ObjectIdentifier(node.layer)) {
                let id = ObjectIdentifier(node.layer)
                if inputShapes[id] == nil { inputShapes[id] = node.inputs.map(\.shape) }
                if outputShapes[id] == nil { outputShapes[id] = Model.outputShapes(of: node, in: graph) }
                for t in node.inputs where shown.contains(ObjectIdentifier(t.layer)) { edges.append((t.layer, node.layer)) }
            }
            for l in layerList where l is InputLayer {
                let shape = (l as! InputLayer).batchShape
                inputShapes[ObjectIdentifier(l)] = [shape]
                outputShapes[ObjectIdentifier(l)] = [shape]
            }
        } else {
            layerList = layers
            for (a, b) in zip(layerList, layerList.dropFirst()) { edges.append((a, b)) }
            for l in layerList where l.isBuilt {
                if let shapes = l.builtInputShapes {
                    inputShapes[ObjectIdentifier(l)] = shapes
                    outputShapes[ObjectIdentifier(l)] = try? l.computeOutputShape(shapes)
                }
            }
        }
        func shapes(_ s: [[Int?]]?) -> String {
            guard let s, !s.isEmpty else { return "?" }
            let t = s.map(Model.formatShape)
            return t.count == 1 ? t[0] : "[" + t.joined(separator: ", ") + "]"
        }
        var out = "digraph \(Model.dotQuote(name)) {\n"
        out += "  graph [rankdir=\(rankdir), dpi=96];\n"
        out += "  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];\n"
        for l in layerList {
            let id = ObjectIdentifier(l)
            let label = "\(l.name) (\(Model.summaryClassName(l)))\ninput: \(shapes(inputShapes[id]))\noutput: \(shapes(outputShapes[id]))"
            out += "  \(Model.dotQuote(l.name)) [label=\(Model.dotQuote(label))];\n"
        }
        var seen = Set<String>()
        for (a, b) in edges {
            let line = "  \(Model.dotQuote(a.name)) -> \(Model.dotQuote(b.name));\n"
            if seen.insert(line).inserted { out += line }
        }
        return out + "}\n"
    }

    /// Writes ``graphviz(rankdir:)`` to a file (atomically).
    public func writeGraphviz(to path: String, rankdir: String = "TB") throws {
        try writeAtomically(graphviz(rankdir: rankdir), to: path)
    }

    /// A DOT string literal: quotes and backslashes escaped, newlines as `\n`.
    static func dotQuote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
