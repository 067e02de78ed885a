import CLaminaImageCodecs
import Foundation
import LaminaData

/// PNG and JPEG files ↔ ``Image`` (libpng and libjpeg-turbo, Debian `libpng-dev`,
/// `libjpeg62-turbo-dev`). The format is recognised by the file's signature, not its name.
public enum ImageCodec {
    /// The file formats this codec reads.
    public enum Format: String, Sendable { case png, jpeg }

    /// The format of `bytes` by signature, or nil.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// Reads and decodes an image file to `channels` channels: 3 (RGB; gray and palette images
    /// are expanded, alpha is dropped — as Keras's `color_mode="rgb"`) or 1 (grayscale).
    /// - Throws: ``DataError`` naming the file if it cannot be read, is not PNG/JPEG, or is
    ///   corrupt or truncated.
    public static func read(_ path: String, channels: Int = 3) throws -> Image {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(path, "cannot read the image file (missing or not readable)")
        }
        return try decode([UInt8](data), channels: channels, path: path)
    }

    /// Decodes PNG or JPEG bytes; `path` names the source in errors.
    public static func decode(_ bytes: [UInt8], channels: Int = 3, path: String = "image") throws -> Image {
        guard channels == 1 || channels == 3 else { throw DataError(path, "channels must be 1 or 3, got \(channels)") }
        guard let format = format(of: bytes) else {
            throw DataError(path, "not a PNG or JPEG file (unknown signature \(bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")))")
        }
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { b in
            format == .png
                ? lamina_png_decode(b.baseAddress, b.count, Int32(channels), &pixels, &width, &height, &message, message.count)
                : lamina_jpeg_decode(b.baseAddress, b.count, Int32(channels), &pixels, &width, &height, &message, message.count)
        }
        guard status == 0, let pixels else {
            throw DataError(path, "corrupt or unreadable \(format.rawValue.uppercased()) image: \(String(cString: message))")
        }
        defer { lamina_image_free(pixels) }
        let count = Int(width) * Int(height) * channels
        return try Image(height: Int(height), width: Int(width), channels: channels,
                         pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// Encodes an image (1 or 3 channels; PNG also 4) as PNG (lossless) or JPEG (`quality` 1…100).
    public static func encode(_ image: Image, as format: Format, quality: Int = 95) throws -> [UInt8] {
        guard image.channels == 1 || image.channels == 3 || (format == .png && image.channels == 4) else {
            throw DataError("encode", "cannot encode \(image.channels) channels as \(format.rawValue)")
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBufferPointer { p in
            format == .png
                ? lamina_png_encode(p.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels), &out, &size, &message, message.count)
                : lamina_jpeg_encode(p.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels), Int32(quality), &out, &size, &message, message.count)
        }
        guard status == 0, let out else { throw DataError("encode", "\(format.rawValue) encoding failed: \(String(cString: message))") }
        defer { lamina_image_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// Encodes and writes `image` to `path` (format from the extension: `.png`, else JPEG).
    public static func write(_ image: Image, to path: String, quality: Int = 95) throws {
        let format: Format = path.lowercased().hasSuffix(".png") ? .png : .jpeg
        let bytes = try encode(image, as: format, quality: quality)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw DataError(path, "cannot write the image file")
        }
    }
}
