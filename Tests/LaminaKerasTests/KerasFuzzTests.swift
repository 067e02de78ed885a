import Foundation
import Lamina
import LaminaKeras
import Testing

/// Truncated and bit-flipped copies of every fixture: each load either succeeds or throws a
/// ``LaminaError`` naming the file; none may crash. (A flip inside a weight only changes a value,
/// so loading can succeed; flips in HDF5's and ZIP's structures must be caught.)
@Suite struct KerasFuzzTests {
    /// A small deterministic generator, so every run feeds the same corruptions.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Copies with one flipped bit per file: 48, or `$LAMINA_FUZZ_FLIPS` for a longer run.
    static let flips = ProcessInfo.processInfo.environment["LAMINA_FUZZ_FLIPS"].flatMap { Int($0) } ?? 48

    /// Truncations at 12 lengths, and ``flips`` copies with one flipped bit: half in the first
    /// 4 KB (headers, superblock, the first object headers and heaps), half anywhere.
    static func corruptions(of bytes: [UInt8], seed: UInt64) -> [(what: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        for k in 0..<12 {
            let n = [0, 1, 7, 8, 64, 512].indices.contains(k) ? [0, 1, 7, 8, 64, 512][k] : bytes.count * (k - 5) / 7
            out.append(("truncated to \(n) bytes", Array(bytes.prefix(n))))
        }
        var rng = SplitMix(state: seed)
        for i in 0..<flips {
            let limit = i % 2 == 0 ? min(4096, bytes.count) : bytes.count
            let position = Int(rng.next() % UInt64(limit)), bit = UInt8(1) << (rng.next() % 8)
            var copy = bytes
            copy[position] ^= bit
            out.append(("bit \(bit) of byte \(position) flipped", copy))
        }
        return out
    }

    /// Runs `load` on every corruption of `file`; returns how many loaded and how many threw.
    func fuzz(_ file: String, _ load: ([UInt8], String) throws -> Void) throws -> (loaded: Int, failed: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        var loaded = 0, failed = 0
        for (i, (what, corrupt)) in Self.corruptions(of: bytes, seed: UInt64(bytes.count)).enumerated() {
            let name = "fuzz-\(i)-" + (file as NSString).lastPathComponent
            do {
                try load(corrupt, name)
                loaded += 1
            } catch let e as LaminaError {
                #expect(e.message.contains(name), "\(what): the error does not name the file: \(e.message.prefix(300))")
                failed += 1
            } catch {
                Issue.record("\(what): not a LaminaError: \(error)")
            }
        }
        return (loaded, failed)
    }

    @Test(".keras", arguments: KerasFixture.names(with: "keras"))
    func kerasArchives(_ name: String) throws {
        let path = try #require(try KerasFixture.named(name).path("keras"))
        let (_, failed) = try fuzz(path) { bytes, name in _ = try KerasArchive.load(bytes: bytes, name: name) }
        #expect(failed >= 12, "every truncation must fail")
    }

    @Test(".weights.h5", arguments: KerasFixture.names(with: "weights.h5"))
    func weightsFiles(_ name: String) throws {
        let f = try KerasFixture.named(name)
        let model = try Model.load(from: try #require(f.path("keras")), compile: false)
        let (_, failed) = try fuzz(try #require(f.path("weights.h5"))) { bytes, name in
            try KerasWeightsFile.load(bytes: bytes, name: name, into: model)
        }
        #expect(failed >= 12)
    }

    static let legacyFiles = KerasFixture.names(with: "h5").map { $0 + ".h5" } + KerasFixture.names(with: "keras2.h5").map { $0 + ".keras2.h5" }

    @Test("Keras 2 .h5", arguments: legacyFiles)
    func legacyFiles(_ file: String) throws {
        let path = KerasFixture.directory.appendingPathComponent(file).path
        let (_, failed) = try fuzz(path) { bytes, name in _ = try LegacyH5File.loadModel(bytes: bytes, name: name) }
        #expect(failed >= 12)
    }
}
