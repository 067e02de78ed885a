import Foundation
import Lamina
import Testing

/// ZIP archives: reading Python's zipfile output (stored, deflated, ZIP64 extras), writing what
/// Python writes byte for byte, round trips, and clear errors for damaged archives.
@Suite struct ZipTests {
    /// The entries of `zip_exact.zip` (see Scripts/files/zip_fixtures.py).
    static let exact: [(String, [UInt8])] = [
        ("metadata.json", Array(#"{"keras_version": "3.16.0"}"#.utf8)),
        ("config.json", Array(#"{"class_name": "Sequential"}"#.utf8)),
        ("model.weights.h5", (0..<40).map { UInt8($0) }),
        ("\u{fc}ber/caf\u{e9}.txt", Array("na\u{ef}ve\n".utf8)),
        ("empty", []),
    ]

    @Test func readsAnArchiveWrittenByPythonsZipfile() throws {
        let zip = try ZipArchive(contentsOf: FileFixtures.path("zip_python.zip"))
        #expect(zip.entryNames == ["a.txt", "folder/", "folder/b.bin", "\u{fc}nic\u{f6}de.txt", "empty", "zip64.bin"])
        #expect(try zip.bytes(of: "a.txt") == Array("hello\n".utf8))
        #expect(try zip.bytes(of: "folder/b.bin") == (0..<1000).map { UInt8($0 % 7) })
        #expect(try zip.bytes(of: "\u{fc}nic\u{f6}de.txt") == Array("gr\u{fc}\u{df}e\n".utf8))
        #expect(try zip.bytes(of: "empty") == [])
        #expect(try zip.bytes(of: "zip64.bin") == (0..<512).map { UInt8($0 % 256) })
        let deflated = try #require(zip.entries.first { $0.name == "folder/b.bin" })
        #expect(deflated.method == 8 && deflated.size == 1000 && deflated.compressedSize < 100)
        #expect(zip.entries[1].isDirectory && !zip.entries[0].isDirectory)
        #expect(zip.contains("a.txt") && !zip.contains("b.txt"))
    }

    @Test func writerReproducesPythonsStoredArchiveByteForByte() throws {
        var writer = ZipWriter()
        for (name, bytes) in Self.exact { try writer.add(name, bytes) }
        #expect(writer.count == 5)
        let written = writer.finish()
        let python = try FileFixtures.bytes("zip_exact.zip")
        #expect(written.count == python.count)
        let firstDifference = zip(written, python).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first differing byte at \(firstDifference ?? -1)")
    }

    @Test func roundTripsEntriesOfEverySize() throws {
        var writer = ZipWriter()
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let entries: [(String, [UInt8])] = [("a", []), ("dir/b.bin", [7]), ("big.bin", big), ("τ/ü.json", Array("{}".utf8))]
        for (n, b) in entries { try writer.add(n, b) }
        let zip = try ZipArchive(bytes: writer.finish(), name: "memory.zip")
        #expect(zip.entryNames == entries.map(\.0))
        for (n, b) in entries { #expect(try zip.bytes(of: n) == b, "\(n)") }
        // An empty archive is a valid one.
        #expect(try ZipArchive(bytes: ZipWriter().finish(), name: "empty.zip").entries.isEmpty)
    }

    @Test func zip64RecordsAreWrittenAndRead() throws {
        var writer = ZipWriter()
        writer.forceZip64 = true
        try writer.add("x.npy", [1, 2, 3])
        try writer.add("y.npy", Array(repeating: 9, count: 1000))
        let bytes = writer.finish()
        // The ZIP64 end record and its locator precede the classic end record.
        #expect(bytes.count > 98 && bytes[bytes.count - 42] == 0x50 && bytes[bytes.count - 41] == 0x4B
                && bytes[bytes.count - 40] == 6 && bytes[bytes.count - 39] == 7)
        let zip = try ZipArchive(bytes: bytes, name: "z64.zip")
        #expect(zip.entries.map(\.size) == [3, 1000])
        #expect(try zip.bytes(of: "y.npy") == Array(repeating: 9, count: 1000))
        // More than 65,535 entries need the ZIP64 end record too.
        var many = ZipWriter()
        for i in 0..<70_000 { try many.add("e\(i)", [UInt8(i & 0xFF)]) }
        let manyZip = try ZipArchive(bytes: many.finish(), name: "many.zip")
        #expect(manyZip.entries.count == 70_000)
        #expect(try manyZip.bytes(of: "e69999") == [UInt8(69_999 & 0xFF)])
    }

    @Test func badArchivesGiveErrorsNamingFileEntryAndProblem() throws {
        func error(_ bytes: [UInt8], reading entry: String? = nil) -> String {
            do {
                let zip = try ZipArchive(bytes: bytes, name: "t.zip")
                if let entry { _ = try zip.bytes(of: entry) }
                return "no error"
            } catch { return "\(error)" }
        }
        let good = try FileFixtures.bytes("zip_python.zip")
        let missing = FileFixtures.tempPath(".zip")
        #expect(throws: DataError(missing, "cannot read the file (missing or not readable)")) { try ZipArchive(contentsOf: missing) }
        #expect(error(Array("just text, no archive".utf8)).hasPrefix("t.zip: not a ZIP archive"))
        #expect(error(Array(good.prefix(600))).hasPrefix("t.zip: truncated ZIP archive"))
        let noEntry = error(good, reading: "model.weights.h5")
        #expect(noEntry.contains("t.zip: no entry 'model.weights.h5'") && noEntry.contains("'a.txt'"))

        // Locate a.txt's data (local header at 0: 30 bytes + 5-byte name) and its central record.
        var crc = good
        crc[35] ^= 0xFF
        #expect(error(crc, reading: "a.txt").hasPrefix("t.zip: entry 'a.txt': CRC-32 mismatch (declared 0x363a3020"))
        let zip = try ZipArchive(bytes: good, name: "t.zip")
        let central = try #require(findCentral(good, name: "folder/b.bin"))
        var method = good
        method[central + 10] = 12
        #expect(error(method, reading: "folder/b.bin") == "t.zip: entry 'folder/b.bin': compression method 12 (bzip2) is not supported; stored (0) and deflate (8) are")
        var encrypted = good
        encrypted[central + 8] |= 1
        #expect(error(encrypted, reading: "folder/b.bin").contains("entry 'folder/b.bin': is encrypted"))
        // Damage inside the deflate stream: zlib or the CRC notices.
        let deflated = try #require(zip.entries.first { $0.name == "folder/b.bin" })
        var stream = good
        let dataStart = Int(deflated.compressedSize) > 0 ? findLocal(good, name: "folder/b.bin")! : 0
        stream[dataStart + 3] ^= 0x55
        let streamError = error(stream, reading: "folder/b.bin")
        #expect(streamError.hasPrefix("t.zip: entry 'folder/b.bin': "), "\(streamError)")
        #expect(streamError.contains("corrupt") || streamError.contains("CRC-32") || streamError.contains("truncated"), "\(streamError)")
        // A declared size larger than the data.
        var size = good
        size[central + 24] &+= 1
        #expect(error(size, reading: "folder/b.bin").contains("entry 'folder/b.bin': truncated: inflates to 1000 bytes but 1001 are declared"))
        #expect(throws: DataError.self) { var w = ZipWriter(); try w.add("", [1]) }
    }

    @Test func damagedCopiesNeverCrash() throws {
        for name in ["zip_python.zip", "zip_exact.zip"] {
            let good = try FileFixtures.bytes(name)
            var failures = 0
            for (what, bytes) in FileFixtures.damagedCopies(good) {
                do {
                    let zip = try ZipArchive(bytes: bytes, name: name)
                    for e in zip.entryNames { _ = try zip.bytes(of: e) }
                } catch let e as DataError {
                    failures += 1
                    #expect(e.path == name && !e.reason.isEmpty, "\(what)")
                } catch {
                    Issue.record("\(name), \(what): unexpected error type \(error)")
                }
            }
            #expect(failures > good.count, "\(name): most damaged copies must be rejected (\(failures))")
        }
    }

    /// The offset of the central-directory record of `name`.
    func findCentral(_ b: [UInt8], name: String) -> Int? {
        let n = Array(name.utf8)
        return (0..<(b.count - 46)).first { i in
            b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 1 && b[i + 3] == 2 && Array(b[(i + 46)..<min(b.count, i + 46 + n.count)]) == n
        }
    }

    /// The offset of the data of the entry `name` (after its local header).
    func findLocal(_ b: [UInt8], name: String) -> Int? {
        let n = Array(name.utf8)
        guard let i = (0..<(b.count - 30)).first(where: { i in
            b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 3 && b[i + 3] == 4 && Array(b[(i + 30)..<min(b.count, i + 30 + n.count)]) == n
        }) else { return nil }
        return i + 30 + n.count + Int(b[i + 28]) + Int(b[i + 29]) << 8
    }
}
