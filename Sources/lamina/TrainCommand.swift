import ArgumentParser
import Foundation
import Lamina
import LaminaModels

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a dataset from the repository's Data/ folder, evaluate it and save it.")

    enum DatasetName: String, ExpressibleByArgument, CaseIterable {
        case mnist, digits, fashionMNIST = "fashion-mnist", cifar10
    }

    enum ModelName: String, ExpressibleByArgument, CaseIterable {
        case mlp, cnn, resnet20, resnet56, smallInception = "small-inception", mobilenet, mobilenetv2, vgg11
    }

    @Option(help: "Model: \(ModelName.allCases.map(\.rawValue).joined(separator: ", ")) (image models get [N, H, W, C] inputs).")
    var model: ModelName = .mlp

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

    @Option(help: "Augment images each epoch (pad 4, random crop, horizontal flip): on for cifar10 unless --augment false.")
    var augment: Bool?

    @Option(help: "Where to save: the weights (.safetensors) or the whole compiled model (.lamina, .keras); <model>.safetensors by default.")
    var output: String?

    @Option(help: "Progress output: 0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose = 1

    func run() throws {
        setRandomSeed(seed)
        let root = dataDir ?? TrainCommand.defaultDataDirectory()
        let started = Date()
        var data = try TrainingData.load(dataset, root: root, seed: seed)
        if model == .mlp {
            let features = data.trainX.shape.dropFirst().reduce(1, *)
            data.trainX = data.trainX.reshaped([-1, features]); data.testX = data.testX.reshaped([-1, features])
        }
        let shape = Array(data.trainX.shape.dropFirst())
        print("\(dataset.rawValue): \(data.trainX.shape[0]) training and \(data.testX.shape[0]) test samples, input shape \(shape) "
              + "(loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")

        let net = try makeModel(inputShape: shape, classes: data.classes)
        print("model \(net.name): \(net.countParams()) parameters")
        let t0 = Date()
        var epochSeconds: [Double] = []
        if augment ?? (dataset == .cifar10) {
            // Fresh augmentation every epoch; the test set is evaluated after each (outside the timing).
            let y = data.trainY.oneHot(depth: data.classes), testY = data.testY.oneHot(depth: data.classes)
            for epoch in 0..<epochs {
                let x = noGrad { augmentImages(data.trainX, seed: seed &+ 1000 &* (epoch + 1)) }
                let e0 = Date()
                try net.fit(x, y, batchSize: batchSize, epochs: epoch + 1, verbose: verbose, initialEpoch: epoch)
                epochSeconds.append(Date().timeIntervalSince(e0))
                let r = try net.evaluate(data.testX, testY, batchSize: 256, verbose: 0)
                print(String(format: "epoch %d/%d: %.1f s, test accuracy %.4f, test loss %.4f", epoch + 1, epochs,
                             epochSeconds.last!, r["accuracy"] ?? .nan, r["loss"] ?? .nan))
            }
        } else if model == .mlp {
            try net.fit(data.trainX, data.trainY, batchSize: batchSize, epochs: epochs, verbose: verbose, validationSplit: 0.1)
        } else {
            try net.fit(data.trainX, data.trainY.oneHot(depth: data.classes), batchSize: batchSize, epochs: epochs,
                        verbose: verbose, validationSplit: 0.1)
        }
        let seconds = epochSeconds.isEmpty ? Date().timeIntervalSince(t0) : epochSeconds.reduce(0, +)
        let testY = model == .mlp ? data.testY : data.testY.oneHot(depth: data.classes)
        let result = try net.evaluate(data.testX, testY, batchSize: 256, verbose: 0)
        print(String(format: "test accuracy: %.4f  test loss: %.4f  (%.1f s per epoch)",
                     result["accuracy"] ?? .nan, result["loss"] ?? .nan, seconds / Double(max(epochs, 1))))
        let path = output ?? "\(model.rawValue).safetensors"
        if SaveFormat.model(for: path) != nil {
            try net.save(to: path)
            print("saved model to \(path)")
        } else {
            try net.saveWeights(to: path)
            print("saved weights to \(path)")
        }
    }

    /// The model, compiled: adam, and sparse (mlp) or categorical (image models) cross-entropy.
    func makeModel(inputShape: [Int], classes: Int) throws -> Model {
        let net: Model
        switch model {
        case .mlp:
            net = try Sequential(name: "mlp") {
                Input(shape: inputShape)
                Dense(256, activation: .relu)
                Dense(128, activation: .relu)
                Dense(classes, activation: .softmax)
            }
        case .cnn: net = try SimpleCNN(inputShape: inputShape, classes: classes)
        case .resnet20: net = try ResNet20(inputShape: inputShape, classes: classes)
        case .resnet56: net = try ResNet56(inputShape: inputShape, classes: classes)
        case .smallInception: net = try SmallInception(inputShape: inputShape, classes: classes)
        case .mobilenet: net = try MobileNet(inputShape: inputShape, classes: classes)
        case .mobilenetv2: net = try MobileNetV2(inputShape: inputShape, classes: classes)
        case .vgg11: net = try VGG11(inputShape: inputShape, classes: classes)
        }
        let loss = model == .mlp ? "sparse_categorical_crossentropy" : "categorical_crossentropy"
        try net.compile(optimizer: "adam", loss: loss, metrics: ["accuracy"])
        return net
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
