import Foundation

/// Streams epoch results to a CSV file (Keras `CSVLogger`): a header `epoch,<sorted log keys>`
/// and one row per epoch, lines ending in `\r\n` as Python's `csv` module writes them. Values
/// are written as Python prints floats (`0.6931471824645996`). With `append`, rows are added to
/// an existing file and the header is written only if the file is empty.
public final class CSVLogger: Callback {
    public let filename: String
    public let separator: Character
    public let append: Bool
    var handle: FileHandle?
    var keys: [String]?
    var appendHeader = true

    public init(filename: String, separator: Character = ",", append: Bool = false) {
        self.filename = filename
        self.separator = separator
        self.append = append
    }

    public override func onTrainBegin(logs: [String: Float]) throws {
        let fm = FileManager.default
        appendHeader = true
        if append, fm.fileExists(atPath: filename) {
            let existing = (try? Data(contentsOf: URL(fileURLWithPath: filename))) ?? Data()
            appendHeader = existing.isEmpty
        } else {
            guard fm.createFile(atPath: filename, contents: Data()) else {
                throw LaminaError.value("CSVLogger: cannot create \(filename)")
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filename))
        try handle?.seekToEnd()
        keys = nil
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        guard let handle else { return }
        var text = ""
        if keys == nil {
            keys = logs.keys.sorted()
            if appendHeader { text += row(["epoch"] + keys!) }
        }
        text += row([String(epoch)] + keys!.map { k in logs[k].map { Monitor.pythonFloat(Double($0)) } ?? "NA" })
        try handle.write(contentsOf: Data(text.utf8))
    }

    public override func onTrainEnd(logs: [String: Float]) throws {
        try handle?.close()
        handle = nil
    }

    /// One CSV record, quoting fields that contain the separator, quotes or line breaks.
    func row(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(separator) || f.contains("\"") || f.contains("\n") || f.contains("\r")
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: String(separator)) + "\r\n"
    }

    deinit { try? handle?.close() }
}
