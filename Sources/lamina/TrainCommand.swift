import ArgumentParser
import Foundation
import Lamina

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a dataset from the repository's Data/ folder, evaluate it and save it.")

    enum DatasetName: String, ExpressibleByArgument, CaseIterable { case mnist, digits }

    @Option(help: "Dataset: \(DatasetName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: DatasetName = .mnist

    @Option(help: "Folder holding the datasets (Data/ of the repository by default).")
    var dataDir: String?

    @Option(help: "Training epochs.")
    var epochs = 5

    @Option(help: "Batch size.")
    var batchSize = 32

    @Option(help: "Random seed (the same seed gives the same weights and losses).")
    var seed = 42

    @Option(help: "Where to save the trained weights (safetensors).")
    var output = "mlp.safetensors"

    @Option(help: "Progress output: 0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose = 1

    func run() throws {
        setRandomSeed(seed)
        let root = dataDir ?? TrainCommand.defaultDataDirectory()
        let started = Date()
        let (trainX, trainY, testX, testY, features): (Tensor, Tensor, Tensor, Tensor, Int)
        switch dataset {
        case .mnist:
            let data = try Datasets.mnist(directory: root + "/mnist")
            trainX = data.train.x.reshaped([-1, 784]); trainY = data.train.y
            testX = data.test.x.reshaped([-1, 784]); testY = data.test.y
            features = 784
        case .digits:
            let (x, y) = try Datasets.digits(path: root + "/digits/digits.csv.gz")
            let order = Tensor.randomUniform([x.shape[0]], seed: seed).argsortIndices()
            let cut = x.shape[0] * 4 / 5
            let tr = order.slice(axis: 0, 0..<cut), te = order.slice(axis: 0, cut..<x.shape[0])
            trainX = x.gather(tr); trainY = y.gather(tr); testX = x.gather(te); testY = y.gather(te)
            features = 64
        }
        print("\(dataset.rawValue): \(trainX.shape[0]) training and \(testX.shape[0]) test samples, \(features) features (loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")

        let model = try Sequential(name: "mlp") {
            Input(shape: [features])
            Dense(256, activation: .relu)
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let t0 = Date()
        try model.fit(trainX, trainY, batchSize: batchSize, epochs: epochs, verbose: verbose, validationSplit: 0.1)
        let seconds = Date().timeIntervalSince(t0)
        let result = try model.evaluate(testX, testY, batchSize: 256, verbose: 0)
        print(String(format: "test accuracy: %.4f  test loss: %.4f  (%.1f s per epoch)",
                     result["accuracy"] ?? .nan, result["loss"] ?? .nan, seconds / Double(max(epochs, 1))))
        try model.saveWeights(to: output)
        print("saved weights to \(output)")
    }

    /// `Data/` next to the executable's package (when run with `swift run`), else `./Data`.
    static func defaultDataDirectory() -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: "Data/mnist") { return "Data" }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if fm.fileExists(atPath: url.appendingPathComponent("Data/mnist").path) { return url.appendingPathComponent("Data").path }
            url.deleteLastPathComponent()
        }
        return "Data"
    }
}

extension Tensor {
    /// Indices that sort a vector ascending (a seeded permutation from random keys).
    func argsortIndices() -> Tensor {
        let v = scalars()
        return Tensor(v.indices.sorted { v[$0] < v[$1] }.map { Int32($0) })
    }
}
