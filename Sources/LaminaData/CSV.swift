import LaminaCore

/// Numeric CSV tables (optionally gzip-compressed), such as scikit-learn's `digits.csv.gz`.
public enum NumericCSV {
    /// Rows of numbers; every row must have the same number of fields.
    /// - Throws: ``DataError`` with the file and line number of a malformed line.
    public static func read(_ path: String, separator: Character = ",", skipHeader: Bool = false) throws -> [[Float]] {
        let text = String(decoding: try FileData.read(path), as: UTF8.self)
        var rows: [[Float]] = []
        var width: Int?
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if skipHeader && i == 0 { continue }
            let trimmed = line.trimmingCharacters(in: [" ", "\r", "\t"])
            if trimmed.isEmpty { continue }
            var row: [Float] = []
            for field in trimmed.split(separator: separator, omittingEmptySubsequences: false) {
                guard let v = Float(field.trimmingCharacters(in: [" ", "\t"])) else {
                    throw DataError(path, "line \(i + 1): '\(field)' is not a number")
                }
                row.append(v)
            }
            if let width, row.count != width {
                throw DataError(path, "line \(i + 1): \(row.count) fields, but earlier lines have \(width)")
            }
            width = row.count
            rows.append(row)
        }
        return rows
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }
}
