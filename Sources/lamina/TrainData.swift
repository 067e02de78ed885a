import ArgumentParser
import Foundation
import Lamina

/// A dataset split for `lamina train`: images `[N, H, W, C]` in [0, 1] and int32 labels `[N]`.
struct TrainingData {
    var trainX: Tensor, trainY: Tensor, testX: Tensor, testY: Tensor
    var classes = 10

    /// Loads a dataset from `root` (the `Data/` folder or `--data-dir`).
    static func load(_ name: TrainCommand.DatasetName, root: String, seed: Int) throws -> TrainingData {
        switch name {
        case .mnist, .fashionMNIST:
            let data = try Datasets.mnist(directory: name == .mnist ? root + "/mnist" : fashionMNISTDirectory(root: root))
            return TrainingData(trainX: data.train.x.reshaped([-1, 28, 28, 1]), trainY: data.train.y,
                                testX: data.test.x.reshaped([-1, 28, 28, 1]), testY: data.test.y)
        case .digits:
            let (x, y) = try Datasets.digits(path: root + "/digits/digits.csv.gz")
            let order = Tensor.randomUniform([x.shape[0]], seed: seed).argsortIndices()
            let cut = x.shape[0] * 4 / 5
            let tr = order.slice(axis: 0, 0..<cut), te = order.slice(axis: 0, cut..<x.shape[0])
            let images = x.reshaped([-1, 8, 8, 1])
            return TrainingData(trainX: images.gather(tr), trainY: y.gather(tr), testX: images.gather(te), testY: y.gather(te))
        case .cifar10:
            let (train, test) = try Datasets.cifar10(directory: root + "/cifar10")
            return TrainingData(trainX: train.x, trainY: train.y, testX: test.x, testY: test.y)
        }
    }
}

/// Fashion-MNIST's folder: `<root>/fashion-mnist` when it exists, else where Debian's
/// `dataset-fashion-mnist` package installs the four IDX files.
func fashionMNISTDirectory(root: String) throws -> String {
    let candidates = [root + "/fashion-mnist", "/usr/share/datasets/fashion-mnist"]
    guard let found = candidates.first(where: {
        FileManager.default.fileExists(atPath: $0 + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: $0 + "/train-images-idx3-ubyte")
    }) else {
        throw ValidationError("Fashion-MNIST not found in \(candidates.joined(separator: " or ")); "
                              + "install it with `sudo apt-get install dataset-fashion-mnist` or pass --data-dir")
    }
    return found
}

/// The standard CIFAR augmentation (He et al. 2016), with tensor ops: zero-pad 4 on each side,
/// crop a random window of the original size, flip horizontally with probability ½; new random
/// choices for every image on every call.
func augmentImages(_ x: Tensor, padding: Int = 4, seed: Int) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let padded = x.padded([(0, 0), (padding, padding), (padding, padding), (0, 0)])
    let random = Tensor.randomUniform([n, 3], seed: seed).scalars()
    let mirror = Tensor((0..<w).reversed().map { Int32($0) })
    var crops: [Tensor] = []
    crops.reserveCapacity(n)
    for i in 0..<n {
        let dy = min(Int(random[3 * i] * Float(2 * padding + 1)), 2 * padding)
        let dx = min(Int(random[3 * i + 1] * Float(2 * padding + 1)), 2 * padding)
        var crop = padded.slice(start: [i, dy, dx, 0], size: [1, h, w, c])
        if random[3 * i + 2] < 0.5 { crop = crop.gather(mirror, axis: 2) }
        crops.append(crop)
    }
    return Tensor.concat(crops, axis: 0)
}
