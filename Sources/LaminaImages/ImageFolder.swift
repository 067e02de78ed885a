import Foundation
import LaminaData

/// A folder of images with one sub-folder per class (Keras `image_dataset_from_directory`,
/// torchvision `ImageFolder`):
///
///     root/cat/001.png   root/cat/002.jpg   root/dog/a.jpeg …
///
/// Class names are the sub-folder names sorted, and labels their indices (`cat` 0, `dog` 1).
/// Files are listed sorted by name within each class; files with other extensions are skipped.
public struct ImageFolder: Sendable {
    /// The sorted class names; label `i` is `classNames[i]`.
    public let classNames: [String]
    /// Every image file with its label, class by class.
    public let files: [(path: String, label: Int)]
    /// Channels every image is decoded to (3 RGB or 1 gray).
    public let channels: Int

    /// The file extensions read (lower-cased, compared case-insensitively).
    public static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Lists `directory`.
    /// - Throws: ``DataError`` naming the folder if it cannot be listed, has no class
    ///   sub-folders, or no images.
    public init(directory: String, channels: Int = 3) throws {
        let fm = FileManager.default
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: directory) } catch {
            throw DataError(directory, "cannot list the image folder (missing or not readable)")
        }
        var isDir: ObjCBool = false
        let classes = entries.filter { !$0.hasPrefix(".") && fm.fileExists(atPath: directory + "/" + $0, isDirectory: &isDir) && isDir.boolValue }.sorted()
        guard !classes.isEmpty else { throw DataError(directory, "has no class sub-folders (expected root/<class>/<image>)") }
        var files: [(String, Int)] = []
        for (label, name) in classes.enumerated() {
            let folder = directory + "/" + name
            let names = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            for f in names.sorted() where Self.extensions.contains((f as NSString).pathExtension.lowercased()) {
                files.append((folder + "/" + f, label))
            }
        }
        guard !files.isEmpty else { throw DataError(directory, "no .png/.jpg/.jpeg images in the class folders \(classes)") }
        self.classNames = classes
        self.files = files
        self.channels = channels
    }

    /// A dataset that decodes each image when its batch is made (on prefetch workers if any);
    /// a corrupt image makes that batch throw a ``DataError`` naming the file.
    public var dataset: Dataset<Sample<Image, Int>> {
        let files = self.files, channels = self.channels
        return Dataset(count: files.count) { i in Sample(x: try ImageCodec.read(files[i].path, channels: channels), y: files[i].label) }
    }

    /// Decodes every image now.
    /// - Throws: ``DataError`` naming the first image that cannot be decoded.
    public func load() throws -> (images: [Image], labels: [Int]) {
        (try files.map { try ImageCodec.read($0.path, channels: channels) }, files.map(\.label))
    }
}
