import Foundation
import LaminaHDF5
import Testing

/// The HDF5 wrapper: groups, attributes, datasets, in-memory images, clear errors.
@Suite struct HDF5Tests {
    @Test func roundTripInMemory() throws {
        let file = try HDF5File.createInMemory(name: "test.h5")
        let root = try file.root
        try root.setStringAttribute("model_config", "{\"a\": 1}")
        let vars = try root.createGroup("layers").createGroup("dense").createGroup("vars")
        try vars.setStringAttribute("name", "dense")
        try vars.createDataset("0", float32: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        try vars.createDataset("1", int64: [7], shape: [])
        try vars.createDataset("2", int32: [-1, 2], shape: [2])
        try root.setStringArrayAttribute("layer_names", ["input", "dense", "dénse"])
        let bytes = try file.imageBytes()

        let again = try HDF5File(bytes: bytes, name: "copy.h5")
        let r = try again.root
        #expect(try r.stringAttribute("model_config") == "{\"a\": 1}")
        #expect(try r.stringArrayAttribute("layer_names") == ["input", "dense", "dénse"])
        #expect(try r.memberNames() == ["layers"])
        let g = try r.group("layers").group("dense").group("vars")
        #expect(g.path == "/layers/dense/vars")
        #expect(try g.memberNames() == ["0", "1", "2"])
        #expect(try g.stringAttribute("name") == "dense")
        let d = try g.dataset("0")
        #expect(d.shape == [2, 3] && d.elementType == .float(bits: 32))
        #expect(try d.readFloats() == [1, 2, 3, 4, 5, 6])
        #expect(try d.readDoubles() == [1, 2, 3, 4, 5, 6])
        let scalar = try g.dataset("1")
        #expect(scalar.shape == [] && scalar.elementType == .integer(bits: 64, signed: true))
        #expect(try scalar.readInt64s() == [7])
        #expect(try g.dataset("2").readFloats() == [-1, 2])
        #expect(try g.kind(of: "0") == .dataset)
        #expect(try r.kind(of: "layers") == .group)
        #expect(try r.kind(of: "nothing") == nil)
    }

    /// What h5py writes (Scripts/keras_files/make_fixtures.py, hdf5_types.h5): float16, float64,
    /// uint8, int64 and bool datasets, variable- and fixed-length strings, an empty numeric list.
    @Test func readsWhatH5pyWrites() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hdf5_types.h5").path
        let root = try HDF5File(contentsOf: path).root
        let data = try root.group("data")
        let f16 = try data.dataset("float16")
        #expect(f16.elementType == .float(bits: 16) && f16.shape == [2, 2])
        #expect(try f16.readFloats() == [0.5, -1.25, 65504, Float(Float16(1e-3))])
        let f64 = try data.dataset("float64")
        #expect(f64.elementType == .float(bits: 64))
        #expect(try f64.readDoubles() == [1.0 / 3.0, -2.5e300])
        #expect(try f64.readFloats()[0] == Float(1.0 / 3.0))
        let u8 = try data.dataset("uint8")
        #expect(u8.elementType == .integer(bits: 8, signed: false))
        #expect(try u8.readInt64s() == [0, 7, 255])
        #expect(try data.dataset("int64").readInt64s() == [-(1 << 40), 3])
        let bools = try data.dataset("bool")
        #expect(bools.elementType == .bool)
        #expect(try bools.readFloats() == [1, 0, 1])
        let scalar = try data.dataset("scalar")
        #expect(scalar.shape == [])
        #expect(try scalar.readFloats() == [2.5])
        let text = try data.dataset("text")
        #expect(text.elementType == .string)
        #expect(throws: HDF5Error.self) { try text.readFloats() }
        #expect(try root.stringAttribute("vlen_string") == "dénse")
        #expect(try root.stringArrayAttribute("vlen_strings") == ["a", "bc", ""])
        #expect(try root.stringArrayAttribute("fixed_strings") == ["dense", "dense_1"])
        #expect(try root.stringAttribute("fixed_string") == "keras")
        #expect(try root.attributeElementCount("empty_list") == 0)
        #expect(throws: HDF5Error.self) { try root.stringAttribute("number") }
        #expect(throws: HDF5Error.self) { try root.stringAttribute("fixed_strings") }   // two strings, not one
    }

    @Test func errorsNameTheFileAndPath() throws {
        let file = try HDF5File.createInMemory(name: "m.weights.h5")
        let vars = try file.root.createGroup("vars")
        try vars.createDataset("0", float32: [1], shape: [1])
        do {
            _ = try vars.group("missing")
            Issue.record("expected an error")
        } catch let e as HDF5Error {
            #expect(e.description == "m.weights.h5: HDF5 path /vars/missing: missing group")
        }
        #expect(throws: HDF5Error.self) { try vars.group("0") }          // a dataset, not a group
        #expect(throws: HDF5Error.self) { try vars.dataset("nothing") }
        #expect(throws: HDF5Error.self) { try vars.stringAttribute("name") }
        #expect(throws: HDF5Error.self) { try vars.createGroup("a/b") }
        #expect(throws: HDF5Error.self) { try vars.createDataset("x", float32: [1, 2], shape: [3]) }
        #expect(throws: HDF5Error.self) { try vars.createGroup("0") }     // exists
    }

    @Test func notHDF5AndTruncatedImagesThrow() throws {
        #expect(throws: HDF5Error.self) { try HDF5File(bytes: Array("hello world, not hdf5".utf8), name: "x.h5") }
        #expect(throws: HDF5Error.self) { try HDF5File(bytes: [], name: "x.h5") }
        let file = try HDF5File.createInMemory(name: "t.h5")
        try file.root.createGroup("g").createDataset("d", float32: Array(repeating: 1, count: 1000), shape: [1000])
        let bytes = try file.imageBytes()
        for cut in [16, 100, bytes.count / 2, bytes.count - 1] {
            do {
                let f = try HDF5File(bytes: Array(bytes.prefix(cut)), name: "cut.h5")
                _ = try f.root.group("g").dataset("d").readFloats()
                Issue.record("a file cut to \(cut) of \(bytes.count) bytes read without error")
            } catch let e as HDF5Error {
                #expect(e.file == "cut.h5")
            }
        }
        #expect(throws: HDF5Error.self) { try HDF5File(contentsOf: "/nonexistent/file.h5") }
    }

    @Test func diskFilesOpen() throws {
        let file = try HDF5File.createInMemory(name: "disk.h5")
        try file.root.createDataset("x", float32: [3.5], shape: [])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-hdf5-\(UUID()).h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(try file.imageBytes()).write(to: URL(fileURLWithPath: path))
        let disk = try HDF5File(contentsOf: path)
        #expect(disk.name == path)
        #expect(try disk.root.dataset("x").readFloats() == [3.5])
    }

    @Test func concurrentUseIsSerialized() async throws {
        let file = try HDF5File.createInMemory(name: "c.h5")
        try file.root.createDataset("d", float32: (0..<256).map(Float.init), shape: [16, 16])
        let bytes = try file.imageBytes()
        try await withThrowingTaskGroup(of: Float.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let f = try HDF5File(bytes: bytes, name: "c.h5")
                    return try f.root.dataset("d").readFloats().reduce(0, +)
                }
            }
            for try await sum in group { #expect(sum == Float(255 * 256 / 2)) }
        }
    }
}
