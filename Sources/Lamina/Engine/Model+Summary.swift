import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension Model {
    /// Prints ``summaryText(lineLength:positions:)`` (Keras `model.summary()`). On a terminal
    /// narrower than the table, the width is capped at the terminal's columns − 4, as Keras does.
    public func summary(lineLength: Int? = nil, positions: [Double]? = nil) {
        var length = lineLength
        if length == nil, isatty(1) != 0 {
            var size = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                let cap = Int(size.ws_col) - 4
                let natural = summaryIsSequentialLike ? 88 : 108
                if cap < natural { length = cap }
            }
        }
        TextSink.standardOutput.write(summaryText(lineLength: length, positions: positions))
    }

    /// The summary table exactly as Keras 3 renders it (`utils/summary_utils.py` through `rich`,
    /// without colours): `Model: "name"`, a box-drawn table of `Layer (type)`, `Output Shape`,
    /// `Param #` (and `Connected to` for Functional models that are not a simple chain), and
    /// the Total / Trainable / Non-trainable (/ Optimizer) parameter counts with their sizes.
    ///
    /// - Parameters:
    ///   - lineLength: the table width; 88 (108 with `Connected to`) by default.
    ///   - positions: the right edge of each column as fractions of the width (or absolute).
    public func summaryText(lineLength: Int? = nil, positions: [Double]? = nil) -> String {
        let order = graph.map { g in type(of: self) == Model.self ? GraphOrder(inputs: g.inputs, outputs: g.outputs) : nil } ?? nil
        let sequentialLike = order?.isSequentialLike ?? true
        let rows = (order?.layers ?? layers)
        var header = ["Layer (type)", "Output Shape", "Param #"]
        var rightAligned = [false, false, true]
        var length = 88
        var pos = positions ?? [0.45, 0.80, 1.0]
        if !sequentialLike {
            header.append("Connected to")
            rightAligned.append(false)
            length = 108
            pos = positions ?? [0.3, 0.56, 0.74, 1.0]
        }
        length = lineLength ?? length
        var widths: [Int] = []
        var current = 0
        for p in pos {
            let edge = p <= 1 ? Int(p * Double(length)) : Int(p)
            widths.append(Swift.max(4, edge - current))
            current += widths.last!
        }
        let table = SummaryTable(header: header, rightAligned: rightAligned, widths: widths, tableWidth: length)
        var body: [[String]] = []
        for layer in rows {
            var fields = ["\(layer.name) (\(Model.summaryClassName(layer)))", summaryShape(layer, order: order),
                          layer.isBuilt ? Model.thousands(layer.countParams()) : "0 (unbuilt)"]
            if !sequentialLike, let order, let graph {
                var links: [String] = []
                for node in order.nodes(of: layer) {
                    for t in node.inputs { links.append("\(t.layer.name)[\(graph.nodeIndex(of: t.node))][\(t.outputIndex)]") }
                }
                fields.append(links.isEmpty ? "-" : links.joined(separator: ", "))
            }
            body.append(fields)
        }
        var out = "Model: \"\(name)\"\n" + table.render(body)
        let trainable = uniqued(trainableWeights), nonTrainable = uniqued(nonTrainableWeights)
        let tCount = trainable.reduce(0) { $0 + ShapeMath.count($1.shape) }
        let nCount = nonTrainable.reduce(0) { $0 + ShapeMath.count($1.shape) }
        let tBytes = tCount * 4, nBytes = nCount * 4
        var oCount = 0, oBytes = 0
        let optimizerBuilt: Bool
        if let opt = compiled?.optimizer, opt.iterations > 0 || !opt.trackedVariables.isEmpty {
            optimizerBuilt = true
            let slots = opt.slotVariables.reduce(0) { $0 + ShapeMath.count($1.shape) }
            // Keras also counts `iterations` (int64) and `learning_rate` (float32).
            oCount = slots + 2
            oBytes = slots * 4 + 8 + 4
        } else {
            optimizerBuilt = false
        }
        out += " Total params: \(Model.thousands(tCount + nCount + oCount)) (\(Model.readableSize(tBytes + nBytes + oBytes)))\n"
        out += " Trainable params: \(Model.thousands(tCount)) (\(Model.readableSize(tBytes)))\n"
        out += " Non-trainable params: \(Model.thousands(nCount)) (\(Model.readableSize(nBytes)))\n"
        if optimizerBuilt { out += " Optimizer params: \(Model.thousands(oCount)) (\(Model.readableSize(oBytes)))\n" }
        return out
    }

    var summaryIsSequentialLike: Bool {
        guard let graph, type(of: self) == Model.self else { return true }
        return GraphOrder(inputs: graph.inputs, outputs: graph.outputs).isSequentialLike
    }

    /// Keras's `format_layer_shape`: the output shape of the layer's last node in this model,
    /// else computed from the shapes it was built with, else `?`.
    func summaryShape(_ layer: Layer, order: GraphOrder?) -> String {
        var shapes: [[Int?]]?
        if let order, let node = order.nodes(of: layer).last {
            shapes = Model.outputShapes(of: node, in: graph)
        } else if let graph, let node = (graph.nodes + graph.inputs.map(\.node)).last(where: { $0.layer === layer }) {
            shapes = Model.outputShapes(of: node, in: graph)
        } else if let inputLayer = layer as? InputLayer {
            shapes = [inputLayer.batchShape]
        } else if layer.isBuilt, let built = layer.builtInputShapes {
            shapes = try? layer.computeOutputShape(built)
        }
        guard let shapes, !shapes.isEmpty else { return "?" }
        let texts = shapes.map(Model.formatShape)
        return texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
    }

    /// The shapes of a node's outputs: the model's tensors that come from it, else recomputed.
    static func outputShapes(of node: Node, in graph: FunctionalGraph?) -> [[Int?]]? {
        if let input = node.layer as? InputLayer { return [input.batchShape] }
        return try? node.layer.computeOutputShape(node.inputs.map(\.shape))
    }

    static func formatShape(_ shape: [Int?]) -> String {
        "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }

    static func summaryClassName(_ layer: Layer) -> String {
        (layer as? Model)?.kerasClassName ?? layer.className
    }

    /// `1,234,567`.
    static func thousands(_ n: Int) -> String {
        let digits = String(Swift.abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Keras's `readable_memory_size`: 1024 units, two decimals (`198.79 KB`), ties rounded to
    /// even as Python's `%.2f` does (595.625 KB prints as `595.62 KB`; Foundation's formatter
    /// would round it up).
    static func readableSize(_ bytes: Int) -> String {
        var size = Double(bytes)
        func twoDecimals(_ x: Double) -> String { String(format: "%.2f", (x * 100).rounded(.toNearestOrEven) / 100) }
        for unit in ["B", "KB", "MB", "GB", "TB"] {
            if size / 1024 < 1 { return twoDecimals(size) + " " + unit }
            size /= 1024
        }
        return twoDecimals(size) + " PB"
    }
}

/// A `rich` table with `box.HEAVY_HEAD`, `show_lines=True`, fixed column widths and a fixed
/// table width, rendered without colours — what Keras's summary prints.
struct SummaryTable {
    let header: [String]
    let rightAligned: [Bool]
    /// Cell widths including the one-space padding on each side.
    let cellWidths: [Int]

    init(header: [String], rightAligned: [Bool], widths: [Int], tableWidth: Int) {
        self.header = header
        self.rightAligned = rightAligned
        // rich: each fixed column measures width + 2 (padding); the total must fit the table
        // width minus the borders, reduced evenly with `ratio_reduce` (Python rounding).
        var w = widths.map { $0 + 2 }
        let maxWidth = tableWidth - (widths.count + 1)
        let total = w.reduce(0, +)
        if total > maxWidth {
            var remaining = total - maxWidth, ratio = w.count
            for i in w.indices {
                let d = Swift.min(w[i], Int((Double(remaining) / Double(ratio)).rounded(.toNearestOrEven)))
                w[i] -= d
                remaining -= d
                ratio -= 1
            }
        } else if total < maxWidth {
            // rich's `ratio_distribute` of the spare width, proportionally to the widths.
            var remaining = maxWidth - total, ratio = total
            for i in w.indices {
                let d = Int((Double(w[i] * remaining) / Double(ratio)).rounded(.up))
                ratio -= w[i]
                w[i] += d
                remaining -= d
            }
        }
        cellWidths = w
    }

    func render(_ rows: [[String]]) -> String {
        var out = rule("┏", "━", "┳", "┓")
        out += lines(header, vertical: "┃")
        out += rule("┡", "━", "╇", "┩")
        for (i, row) in rows.enumerated() {
            if i > 0 { out += rule("├", "─", "┼", "┤") }
            out += lines(row, vertical: "│")
        }
        out += rule("└", "─", "┴", "┘")
        return out
    }

    func rule(_ left: String, _ fill: String, _ cross: String, _ right: String) -> String {
        left + cellWidths.map { String(repeating: fill, count: $0) }.joined(separator: cross) + right + "\n"
    }

    func lines(_ cells: [String], vertical: String) -> String {
        let wrapped = cells.enumerated().map { i, c in SummaryTable.wrap(c, width: cellWidths[i] - 2) }
        let height = wrapped.map(\.count).max() ?? 1
        var out = ""
        for line in 0..<height {
            out += vertical
            for (i, w) in cellWidths.enumerated() {
                let text = line < wrapped[i].count ? wrapped[i][line] : ""
                let pad = String(repeating: " ", count: Swift.max(0, w - 2 - text.count))
                out += " " + (rightAligned[i] ? pad + text : text + pad) + " " + vertical
            }
            out += "\n"
        }
        return out
    }

    /// rich's word wrap with `overflow="ellipsis"`: break before words that do not fit; a word
    /// longer than the width stays whole on its line and is cut with `…`.
    static func wrap(_ text: String, width: Int) -> [String] {
        let chars = Array(text)
        // Words: leading spaces, non-spaces, trailing spaces (rich's `\s*\S+\s*`).
        var words: [(start: Int, end: Int)] = []
        var i = 0
        while i < chars.count {
            let start = i
            while i < chars.count && chars[i] == " " { i += 1 }
            guard i < chars.count else { break }
            while i < chars.count && chars[i] != " " { i += 1 }
            while i < chars.count && chars[i] == " " { i += 1 }
            words.append((start, i))
        }
        var breaks: [Int] = []
        var offset = 0
        for w in words {
            let word = chars[w.start..<w.end]
            var trimmed = word.count
            while trimmed > 0 && word[word.startIndex + trimmed - 1] == " " { trimmed -= 1 }
            if width - offset >= trimmed {
                offset += word.count
            } else if trimmed > width {
                if w.start > 0 { breaks.append(w.start) }
                offset = word.count
            } else if offset > 0 && w.start > 0 {
                breaks.append(w.start)
                offset = word.count
            }
        }
        var result: [String] = []
        var from = 0
        for b in breaks + [chars.count] {
            var line = String(chars[from..<b])
            while line.hasSuffix(" ") { line.removeLast() }
            if line.count > width { line = String(line.prefix(Swift.max(0, width - 1))) + "…" }
            result.append(line)
            from = b
        }
        return result.isEmpty ? [""] : result
    }
}
