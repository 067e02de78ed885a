import Foundation

extension History {
    /// Writes the training curves as a standalone SVG: one panel per quantity (`loss` first,
    /// then each metric in sorted order) with the training curve and, when present, the
    /// validation curve (`val_…`, dashed), axes with ticks, a title and a legend. The file is
    /// written to a temporary name next to `path` and then renamed, so readers never see half a file.
    ///
    /// - Throws: if there is no history to plot or the file cannot be written.
    public func plot(to path: String) throws {
        try writeAtomically(try svg(), to: path)
    }

    /// The SVG text that ``plot(to:)`` writes.
    public func svg() throws -> String {
        let names = history.keys.filter { !$0.hasPrefix("val_") }
            .sorted { a, b in a == "loss" ? b != "loss" : (b == "loss" ? false : a < b) }
        let extraVal = history.keys.filter { $0.hasPrefix("val_") && history[String($0.dropFirst(4))] == nil }.sorted()
        let panels = names + extraVal
        guard !panels.isEmpty else { throw LaminaError.value("History.plot: there is no history to plot (fit has not run)") }
        let pw = 420.0, ph = 300.0
        let columns = Swift.min(panels.count, 2)
        let rows = (panels.count + columns - 1) / columns
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(pw) * columns)\" height=\"\(Int(ph) * rows)\" "
        out += "viewBox=\"0 0 \(Int(pw) * columns) \(Int(ph) * rows)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        for (i, key) in panels.enumerated() {
            let x0 = Double(i % columns) * pw, y0 = Double(i / columns) * ph
            var series: [(label: String, values: [Float], color: String, dashed: Bool)] = []
            if let train = history[key] { series.append((key, train, "#1f77b4", false)) }
            let valKey = key.hasPrefix("val_") ? "" : "val_" + key
            if let val = history[valKey] { series.append((valKey, val, "#ff7f0e", true)) }
            out += panel(title: key, series: series, x: x0, y: y0, width: pw, height: ph)
        }
        return out + "</svg>\n"
    }

    func panel(title: String, series: [(label: String, values: [Float], color: String, dashed: Bool)],
               x: Double, y: Double, width: Double, height: Double) -> String {
        let left = x + 60, right = x + width - 20, top = y + 30, bottom = y + height - 45
        let epochs = epoch.isEmpty ? Array(0..<(series.map(\.values.count).max() ?? 0)) : epoch
        let finite = series.flatMap(\.values).filter { $0.isFinite }.map(Double.init)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let yTicks = History.niceTicks(lo, hi)
        lo = Swift.min(lo, yTicks.first ?? lo); hi = Swift.max(hi, yTicks.last ?? hi)
        let e0 = Double((epochs.first ?? 0) + 1), e1 = Double((epochs.last ?? 0) + 1)
        let xSpan = e1 > e0 ? e1 - e0 : 1
        func px(_ e: Double) -> Double { left + (e - e0) / xSpan * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v - lo) / (hi - lo) * (bottom - top) }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var s = "<g class=\"panel\" id=\"panel-\(History.xml(title))\">\n"
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(y + 18))\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(History.xml(title))</text>\n"
        s += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"black\"/>\n"
        s += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"black\"/>\n"
        for t in yTicks where t >= lo - 1e-12 && t <= hi + 1e-12 {
            s += "<line class=\"tick\" x1=\"\(f(left - 4))\" y1=\"\(f(py(t)))\" x2=\"\(f(left))\" y2=\"\(f(py(t)))\" stroke=\"black\"/>\n"
            s += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(right))\" y2=\"\(f(py(t)))\" stroke=\"#e0e0e0\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(History.tickLabel(t))</text>\n"
        }
        for t in History.niceTicks(e0, e1, integers: true) where t >= e0 && t <= e1 {
            s += "<line class=\"tick\" x1=\"\(f(px(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(bottom + 4))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(History.tickLabel(t))</text>\n"
        }
        s += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 34))\" text-anchor=\"middle\">epoch</text>\n"
        for (i, line) in series.enumerated() {
            let points = zip(epochs, line.values).filter { $0.1.isFinite }
                .map { "\(f(px(Double($0.0 + 1)))),\(f(py(Double($0.1))))" }.joined(separator: " ")
            let dash = line.dashed ? " stroke-dasharray=\"6,4\"" : ""
            s += "<polyline class=\"curve\" data-series=\"\(History.xml(line.label))\" points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>\n"
            let ly = top + 8 + Double(i) * 16
            s += "<g class=\"legend\"><line x1=\"\(f(right - 110))\" y1=\"\(f(ly))\" x2=\"\(f(right - 90))\" y2=\"\(f(ly))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>"
            s += "<text x=\"\(f(right - 85))\" y=\"\(f(ly + 4))\">\(History.xml(line.label))</text></g>\n"
        }
        return s + "</g>\n"
    }

    /// About five round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10ⁿ).
    static func niceTicks(_ lo: Double, _ hi: Double, integers: Bool = false) -> [Double] {
        let span = Swift.max(hi - lo, 1e-12)
        let raw = span / 5
        let mag = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        if integers { step = Swift.max(1, step.rounded()) }
        var t = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        while t <= hi + step * 1e-9 && ticks.count < 50 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        if let last = ticks.last, last < hi - step * 1e-9 { ticks.append(last + step) }
        return ticks
    }

    static func tickLabel(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e7 { return String(Int(v)) }
        var s = String(format: "%.4g", v)
        if s.contains(".") && !s.contains("e") { while s.hasSuffix("0") { s.removeLast() } }
        return s
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
