import LaminaCore

/// The IDX format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte[.gz]`): a magic number
/// (0x0000 08 NN: unsigned bytes, NN dimensions), big-endian dimension sizes, then the data.
public enum IDX {
    /// The array in an IDX file of unsigned bytes: its shape and values.
    public static func read(_ path: String) throws -> (shape: [Int], values: [UInt8]) {
        let bytes = try FileData.read(path)
        guard bytes.count >= 4 else { throw DataError(path, "too short for an IDX header (\(bytes.count) bytes)") }
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08 else {
            let magic = bytes[0..<4].map { String($0, radix: 16) }.joined(separator: " ")
            throw DataError(path, "bad IDX magic number (\(magic)); expected 00 00 08 0N for unsigned-byte data")
        }
        let rank = Int(bytes[3])
        guard rank >= 1, bytes.count >= 4 + 4 * rank else { throw DataError(path, "IDX header declares \(rank) dimensions but the file ends first") }
        var shape: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            shape.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let count = shape.reduce(1, *), start = 4 + 4 * rank
        guard bytes.count - start == count else {
            throw DataError(path, "IDX shape \(shape) needs \(count) bytes of data, but the file has \(bytes.count - start)")
        }
        return (shape, Array(bytes[start...]))
    }

    /// Images as floats in [0, 1] with shape `[N, rows, cols]`, and int32 labels `[N]`.
    public static func loadImagesAndLabels(images: String, labels: String) throws -> (x: Tensor, y: Tensor) {
        let (xs, xv) = try read(images)
        let (ys, yv) = try read(labels)
        guard xs.count == 3 else { throw DataError(images, "expected an IDX image file of rank 3, found rank \(xs.count)") }
        guard ys.count == 1 else { throw DataError(labels, "expected an IDX label file of rank 1, found rank \(ys.count)") }
        guard xs[0] == ys[0] else {
            throw DataError(labels, "has \(ys[0]) labels but \(images) has \(xs[0]) images")
        }
        let x = Tensor(xv.map { Float($0) / 255 }, shape: xs)
        let y = Tensor(yv.map { Int32($0) }, shape: ys)
        return (x, y)
    }
}
