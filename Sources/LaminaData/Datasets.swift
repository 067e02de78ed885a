import LaminaCore

/// Loaders for the datasets that ship in the repository's `Data/` folder (see `Data/README.md`).
public enum Datasets {
    /// scikit-learn's 8×8 digits: 1,797 images as floats in [0, 1] `[N, 64]` and int32 labels `[N]`.
    public static func digits(path: String) throws -> (x: Tensor, y: Tensor) {
        let rows = try NumericCSV.read(path)
        guard let first = rows.first, first.count == 65 else {
            throw DataError(path, "expected 65 columns (64 pixels and a label), found \(rows.first?.count ?? 0)")
        }
        let x = Tensor(rows.flatMap { $0.prefix(64).map { $0 / 16 } }, shape: [rows.count, 64])
        let y = Tensor(rows.map { Int32($0[64]) }, shape: [rows.count])
        return (x, y)
    }

    /// MNIST (or Fashion-MNIST) from a folder with the four IDX files (`.gz` or raw):
    /// `[N, 28, 28]` floats in [0, 1] and int32 labels.
    public static func mnist(directory: String) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
        func file(_ base: String) -> String {
            let gz = directory + "/" + base + ".gz"
            return FileData.exists(gz) ? gz : directory + "/" + base
        }
        let train = try IDX.loadImagesAndLabels(images: file("train-images-idx3-ubyte"), labels: file("train-labels-idx1-ubyte"))
        let test = try IDX.loadImagesAndLabels(images: file("t10k-images-idx3-ubyte"), labels: file("t10k-labels-idx1-ubyte"))
        return (train, test)
    }
}

extension FileData {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
}

#if canImport(Glibc)
import Glibc
#endif
