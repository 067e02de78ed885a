import Foundation
import Lamina
import Testing

/// The built `lamina` executable (next to the test bundle): arguments reach the tools, output
/// goes to stdout, errors to stderr with a non-zero exit status.
@Suite struct CommandLineTests {
    /// Runs `lamina` with `arguments`: (exit status, stdout, stderr).
    func lamina(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lamina")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the lamina executable first (swift build --build-tests builds it)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func summaryPredictAndErrorsThroughTheExecutable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = try Sequential(name: "cli") {
            Input(shape: [3], name: "x")
            Dense(2, activation: .tanh, name: "out")
        }
        try model.save(to: dir + "/m.lamina")
        let x = Tensor.randomNormal([5, 3], seed: 4)
        try NPY.write(x, to: dir + "/x.npy")

        let summary = try lamina(["summary", dir + "/m.lamina"])
        #expect(summary.status == 0 && summary.out == model.summaryText())

        let predict = try lamina(["predict", "--model", dir + "/m.lamina", "--input", dir + "/x.npy", "--output", dir + "/y.npy", "--batch-size", "2"])
        #expect(predict.status == 0, "\(predict.err)")
        #expect(try NPY.readTensor(dir + "/y.npy").scalars() == (try model.predict(x)).scalars())

        let missing = try lamina(["predict", "--model", dir + "/none.lamina", "--input", dir + "/x.npy", "--output", dir + "/y.npy"])
        #expect(missing.status != 0 && missing.err.contains("\(dir)/none.lamina: no such file"), "\(missing)")
        let uncompiled = try lamina(["evaluate", "--model", dir + "/m.lamina", "--x", dir + "/x.npy", "--y", dir + "/x.npy"])
        #expect(uncompiled.status != 0 && uncompiled.err.contains("saved without a compile config"), "\(uncompiled)")
    }
}
