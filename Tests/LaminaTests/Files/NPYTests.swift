import Foundation
import Lamina
import Testing

/// `.npy` and `.npz` against files written by real NumPy (Scripts/files/npy_fixtures.py, listed in
/// npy_manifest.json): every dtype, big-endian data, 0-d and empty arrays, byte-identical writing,
/// clear errors, and damaged copies that must never crash.
@Suite struct NPYTests {
    static let manifest: JSONValue = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: FileFixtures.path("npy_manifest.json")))) ?? Data()
        return (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }()

    static var files: [(name: String, spec: JSONValue)] {
        (manifest["files"]?.object ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The tensor Lamina makes of a fixture: floats become float32, integers int32, bools bool.
    func expectedTensor(_ spec: JSONValue) throws -> Tensor {
        let shape = try #require(spec["shape"]?.ints)
        let listed = spec["values"]?.array?.compactMap { $0.double }
        let values = try #require(listed)
        switch spec["dtype"]?.string {
        case "float32", "float64": return Tensor(values.map { Float($0) }, shape: shape)
        case "bool": return Tensor(values.map { $0 != 0 }, shape: shape)
        default: return Tensor(values.map { Int32($0) }, shape: shape)
        }
    }

    @Test func everyFixtureReadsAsNumPyWroteIt() throws {
        #expect(Self.files.filter { $0.spec["error"] == nil }.count == 13)
        for (name, spec) in Self.files where spec["error"] == nil {
            let array = try NPY.read(FileFixtures.path(name))
            #expect(array.dtype.rawValue == spec["dtype"]?.string, "\(name)")
            #expect(array.shape == spec["shape"]?.ints, "\(name)")
            #expect(array.doubles() == spec["values"]?.array?.compactMap(\.double), "\(name)")
            let tensor = try NPY.readTensor(FileFixtures.path(name)), expected = try expectedTensor(spec)
            #expect(tensor.dtype == expected.dtype && tensor.shape == expected.shape, "\(name)")
            #expect(tensor.scalars() == expected.scalars(), "\(name)")
        }
        // The conversions that change the type: float64 rounds to float32, uint8 widens to int32.
        #expect(try NPY.readTensor(FileFixtures.path("npy_f8.npy")).scalars() == [Float(0.1), Float(-1.0 / 3), 1e30])
        let bytes = try NPY.readTensor(FileFixtures.path("npy_u1.npy"))
        #expect(bytes.dtype == .int32 && bytes.intScalars() == [0, 1, 127, 128, 200, 254, 255, 7])
        #expect(try NPY.readTensor(FileFixtures.path("npy_scalar.npy")).shape == [])
    }

    @Test func writesWhatNumPyWritesByteForByte() throws {
        var exact = 0
        for (name, spec) in Self.files where spec["exact"]?.bool == true {
            let original = try FileFixtures.bytes(name)
            #expect(NPY.encode(try NPY.decode(original, name: name)) == original, "\(name)")
            exact += 1
        }
        #expect(exact == 10)
        // Through tensors: float32, int32 and bool keep their dtype.
        let t = try NPY.readTensor(FileFixtures.path("npy_f4.npy"))
        #expect(NPY.encode(NPYArray(t)) == (try FileFixtures.bytes("npy_f4.npy")))
        #expect(NPY.encode(NPYArray(try NPY.readTensor(FileFixtures.path("npy_b1.npy")))) == (try FileFixtures.bytes("npy_b1.npy")))
    }

    @Test func tensorsRoundTripThroughFiles() throws {
        let path = FileFixtures.tempPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tensors = [Tensor.randomNormal([3, 4, 5], seed: 3), Tensor([Int32(-3), 9, 1 << 30], shape: [3, 1]),
                       Tensor([true, false, true, true], shape: [2, 2]), Tensor(Float(7)), Tensor([Float](), shape: [0, 4])]
        for t in tensors {
            try NPY.write(t, to: path)
            let back = try NPY.readTensor(path)
            #expect(back.dtype == t.dtype && back.shape == t.shape && back.scalars() == t.scalars(), "\(t.dtype) \(t.shape)")
        }
        // Wider NumPy types can be written too.
        try NPY.write(try NPYArray([1e-300, 2], shape: [2]), to: path)
        #expect(try NPY.read(path).doubles() == [1e-300, 2])
        try NPY.write(try NPYArray([Int64.min, 5], shape: [1, 2]), to: path)
        #expect(try NPY.read(path).doubles() == [Double(Int64.min), 5])
        #expect(throws: DataError.self) { try NPYArray([1.0, 2, 3] as [Double], shape: [2, 2]) }
    }

    @Test func unsupportedFilesNameTheFileAndTheProblem() throws {
        #expect(Self.files.filter { $0.spec["error"] != nil }.count == 6)
        for (name, spec) in Self.files {
            guard let expected = spec["error"]?.string else { continue }
            let path = FileFixtures.path(name)
            do {
                _ = try NPY.readTensor(path)
                Issue.record("\(name): expected an error containing \(expected)")
            } catch let e as DataError {
                #expect(e.path == path && e.reason.contains(expected), "\(name): \(e)")
            }
        }
    }

    @Test func damagedHeadersGiveClearErrors() throws {
        let good = try FileFixtures.bytes("npy_f4.npy")
        func reason(_ b: [UInt8]) -> String {
            do { _ = try NPY.decode(b, name: "x.npy"); return "no error" } catch let e as DataError { return e.reason } catch { return "\(error)" }
        }
        #expect(reason(Array(good.dropLast(12))) == "truncated: the header says 24 bytes of data (float32 [2, 3]), the file has 12")
        #expect(reason(good + [0]) == "1 unexpected bytes after the 24 bytes of data (float32 [2, 3])")
        #expect(reason(Array(good.prefix(70))) == "truncated: the header says 118 bytes but the file has 60 after the preamble")
        #expect(reason(Array("PK\u{3}\u{4} not numpy".utf8)).hasPrefix("not a .npy file (bad magic"))
        #expect(reason([0x93, 0x4E, 0x55]) == "not a .npy file: 3 bytes is shorter than its 10-byte preamble")
        var version = good
        version[6] = 9
        #expect(reason(version) == ".npy format version 9.0 is not supported (1.0, 2.0 and 3.0 are)")
        let missing = FileFixtures.tempPath(".npy")
        #expect(throws: DataError(missing, "cannot read the file (missing or not readable)")) { try NPY.read(missing) }
        // A header that is not the dict NumPy writes.
        let text = String(decoding: good, as: UTF8.self)
        var shape = good
        let at = try #require(text.range(of: "(2, 3)")).lowerBound.utf16Offset(in: text)
        shape[at + 1] = UInt8(ascii: "x")
        #expect(reason(shape).contains("shape dimension 'x' is not a non-negative integer"))
    }

    @Test func npzArchivesFromSavezAndSavezCompressed() throws {
        let members = try #require(Self.manifest["npz"]?["members"])
        for file in ["npz_stored.npz", "npz_compressed.npz"] {
            let arrays = try NPZ.read(FileFixtures.path(file))
            #expect(arrays.map(\.name) == ["x", "ids", "mask"], "\(file)")
            for (name, array) in arrays {
                #expect(array.dtype.rawValue == members[name]?["dtype"]?.string && array.shape == members[name]?["shape"]?.ints)
                #expect(array.doubles() == members[name]?["values"]?.array?.compactMap(\.double), "\(file) \(name)")
            }
            let tensors = try NPZ.readTensors(FileFixtures.path(file))
            #expect(tensors.map(\.tensor.dtype) == [.float32, .int32, .bool])
        }
        let zip = try ZipArchive(contentsOf: FileFixtures.path("npz_compressed.npz"))
        #expect(zip.entries.allSatisfy { $0.method == 8 })
        #expect(try NPZ.read(FileFixtures.path("npz_positional.npz")).map(\.name) == ["arr_0", "arr_1"])

        // Written by Lamina: stored entries <name>.npy, read back unchanged.
        let path = FileFixtures.tempPath(".npz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try NPZ.read(FileFixtures.path("npz_compressed.npz"))
        try NPZ.write(original, to: path)
        let written = try ZipArchive(contentsOf: path)
        #expect(written.entryNames == ["x.npy", "ids.npy", "mask.npy"] && written.entries.allSatisfy { $0.method == 0 })
        let back = try NPZ.read(path)
        #expect(back.map(\.name) == original.map(\.name) && back.map(\.array) == original.map(\.array))
        try NPZ.write([("logits", Tensor.randomNormal([2, 3], seed: 1)), ("labels", Tensor([Int32(4), 2]))], to: path)
        #expect(try NPZ.readTensors(path).map(\.tensor.shape) == [[2, 3], [2]])
        #expect(throws: DataError(path, "two arrays are named 'a'")) { try NPZ.write([("a", Tensor(Float(1))), ("a", Tensor(Float(2)))], to: path) }
    }

    @Test func npzErrorsNameTheArchiveAndTheEntry() throws {
        var zip = ZipWriter()
        try zip.add("good.npy", NPY.encode(NPYArray(Tensor([Float(1), 2]))))
        try zip.add("bad.npy", Array(try FileFixtures.bytes("npy_f4.npy").dropLast(4)))
        let e = #expect(throws: DataError.self) { try NPZ.decode(zip.finish(), name: "d.npz") }
        #expect(e?.description == "d.npz: entry 'bad.npy': truncated: the header says 24 bytes of data (float32 [2, 3]), the file has 20")
    }

    @Test func damagedCopiesOfEveryFixtureNeverCrash() throws {
        let names = Self.files.map(\.name) + ["npz_stored.npz", "npz_compressed.npz", "npz_positional.npz"]
        var rejected = 0, total = 0
        for name in names {
            for (what, bytes) in FileFixtures.damagedCopies(try FileFixtures.bytes(name)) {
                total += 1
                do {
                    if name.hasSuffix(".npz") {
                        for (n, a) in try NPZ.decode(bytes, name: name) { _ = try a.tensor(source: n) }
                    } else {
                        _ = try NPY.decode(bytes, name: name).tensor(source: name)
                    }
                } catch let e as DataError {
                    rejected += 1
                    #expect(!e.reason.isEmpty && e.description.contains(name) || e.path.contains(name) || e.path == "array", "\(name), \(what)")
                } catch {
                    Issue.record("\(name), \(what): unexpected error \(error)")
                }
            }
        }
        #expect(rejected > total / 3, "\(rejected) of \(total) damaged copies rejected")
    }
}
