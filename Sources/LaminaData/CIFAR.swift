import Foundation
import LaminaCore

/// The binary version of CIFAR-10 (`data_batch_1.bin`, `test_batch.bin`): records of 3,073
/// bytes, no header — a label byte 0…9, then 1,024 red, 1,024 green and 1,024 blue bytes, each
/// plane 32×32 row-major.
public enum CIFAR10 {
    /// Bytes per record.
    public static let recordSize = 3073
    /// Image side.
    public static let side = 32
    /// The ten class names, in label order (as in `batches.meta.txt`).
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// The images (32×32×3, HWC) and labels of one batch file with any number of records.
    /// - Throws: ``DataError`` naming the file if it cannot be read, is empty, its size is not a
    ///   multiple of 3,073, or a label is not in 0…9.
    public static func read(_ path: String) throws -> (images: [Image], labels: [Int]) {
        let bytes = try FileData.read(path)
        guard !bytes.isEmpty else { throw DataError(path, "the file is empty; a CIFAR-10 batch holds 3073-byte records") }
        guard bytes.count % recordSize == 0 else {
            throw DataError(path, "size \(bytes.count) bytes is not a multiple of the 3073-byte CIFAR-10 record (\(bytes.count / recordSize) records and \(bytes.count % recordSize) bytes left over)")
        }
        let n = bytes.count / recordSize, plane = side * side
        var images: [Image] = [], labels: [Int] = []
        images.reserveCapacity(n); labels.reserveCapacity(n)
        try bytes.withUnsafeBufferPointer { b in
            for r in 0..<n {
                let o = r * recordSize
                let label = Int(b[o])
                guard label < classNames.count else {
                    throw DataError(path, "record \(r) (byte offset \(o)) has label \(label); CIFAR-10 labels are 0…9")
                }
                var px = [UInt8](repeating: 0, count: plane * 3)
                for i in 0..<plane {
                    px[3 * i] = b[o + 1 + i]
                    px[3 * i + 1] = b[o + 1 + plane + i]
                    px[3 * i + 2] = b[o + 1 + 2 * plane + i]
                }
                images.append(Image(unchecked: side, side, 3, px))
                labels.append(label)
            }
        }
        return (images, labels)
    }

    /// The records of several batch files, in order, as a ``Dataset`` of ``Image`` samples.
    public static func dataset(_ paths: [String]) throws -> Dataset<Sample<Image, Int>> {
        var images: [Image] = [], labels: [Int] = []
        for p in paths {
            let (i, l) = try read(p)
            images += i; labels += l
        }
        return try Dataset(x: images, y: labels)
    }

    /// Float tensors: images `[N, 32, 32, 3]` in [0, 1] and int32 labels `[N]`.
    public static func tensors(_ paths: [String]) throws -> (x: Tensor, y: Tensor) {
        var values: [Float] = [], labels: [Int32] = []
        for p in paths {
            let (images, l) = try read(p)
            for im in images { values.append(contentsOf: im.pixels.lazy.map { Float($0) / 255 }) }
            labels += l.map { Int32($0) }
        }
        return (Tensor(values, shape: [labels.count, side, side, 3]), Tensor(labels, shape: [labels.count]))
    }
}

extension Datasets {
    /// CIFAR-10 from a folder of binary batches: training = the files whose names start with
    /// `data_batch` (sorted), test = those starting with `test_batch`. Images `[N, 32, 32, 3]`
    /// as floats in [0, 1] (Keras's `load_data` gives uint8 0…255), labels int32 `[N]`.
    /// Works with the repository's `Data/cifar10` subset (4,000 + 1,000 images).
    /// - Throws: ``DataError`` naming the folder if no batch files are found, or a bad file.
    public static func cifar10(directory: String) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw DataError(directory, "cannot list the folder (missing or not readable)")
        }
        let train = names.filter { $0.hasPrefix("data_batch") && $0.hasSuffix(".bin") }.map { directory + "/" + $0 }
        let test = names.filter { $0.hasPrefix("test_batch") && $0.hasSuffix(".bin") }.map { directory + "/" + $0 }
        guard !train.isEmpty, !test.isEmpty else {
            throw DataError(directory, "expected CIFAR-10 binary batches data_batch*.bin and test_batch*.bin; found \(names)")
        }
        return (try CIFAR10.tensors(train), try CIFAR10.tensors(test))
    }
}
