/// The header of a `.npy` file: a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, parsed without Python.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// NumPy's header text for `array` (keys sorted, the shape padded for in-place growth).
    static func text(for array: NPYArray) -> String {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '\(array.dtype.descr)', 'fortran_order': False, 'shape': \(shape), }"
        // numpy/lib/_format_impl.py: room for the first axis to grow to GROWTH_AXIS_MAX_DIGITS (21) digits.
        if let first = array.shape.first { text += String(repeating: " ", count: max(0, 21 - String(first).count)) }
        return text
    }

    /// Parses the dict literal; `name` (the file) is named in errors.
    static func parse(_ text: [UInt8], name: String) throws -> NPYHeader {
        func fail(_ reason: String) -> DataError { DataError(name, reason) }
        var p = Parser(text: text, name: name)
        var descr: String?, fortran: Bool?, shape: [Int]?
        try p.expect(UInt8(ascii: "{"))
        while try p.peek() != UInt8(ascii: "}") {
            let key = try p.string()
            try p.expect(UInt8(ascii: ":"))
            switch key {
            case "descr":
                let c = try p.peek()
                guard c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") else {
                    throw fail("a structured (record) dtype; only plain numeric and bool arrays can be read")
                }
                descr = try p.string()
            case "fortran_order": fortran = try p.bool()
            case "shape": shape = try p.tuple()
            default: try p.skipValue()
            }
            if try p.peek() == UInt8(ascii: ",") { p.i += 1 } else { break }
        }
        try p.expect(UInt8(ascii: "}"))
        guard let descr, let fortran, let shape else {
            throw fail("the header lacks 'descr', 'fortran_order' or 'shape'")
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// A scanner over the few Python literals a header holds: strings, booleans, int tuples.
    private struct Parser {
        let text: [UInt8]
        let name: String
        var i = 0

        func fail(_ reason: String) -> DataError { DataError(name, reason) }

        mutating func peek() throws -> UInt8 {
            while i < text.count, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x09 || text[i] == 0x0D { i += 1 }
            guard i < text.count else { throw fail("the header dict ends early: \(excerpt)") }
            return text[i]
        }

        mutating func expect(_ c: UInt8) throws {
            guard try peek() == c else { throw fail("malformed header: expected '\(Character(Unicode.Scalar(c)))' at \(excerpt)") }
            i += 1
        }

        mutating func string() throws -> String {
            let quote = try peek()
            guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { throw fail("malformed header: expected a string at \(excerpt)") }
            let start = i + 1
            guard let end = text[start...].firstIndex(of: quote) else { throw fail("malformed header: unterminated string") }
            i = end + 1
            return String(decoding: text[start..<end], as: UTF8.self)
        }

        mutating func word() throws -> String {
            _ = try peek()
            let start = i
            while i < text.count, (text[i] >= 0x30 && text[i] <= 0x39) || (text[i] | 0x20 >= 0x61 && text[i] | 0x20 <= 0x7A) || text[i] == 0x5F { i += 1 }
            return String(decoding: text[start..<i], as: UTF8.self)
        }

        mutating func bool() throws -> Bool {
            switch try word() {
            case "True": return true
            case "False": return false
            case let w: throw fail("malformed header: expected True or False for 'fortran_order', found '\(w)'")
            }
        }

        mutating func tuple() throws -> [Int] {
            try expect(UInt8(ascii: "("))
            var dims: [Int] = []
            while try peek() != UInt8(ascii: ")") {
                var w = try word()
                if w.hasSuffix("L") { w.removeLast() }   // Python 2 longs
                guard let d = Int(w), d >= 0 else { throw fail("malformed header: shape dimension '\(w)' is not a non-negative integer") }
                dims.append(d)
                if try peek() == UInt8(ascii: ",") { i += 1 } else { break }
            }
            try expect(UInt8(ascii: ")"))
            return dims
        }

        /// Skips a value of an unknown key (a string, word or bracketed literal).
        mutating func skipValue() throws {
            let c = try peek()
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { _ = try string(); return }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                var depth = 0
                repeat {
                    guard i < text.count else { throw fail("the header dict ends early") }
                    if text[i] == UInt8(ascii: "(") || text[i] == UInt8(ascii: "[") || text[i] == UInt8(ascii: "{") { depth += 1 }
                    if text[i] == UInt8(ascii: ")") || text[i] == UInt8(ascii: "]") || text[i] == UInt8(ascii: "}") { depth -= 1 }
                    i += 1
                } while depth > 0
                return
            }
            guard !(try word()).isEmpty else { throw fail("malformed header at \(excerpt)") }
        }

        var excerpt: String {
            i >= text.count ? "the end" : "'" + String(decoding: text[i..<min(text.count, i + 20)], as: UTF8.self) + "'"
        }
    }
}
