// TEMPORARY — DELETE AT MERGE. Stand-ins for the saving API being written in main
// (`saveWeights(to:)`, `loadWeights(from:)`, `save(to:)`), so that the checkpointing callbacks
// and their tests run on this branch. Format: "LAMW", a UInt32 count, then per weight a UInt32
// rank, the dims as UInt32 and the float32 values (little-endian).
import Foundation

extension Model {
    /// TEMPORARY stub (delete at merge): writes the weights as raw float32 with a tiny header.
    public func saveWeights(to path: String) throws {
        var out = Data("LAMW".utf8)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        let ws = getWeights()
        u32(ws.count)
        for w in ws {
            u32(w.shape.count)
            for d in w.shape { u32(d) }
            for f in w.scalars() { withUnsafeBytes(of: f.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        try out.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// TEMPORARY stub (delete at merge): reads what ``saveWeights(to:)`` wrote.
    public func loadWeights(from path: String) throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var at = 4
        func u32() throws -> Int {
            guard at + 4 <= data.count else { throw LaminaError.value("loadWeights: \(path) is truncated") }
            defer { at += 4 }
            return Int(UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24)
        }
        guard data.count >= 4, String(decoding: data[0..<4], as: UTF8.self) == "LAMW" else {
            throw LaminaError.value("loadWeights: \(path) is not a weights file")
        }
        var values: [Tensor] = []
        for _ in 0..<(try u32()) {
            let shape = try (0..<(try u32())).map { _ in try u32() }
            let floats = try (0..<shape.reduce(1, *)).map { _ in Float(bitPattern: UInt32(try u32())) }
            values.append(Tensor(floats, shape: shape))
        }
        try setWeights(values)
    }

    /// TEMPORARY stub (delete at merge): the whole model; here only its weights.
    public func save(to path: String) throws { try saveWeights(to: path) }
}
