/// One record of a delimited text file: its fields and the line it starts on (1-based).
struct DelimitedRecord {
    var fields: [String]
    var line: Int
}

/// Splits delimited text (TSV, CSV) into records, with RFC 4180 quoting when `quoting` is on:
/// a field that starts with `"` runs to the next lone `"`, may hold separators and line breaks,
/// and writes a quote as `""`. A `"` inside an unquoted field is kept as it is. Records end at
/// LF or CRLF; empty lines are skipped; a UTF-8 byte-order mark at the start is ignored.
enum DelimitedText {
    static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// - Throws: ``DataError`` naming `path` and the line for an unterminated quoted field or
    ///   text after a closing quote.
    static func records(_ bytes: [UInt8], separator: UInt8, quoting: Bool, path: String) throws -> [DelimitedRecord] {
        var records: [DelimitedRecord] = []
        let n = bytes.count
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        func atLineEnd(_ k: Int) -> Bool { k >= n || bytes[k] == lf || (bytes[k] == cr && (k + 1 >= n || bytes[k + 1] == lf)) }
        while i < n {
            if atLineEnd(i) {  // an empty line
                i += bytes[i] == cr ? 2 : 1
                line += 1
                continue
            }
            let recordLine = line
            var fields: [String] = []
            while true {
                var field: [UInt8] = []
                if quoting && i < n && bytes[i] == quote {
                    let fieldLine = line
                    i += 1
                    while true {
                        guard i < n else {
                            throw DataError(path, "line \(fieldLine): unterminated quoted field (the quote opened here is never closed before the end of the file)")
                        }
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < n && bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                            i += 1
                            break
                        }
                        if b == lf { line += 1 }
                        field.append(b)
                        i += 1
                    }
                    guard i >= n || bytes[i] == separator || atLineEnd(i) else {
                        throw DataError(path, "line \(line): unexpected text after the closing quote of field \(fields.count + 1) (a quote inside a quoted field must be doubled: \"\")")
                    }
                } else {
                    while i < n && bytes[i] != separator && bytes[i] != lf { field.append(bytes[i]); i += 1 }
                    if field.last == cr && (i >= n || bytes[i] == lf) { field.removeLast() }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                if i < n && bytes[i] == separator { i += 1; continue }
                if i < n && bytes[i] == cr { i += 1 }
                if i < n && bytes[i] == lf { i += 1; line += 1 }
                break
            }
            records.append(DelimitedRecord(fields: fields, line: recordLine))
        }
        return records
    }

    /// A readable name for a separator in messages.
    static func describe(_ separator: Character) -> String {
        switch separator {
        case "\t": return "TAB"
        case ",": return "comma"
        case ";": return "semicolon"
        default: return "'\(separator)'"
        }
    }
}
