import Foundation
import Lamina
import LaminaImages
import Testing

/// PNG/JPEG decoding (libpng, libjpeg) and class-per-folder image datasets. The fixtures in
/// Fixtures/images were written by Scripts/make_image_fixtures.py (Python standard library,
/// an independent PNG encoder); JPEG files are written here by the library's own encoder.
@Suite struct ImageFolderTests {
    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/images").path
    }

    @Test func decodesThePythonWrittenPNGs() throws {
        // 3×2 RGB: pixel (y, x) = (40·x, 100·y, 7) — see Scripts/make_image_fixtures.py.
        let rgb = try ImageCodec.read(Self.fixtures + "/red/rgb_3x2.png")
        #expect(rgb.height == 2 && rgb.width == 3 && rgb.channels == 3)
        #expect(rgb.pixels == [0, 0, 7, 40, 0, 7, 80, 0, 7, 0, 100, 7, 40, 100, 7, 80, 100, 7])
        // 2×2 grayscale expands to RGB, or stays 1 channel.
        let gray = try ImageCodec.read(Self.fixtures + "/blue/gray_2x2.png")
        #expect(gray.channels == 3 && gray.pixels == [0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255])
        #expect(try ImageCodec.read(Self.fixtures + "/blue/gray_2x2.png", channels: 1).pixels == [0, 85, 170, 255])
    }

    @Test func pngRoundTripsAndJPEGIsClose() throws {
        let image = try Image(height: 8, width: 8, channels: 3, pixels: (0..<192).map { UInt8(($0 * 5) % 256) })
        #expect(try ImageCodec.decode(try ImageCodec.encode(image, as: .png)) == image)
        let smooth = try Image(height: 16, width: 16, channels: 3, pixels: (0..<768).map { UInt8(($0 / 3) % 16 * 8 + 40) })
        let jpeg = try ImageCodec.decode(try ImageCodec.encode(smooth, as: .jpeg, quality: 95))
        #expect(jpeg.height == 16 && jpeg.width == 16)
        let worst = zip(jpeg.pixels, smooth.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst < 16, "JPEG q95 stays close: worst \(worst)")
    }

    @Test func folderDatasetLabelsBySortedClassNames() throws {
        let root = try temporaryFolder("folder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for cls in ["dog", "cat", "bird"] { try fm.createDirectory(atPath: root + "/" + cls, withIntermediateDirectories: true) }
        let im = try Image(height: 4, width: 4, channels: 3, pixels: [UInt8](repeating: 120, count: 48))
        try ImageCodec.write(im, to: root + "/dog/b.jpg")
        try ImageCodec.write(im, to: root + "/dog/a.PNG")
        try ImageCodec.write(im, to: root + "/cat/x.jpeg")
        try ImageCodec.write(im, to: root + "/bird/1.png")
        fm.createFile(atPath: root + "/bird/notes.txt", contents: Data("skip me".utf8))
        let folder = try ImageFolder(directory: root)
        #expect(folder.classNames == ["bird", "cat", "dog"])
        #expect(folder.files.map(\.label) == [0, 1, 2, 2])
        #expect(folder.files.map { ($0.path as NSString).lastPathComponent } == ["1.png", "x.jpeg", "a.PNG", "b.jpg"])
        let batch = try #require(try folder.dataset.batch(4).prefetch(workers: 2).makeBatchIterator(epoch: 0).next())
        #expect(batch.x[0].shape == [4, 4, 4, 3] && batch.y[0].intScalars() == [0, 1, 2, 2])
    }

    @Test func corruptImagesAreErrorsNamingTheFile() throws {
        let root = try temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        let im = try Image(height: 8, width: 8, channels: 3, pixels: (0..<192).map { UInt8($0) })
        let png = try ImageCodec.encode(im, as: .png), jpg = try ImageCodec.encode(im, as: .jpeg)
        let cases: [(String, [UInt8])] = [
            ("cut.png", Array(png.prefix(png.count - 20))), ("cut.jpg", Array(jpg.prefix(jpg.count / 2))),
            ("garbage.png", [UInt8](repeating: 7, count: 50)), ("badbody.png", Array(png.prefix(40)) + [UInt8](repeating: 0, count: 60)),
        ]
        for (name, bytes) in cases {
            let path = root + "/a/" + name
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let error = #expect(throws: DataError.self, "\(name)") { try ImageCodec.read(path) }
            #expect(error?.path == path)
        }
        #expect(throws: DataError.self) { try ImageCodec.read(root + "/a/missing.png") }
        // Through the pipeline with workers: the batch throws, naming the file.
        let folder = try ImageFolder(directory: root)
        let error = #expect(throws: DataError.self) {
            let it = folder.dataset.batch(1).prefetch(workers: 2).makeBatchIterator(epoch: 0)
            while try it.next() != nil {}
        }
        #expect(error?.path.hasPrefix(root + "/a/") == true)
        #expect(throws: DataError.self) { try ImageFolder(directory: root + "/a") }
    }
}
