import Foundation
import Lamina
import Testing

/// Weights files: round trip, every mismatch reported at once, corrupt and truncated files.
@Suite struct SavingTests {
    func mlp(_ hidden: Int = 8, name: String? = nil) throws -> Sequential {
        try Sequential(name: name) {
            Input(shape: [4])
            Dense(hidden, activation: .relu)
            Dense(3, activation: .softmax)
        }
    }

    func tempPath(_ ext: String = "safetensors") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lamina-\(UUID()).\(ext)").path
    }

    @Test func roundTripPredictsIdentically() throws {
        let a = try mlp(), b = try mlp()
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.saveWeights(to: path)
        try b.loadWeights(from: path)
        let x = Tensor.randomNormal([5, 4], seed: 1)
        #expect(try a.predict(x).scalars() == (try b.predict(x)).scalars())
        // Paths are structural, not session names: dense / dense_1.
        let (entries, meta) = try SafeTensors.read(path)
        #expect(entries.map(\.name) == ["dense/bias", "dense/kernel", "dense_1/bias", "dense_1/kernel"])
        #expect(meta["format_version"] == laminaWeightsFormatVersion)
        // No temporary file is left behind.
        let dir = (path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix((path as NSString).lastPathComponent + ".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func everyMismatchIsReportedWithTheFileName() throws {
        let a = try mlp(8), b = try mlp(6)
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.saveWeights(to: path)
        let before = b.getWeights().map { $0.scalars() }
        do {
            try b.loadWeights(from: path)
            Issue.record("expected a mismatch error")
        } catch let e as LaminaError {
            #expect(e.message.contains(path))
            #expect(e.message.contains("dense/kernel") && e.message.contains("(4, 6)") && e.message.contains("(4, 8)"))
            #expect(e.message.contains("dense/bias") && e.message.contains("dense_1/kernel"))
            #expect(e.message.contains("3 problems"))
        }
        #expect(b.getWeights().map { $0.scalars() } == before)   // nothing half-loaded
        try b.loadWeights(from: path, skipMismatch: true)          // the matching bias of dense_1 loads
        #expect(b.getWeights()[3].scalars() == a.getWeights()[3].scalars())
    }

    @Test func truncatedAndCorruptFilesThrowClearErrors() throws {
        let a = try mlp()
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.saveWeights(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let cases: [(Data, String)] = [
            (good.prefix(good.count - 7), "truncated"),
            (good.prefix(5), "header"),
            (Data([200, 0, 0, 0, 0, 0, 0, 0]) + good.dropFirst(8), "corrupt"),
            (good.prefix(8) + Data(repeating: 0x7B, count: good.count - 8), "corrupt"),
        ]
        for (bytes, word) in cases {
            let bad = tempPath()
            defer { try? FileManager.default.removeItem(atPath: bad) }
            try bytes.write(to: URL(fileURLWithPath: bad))
            do {
                try a.loadWeights(from: bad)
                Issue.record("expected an error for a \(word) file")
            } catch let e as LaminaError {
                #expect(e.message.contains(bad), "\(e.message)")
                #expect(e.message.lowercased().contains(word), "\(e.message)")
            }
        }
        #expect(throws: LaminaError.self) { try a.loadWeights(from: "/nonexistent/weights.safetensors") }
        #expect(throws: LaminaError.self) { try a.saveWeights(to: "/nonexistent-dir/weights.safetensors") }
    }

    /// Two seeded runs give bit-identical weights and losses. Runs in a child process so no other
    /// test draws from the global random stream in between.
    @Test func seededRunsAreBitIdentical() async {
        await #expect(processExitsWith: .success) {
            func run() throws -> ([Float], [Float]) {
                setRandomSeed(123)
                let (x, y) = try Datasets.digits(path: RepoData.digits)
                let model = try Sequential { Input(shape: [64]); Dense(16, activation: .relu); Dense(10, activation: .softmax) }
                try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
                let h = try model.fit(x.slice(axis: 0, 0..<320), y.slice(axis: 0, 0..<320), epochs: 2, verbose: 0)
                return (model.getWeights()[0].scalars(), h.history["loss"]!)
            }
            let (w1, l1) = try run(), (w2, l2) = try run()
            exit(w1 == w2 && l1 == l2 && l1.count == 2 ? 0 : 1)
        }
    }

    /// 10,000 predictOnBatch calls and 200 predict calls leave no buffers behind (child process, so
    /// other tests' allocations do not count).
    @Test func predictDoesNotGrowMemory() async {
        await #expect(processExitsWith: .success) {
            let model = try Sequential { Input(shape: [4]); Dense(8, activation: .relu); Dense(3, activation: .softmax) }
            let x = Tensor.randomNormal([2, 4], seed: 5)
            _ = try model.predict(x)
            let start = HostBuffer.liveCount
            for _ in 0..<10_000 { _ = try model.predictOnBatch([x]) }
            let afterBatches = HostBuffer.liveCount
            for _ in 0..<200 { _ = try model.predict(x) }
            exit(afterBatches <= start && HostBuffer.liveCount <= start ? 0 : 1)
        }
    }

    /// Repeated fit calls do not grow memory either.
    @Test func repeatedFitDoesNotGrowMemory() async {
        await #expect(processExitsWith: .success) {
            let model = try Sequential { Input(shape: [4]); Dense(8, activation: .relu); Dense(3, activation: .softmax) }
            try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
            let x = Tensor.randomNormal([64, 4], seed: 5), y = Tensor((0..<64).map { Int32($0 % 3) })
            try model.fit(x, y, epochs: 2, verbose: 0)
            let start = HostBuffer.liveCount
            for _ in 0..<20 { try model.fit(x, y, epochs: 2, verbose: 0) }
            exit(HostBuffer.liveCount <= start ? 0 : 1)
        }
    }
}
