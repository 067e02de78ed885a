import Foundation

/// Python's `str.format` with keyword arguments, for checkpoint file names such as
/// `"weights.{epoch:02d}-{val_loss:.2f}.weights.h5"` (Keras formats them with
/// `filepath.format(epoch=epoch + 1, **logs)`). Supports `{name}`, `{name:spec}` with specs
/// `[0][width][.precision][d|f|e|g|%]`, and `{{`/`}}`.
enum FilepathFormat {
    enum Value { case int(Int), float(Double) }

    static func format(_ pattern: String, _ values: [String: Value]) throws -> String {
        var out = ""
        var chars = Array(pattern)[...]
        while let c = chars.popFirst() {
            if c == "{" {
                if chars.first == "{" { chars.removeFirst(); out.append("{"); continue }
                guard let close = chars.firstIndex(of: "}") else {
                    throw LaminaError.value("Failed to format this callback filepath: \"\(pattern)\". Reason: Single '{' encountered in format string")
                }
                let field = String(chars[chars.startIndex..<close])
                chars = chars[(close + 1)...]
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]), spec = parts.count > 1 ? String(parts[1]) : ""
                guard let value = values[name] else {
                    throw LaminaError.value("Failed to format this callback filepath: \"\(pattern)\". Reason: '\(name)'")
                }
                out += try apply(spec, to: value, pattern: pattern)
            } else if c == "}" {
                if chars.first == "}" { chars.removeFirst() }
                out.append("}")
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func apply(_ spec: String, to value: Value, pattern: String) throws -> String {
        if spec.isEmpty {
            switch value {
            case .int(let i): return String(i)
            case .float(let d): return Monitor.pythonFloat(d)
            }
        }
        var s = Substring(spec)
        let zero = s.first == "0"
        if zero { s = s.dropFirst() }
        let widthDigits = s.prefix { $0.isNumber }
        s = s.dropFirst(widthDigits.count)
        var precision: Int?
        if s.first == "." {
            s = s.dropFirst()
            let p = s.prefix { $0.isNumber }
            precision = Int(p)
            s = s.dropFirst(p.count)
        }
        let type = s.first ?? "g"
        let width = Int(widthDigits) ?? 0
        let text: String
        switch (type, value) {
        case ("d", .int(let i)): text = String(i)
        case ("d", .float):
            throw LaminaError.value("Failed to format this callback filepath: \"\(pattern)\". Reason: Unknown format code 'd' for object of type 'float'")
        case ("f", _), ("F", _): text = String(format: "%.\(precision ?? 6)f", double(value))
        case ("e", _): text = String(format: "%.\(precision ?? 6)e", double(value))
        case ("%", _): text = String(format: "%.\(precision ?? 6)f", double(value) * 100) + "%"
        case ("g", .int(let i)) where precision == nil: text = String(i)
        case ("g", _): text = String(format: "%.\(precision ?? 6)g", double(value))
        default:
            throw LaminaError.value("Failed to format this callback filepath: \"\(pattern)\". Reason: Unknown format code '\(type)'")
        }
        guard text.count < width else { return text }
        let pad = String(repeating: zero ? "0" : " ", count: width - text.count)
        if zero, text.hasPrefix("-") { return "-" + pad + text.dropFirst() }
        return pad + text
    }

    static func double(_ v: Value) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }
}
