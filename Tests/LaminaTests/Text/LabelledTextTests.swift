import Foundation
import Lamina
import Testing

/// The labelled-text readers on the real files in Data/text/ and on small malformed files.
@Suite struct LabelledTextTests {
    /// Writes `contents` to a fresh temporary file and returns its path.
    static func file(_ contents: String, name: String = "data.tsv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func error(_ body: () throws -> Void) -> DataError? {
        do { try body(); return nil } catch let e as DataError { return e } catch { return nil }
    }

    // MARK: Real files

    @Test func smsSpamHasThePublishedCounts() throws {
        let (texts, labels) = try Datasets.smsSpam(directory: RepoData.text + "/sms-spam-collection")
        #expect(texts.count == 5574)
        #expect(labels.shape == [5574] && labels.dtype == .int32)
        let spam = labels.scalars().filter { $0 == 1 }.count
        #expect(spam == 747 && 5574 - spam == 4827)
        #expect(texts[0].hasPrefix("Go until jurong point"))
        #expect(labels.scalars()[2] == 1 && labels.scalars()[0] == 0)
        #expect(texts.last == "Rofl. Its true to its name")
    }

    @Test func sentimentHas1000PerSourceHalfPositive() throws {
        let dir = RepoData.text + "/sentiment-labelled-sentences"
        let (texts, labels) = try Datasets.sentiment(directory: dir)
        #expect(texts.count == 3000 && labels.shape == [3000])
        #expect(labels.scalars().filter { $0 == 1 }.count == 1500)
        #expect(texts[0] == "So there is no way for me to plug it in here in the US unless I go by a converter.")
        for source in Datasets.SentimentSource.allCases {
            let (t, l) = try Datasets.sentiment(directory: dir, sources: [source])
            #expect(t.count == 1000 && l.scalars().filter { $0 == 1 }.count == 500, "\(source)")
        }
        // The two IMDB sentences with U+0085 stay single lines; texts keep their trailing spaces.
        let imdb = try Datasets.sentiment(directory: dir, sources: [.imdb]).texts
        #expect(imdb.filter { $0.unicodeScalars.contains("\u{85}") }.count == 2)
        #expect(imdb[0].hasSuffix(".  "))
    }

    @Test func genericReaderOnTheRealSMSFile() throws {
        let data = try LabelledText.read(RepoData.text + "/sms-spam-collection/SMSSpamCollection", textColumn: 1, labelColumn: 0, quoting: false)
        #expect(data.classNames == ["ham", "spam"])
        #expect(data.count == 5574)
    }

    // MARK: Formats

    @Test func csvWithHeaderQuotesAndNamedColumns() throws {
        let path = try Self.file("id,label,text\r\n1,pos,\"Great, \"\"really\"\" great\"\r\n2,neg,\"two\nlines\"\r\n\r\n3,pos,plain \"quote\" inside\r\n", name: "d.csv")
        let data = try LabelledText.read(path, separator: ",", textColumn: "text", labelColumn: "label", hasHeader: true)
        #expect(data.texts == ["Great, \"really\" great", "two\nlines", "plain \"quote\" inside"])
        #expect(data.classNames == ["neg", "pos"])
        #expect(data.labels == [1, 0, 1])
        #expect(data.labelTensor.shape == [3])
    }

    @Test func integerLabelsSortNumerically() throws {
        let path = try Self.file("a\t10\nb\t2\nc\t2\n")
        let data = try LabelledText.read(path)
        #expect(data.classNames == ["2", "10"])
        #expect(data.labels == [1, 0, 0])
    }

