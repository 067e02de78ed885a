import Foundation
import Lamina
import Testing

/// CIFAR-10 binary batches (the repository's Data/cifar10 subset) and the IDX reader's errors.
@Suite struct CIFARReaderTests {
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let dir = try temporaryFolder("cifar")
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func readsTheRepositorySubset() throws {
        let (train, test) = try Datasets.cifar10(directory: RepoData.cifar10)
        #expect(train.x.shape == [4000, 32, 32, 3] && train.y.shape == [4000])
        #expect(test.x.shape == [1000, 32, 32, 3] && test.y.shape == [1000])
        // Labels documented in Data/cifar10/README.md.
        #expect(Array(train.y.intScalars().prefix(10)) == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3])
        #expect(Array(test.y.intScalars().prefix(10)) == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1])
        var counts = [Int](repeating: 0, count: 10)
        for l in train.y.intScalars() { counts[Int(l)] += 1 }
        #expect(counts == [396, 366, 420, 384, 422, 393, 414, 385, 407, 413])
        let x = train.x.scalars()
        #expect(x.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func recordsBecomeHWCImages() throws {
        var record = [UInt8](repeating: 0, count: 3073)
        record[0] = 7
        for i in 0..<1024 { record[1 + i] = 10; record[1025 + i] = 20; record[2049 + i] = UInt8(i % 256) }
        let path = try write(record + record, "two.bin")
        let (images, labels) = try CIFAR10.read(path)
        #expect(labels == [7, 7])
        #expect(images[1].height == 32 && images[1].channels == 3)
        #expect(images[0][y: 0, x: 5, c: 0] == 10 && images[0][y: 0, x: 5, c: 1] == 20 && images[0][y: 1, x: 3, c: 2] == 35)
    }

    @Test func badFilesNameTheFile() throws {
        let short = try write([UInt8](repeating: 0, count: 3073 + 10), "short.bin")
        let e1 = #expect(throws: DataError.self) { try CIFAR10.read(short) }
        #expect(e1?.path == short && e1?.reason.contains("multiple of the 3073-byte") == true)
        var bad = [UInt8](repeating: 0, count: 3073 * 2)
        bad[3073] = 12
        let label = try write(bad, "label.bin")
        let e2 = #expect(throws: DataError.self) { try CIFAR10.read(label) }
        #expect(e2?.reason.contains("record 1") == true && e2?.reason.contains("label 12") == true)
        #expect(throws: DataError.self) { try CIFAR10.read("/nonexistent/data_batch_1.bin") }
        #expect(throws: DataError.self) { try Datasets.cifar10(directory: "/nonexistent") }
    }

    @Test func idxBadMagicAndTruncation() throws {
        let magic = try write([0, 0, 0x0D, 1, 0, 0, 0, 1, 5], "bad-magic-idx1-ubyte")
        let e1 = #expect(throws: DataError.self) { try IDX.read(magic) }
        #expect(e1?.path == magic && e1?.reason.contains("magic") == true)
        let truncated = try write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 1, count: 100), "trunc-idx3-ubyte")
        let e2 = #expect(throws: DataError.self) { try IDX.read(truncated) }
        #expect(e2?.reason.contains("1568 bytes") == true)
        let header = try write([0, 0, 8, 3, 0, 0], "header-idx3-ubyte")
        #expect(throws: DataError.self) { try IDX.read(header) }
        // Truncated gzip.
        let raw = [UInt8](FileManager.default.contents(atPath: RepoData.mnist + "/t10k-labels-idx1-ubyte.gz")!)
        let cut = try write(Array(raw.prefix(raw.count / 2)), "cut-idx1-ubyte.gz")
        let e3 = #expect(throws: DataError.self) { try IDX.read(cut) }
        #expect(e3?.path == cut)
    }

    @Test func cifarDatasetFeedsThePipeline() throws {
        let d = try CIFAR10.dataset([RepoData.cifar10 + "/test_batch.first1000.bin"])
            .map(Transforms.RandomCrop(height: 32, width: 32, padding: 4, seed: 1))
            .map(Transforms.ToTensor())
            .map(Transforms.Normalize(mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26]))
            .batch(100).prefetch(workers: 2)
        let b = try #require(try d.makeBatchIterator(epoch: 0).next())
        #expect(b.x[0].shape == [100, 32, 32, 3] && b.y[0].shape == [100])
    }
}
