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
            let data = try Datasets.mnist(directory: root + (name == .mnist ? "/mnist" : "/fashion-mnist"))
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
            let (train, test) = try CIFAR10Records.load(directory: root + "/cifar10")
            return TrainingData(trainX: train.x, trainY: train.y, testX: test.x, testY: test.y)
        }
    }
}

/// A minimal reader of the CIFAR-10 binary version, written for `lamina train` while the
/// `LaminaData` CIFAR-10 loader is not on this branch: 3,073-byte records
/// `<label><1024 red><1024 green><1024 blue>`, each plane 32×32 row-major, no header.
/// Reads every `data_batch_*.bin` (training) and the first `test_batch*.bin` in the folder,
/// so both the full batches and the `*.first4000.bin` subset work.
enum CIFAR10Records {
    static let recordBytes = 3073

    static func load(directory: String) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let trainFiles = files.filter { $0.hasPrefix("data_batch_") && $0.hasSuffix(".bin") }
        guard !trainFiles.isEmpty, let testFile = files.first(where: { $0.hasPrefix("test_batch") && $0.hasSuffix(".bin") }) else {
            throw ValidationError("\(directory): expected data_batch_*.bin and test_batch*.bin (CIFAR-10 binary version)")
        }
        var bytes = Data()
        for f in trainFiles { bytes.append(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + f))) }
        let train = try decode(bytes, file: trainFiles.joined(separator: ", "))
        let test = try decode(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + testFile)), file: testFile)
        return (train, test)
    }

    /// Records → `[N, 32, 32, 3]` floats in [0, 1] (channels-last) and int32 labels.
    static func decode(_ data: Data, file: String) throws -> (x: Tensor, y: Tensor) {
        guard data.count % recordBytes == 0 else {
            throw ValidationError("\(file): \(data.count) bytes is not a whole number of 3,073-byte CIFAR-10 records")
        }
        let n = data.count / recordBytes
        var pixels = [Float](repeating: 0, count: n * 3072)
        var labels = [Int32](repeating: 0, count: n)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            for i in 0..<n {
                let record = i * recordBytes
                labels[i] = Int32(b[record])
                for c in 0..<3 {
                    for p in 0..<1024 { pixels[i * 3072 + p * 3 + c] = Float(b[record + 1 + c * 1024 + p]) / 255 }
                }
            }
        }
        guard labels.allSatisfy({ (0..<10).contains($0) }) else { throw ValidationError("\(file): labels outside 0...9") }
        return (Tensor(pixels, shape: [n, 32, 32, 3]), Tensor(labels))
    }
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