    @Test func gzipFilesAreRead() throws {
        let sms = RepoData.text + "/sms-spam-collection/SMSSpamCollection"
        let gz = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-sms-\(UUID().uuidString).gz").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(sms)' > '\(gz)'"]
        try p.run(); p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        #expect(try LabelledText.read(gz, textColumn: 1, labelColumn: 0, quoting: false).count == 5574)
    }

    // MARK: Malformed files

    @Test func wrongColumnCountNamesFileAndLine() throws {
        let path = try Self.file("good\t1\nalso good\t0\nno label here\nx\t1\n")
        let e = try #require(Self.error { _ = try LabelledText.read(path) })
        #expect(e.path == path)
        #expect(e.description.contains(path) && e.reason.contains("line 3") && e.reason.contains("1 field"))
    }

    @Test func emptyLabelNamesTheLine() throws {
        let path = try Self.file("a\t1\n\nb\t \n")
        let e = try #require(Self.error { _ = try LabelledText.read(path) })
        #expect(e.reason.contains("line 3") && e.reason.contains("empty label"), "\(e)")
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpens() throws {
        let path = try Self.file("label,text\npos,fine\nneg,\"never closed\nmore\n", name: "q.csv")
        let e = try #require(Self.error { _ = try LabelledText.read(path, separator: ",", textColumn: 1, labelColumn: 0, hasHeader: true) })
        #expect(e.reason.contains("line 3") && e.reason.contains("unterminated"), "\(e)")
        let after = try Self.file("pos,\"closed\"junk\n", name: "j.csv")
        let e2 = try #require(Self.error { _ = try LabelledText.read(after, separator: ",", textColumn: 1, labelColumn: 0) })
        #expect(e2.reason.contains("line 1") && e2.reason.contains("closing quote"), "\(e2)")
    }

    @Test func otherBadInputsThrowDataErrors() throws {
        let path = try Self.file("a\tx\nb\ty\n")
        #expect(Self.error { _ = try LabelledText.read(path, labelColumn: 5) }?.reason.contains("column 5") == true)
        #expect(Self.error { _ = try LabelledText.read(path, textColumn: "text") }?.reason.contains("hasHeader") == true)
        #expect(Self.error { _ = try LabelledText.read(path, hasHeader: true, classNames: nil) } == nil)
        #expect(Self.error { _ = try LabelledText.read(path, classNames: ["x"]) }?.reason.contains("line 2") == true)
        #expect(Self.error { _ = try LabelledText.read(path + ".missing") } != nil)
        #expect(Self.error { _ = try LabelledText.read(try Self.file("")) }?.reason.contains("no lines") == true)
        #expect(Self.error { _ = try Datasets.smsSpam(directory: "/nonexistent") }?.path == "/nonexistent/SMSSpamCollection")
    }

    // MARK: Folders

    @Test func directoryPerClassLikeKeras() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-dir-\(UUID().uuidString)").path
        let files = ["pos/b.txt": "good", "pos/a.TXT": "great", "neg/x.txt": "bad", "neg/sub/y.txt": "awful\nreally",
                     "neg/skip.md": "no", "top.txt": "ignored"]
        for (rel, text) in files {
            let p = root + "/" + rel
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: p, atomically: true, encoding: .utf8)
        }
        let data = try LabelledText.readDirectory(root)
        #expect(data.classNames == ["neg", "pos"])
        #expect(data.texts == ["bad", "awful\nreally", "great", "good"])
        #expect(data.labels == [0, 0, 1, 1])
        let reordered = try LabelledText.readDirectory(root, classNames: ["pos", "neg"])
        #expect(reordered.labels == [0, 0, 1, 1] && reordered.texts.first == "great")
        #expect(Self.error { _ = try LabelledText.readDirectory(root, classNames: ["pos", "meh"]) }?.reason.contains("meh") == true)
        #expect(Self.error { _ = try LabelledText.readDirectory(root + "/pos") } != nil)
        #expect(Self.error { _ = try LabelledText.readDirectory(root + "/none") } != nil)
    }
}

extension RepoData {
    /// `Data/text`: the SMS Spam Collection and the Sentiment Labelled Sentences.
    static var text: String { root + "/Data/text" }
}
