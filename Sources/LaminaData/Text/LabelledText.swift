import Foundation
import LaminaCore

/// Texts with class labels, read from a delimited file (one example per line) or from a folder
/// per class (Keras `text_dataset_from_directory`).
///
/// Labels are indices into ``classNames``. Unless the class names are given, they are the
/// distinct labels sorted: numerically when every label is an integer (`"2"` before `"10"`),
/// otherwise by their characters (`"ham"`, `"spam"`).
public struct LabelledText {
    /// The texts, in file order.
    public var texts: [String]
    /// Each text's class index, in `0..<classNames.count`.
    public var labels: [Int32]
    /// The class names; a label `k` means `classNames[k]`.
    public var classNames: [String]

    public init(texts: [String], labels: [Int32], classNames: [String]) {
        self.texts = texts; self.labels = labels; self.classNames = classNames
    }

    /// Number of examples.
    public var count: Int { texts.count }
    /// The labels as an int32 tensor `[count]`.
    public var labelTensor: Tensor { Tensor(labels, shape: [labels.count]) }

    /// A column of a delimited file: by 0-based position, or by header name.
    public enum Column: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, CustomStringConvertible {
        case index(Int)
        case name(String)
        public init(integerLiteral value: Int) { self = .index(value) }
        public init(stringLiteral value: String) { self = .name(value) }
        public var description: String {
            switch self {
            case .index(let i): return "column \(i)"
            case .name(let n): return "column '\(n)'"
            }
        }
    }

    /// Reads one example per line (record) from a TSV or CSV file, possibly gzip-compressed.
    ///
    /// ```swift
    /// let sms = try LabelledText.read("Data/text/sms-spam-collection/SMSSpamCollection",
    ///                                 separator: "\t", textColumn: 1, labelColumn: 0, quoting: false)
    /// ```
    /// - Parameters:
    ///   - separator: the field separator, an ASCII character (TAB by default).
    ///   - textColumn, labelColumn: which fields hold the text and the label; names need `hasHeader`.
    ///   - hasHeader: whether the first record is a header of column names.
    ///   - quoting: RFC 4180 double-quoted fields (on by default); turn it off for files whose
    ///     texts hold stray quotes, such as the SMS and sentiment sets.
    ///   - classNames: the classes in label order; a label outside them is an error.
    /// - Throws: ``DataError`` with the file and line: wrong number of fields, an empty label, an
    ///   unknown label, an unterminated quote, a missing column, a missing file.
    public static func read(_ path: String, separator: Character = "\t", textColumn: Column = 0, labelColumn: Column = 1,
                            hasHeader: Bool = false, quoting: Bool = true, classNames: [String]? = nil) throws -> LabelledText {
        guard let sep = separator.asciiValue, separator != "\"", separator != "\n", separator != "\r" else {
            throw DataError(path, "the separator must be an ASCII character other than a quote or a line break; received '\(separator)'")
        }
        var records = try DelimitedText.records(try FileData.read(path), separator: sep, quoting: quoting, path: path)
        guard !records.isEmpty else { throw DataError(path, "the file has no lines") }
        let header = hasHeader ? records.removeFirst() : nil
        let width = header?.fields.count ?? records.first?.fields.count ?? 0
        func resolve(_ c: Column, _ role: String) throws -> Int {
            switch c {
            case .index(let i):
                guard i >= 0 && i < width else {
                    throw DataError(path, "the \(role) column \(i) does not exist: line \(header?.line ?? records[0].line) has \(width) field(s) separated by \(DelimitedText.describe(separator))")
                }
                return i
            case .name(let name):
                guard let header else { throw DataError(path, "the \(role) column is named '\(name)', but hasHeader is false") }
                guard let i = header.fields.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }) else {
                    throw DataError(path, "line \(header.line): the header has no \(role) column '\(name)'; its columns are \(header.fields)")
                }
                return i
            }
        }
        let t = try resolve(textColumn, "text"), l = try resolve(labelColumn, "label")
        var texts: [String] = [], rawLabels: [(String, Int)] = []
        texts.reserveCapacity(records.count)
        for r in records {
            guard r.fields.count == width else {
                let origin = header != nil ? "the header has" : "line \(records[0].line) has"
                throw DataError(path, "line \(r.line): \(r.fields.count) field(s) separated by \(DelimitedText.describe(separator)), but \(origin) \(width)")
            }
            let label = r.fields[l].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw DataError(path, "line \(r.line): empty label (\(labelColumn))") }
            texts.append(r.fields[t])
            rawLabels.append((label, r.line))
        }
        let names = classNames ?? sortedClassNames(Set(rawLabels.map(\.0)))
        let index = Dictionary(names.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let labels = try rawLabels.map { label, line in
            guard let k = index[label] else { throw DataError(path, "line \(line): label '\(label)' is not one of the classes \(names)") }
            return k
        }
        return LabelledText(texts: texts, labels: labels, classNames: names)
    }

    /// Distinct labels sorted numerically if all are integers, else by their characters.
    static func sortedClassNames(_ labels: Set<String>) -> [String] {
        if labels.allSatisfy({ Int($0) != nil }) { return labels.sorted { Int($0)! < Int($1)! } }
        return labels.sorted()
    }
}
