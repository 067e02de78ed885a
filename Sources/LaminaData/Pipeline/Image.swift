import LaminaCore

/// An 8-bit image in memory, height × width × channels (HWC, row-major, channels interleaved),
/// as decoded from CIFAR-10 records, PNG or JPEG files.
///
/// Collated into batches as float32 `[N, H, W, C]` with values 0…255 (Lamina has no uint8
/// tensors); use ``Transforms/ToTensor`` to get floats in [0, 1].
public struct Image: Sendable, Equatable {
    public let height: Int
    public let width: Int
    public let channels: Int
    /// `height · width · channels` bytes; pixel (y, x) channel c is at `(y · width + x) · channels + c`.
    public var pixels: [UInt8]

    /// - Precondition-free: throws ``DataError`` if `pixels` has the wrong length.
    public init(height: Int, width: Int, channels: Int, pixels: [UInt8]) throws {
        guard height > 0, width > 0, channels > 0, pixels.count == height * width * channels else {
            throw DataError("Image", "\(pixels.count) bytes do not make a \(height)×\(width)×\(channels) image")
        }
        self.height = height; self.width = width; self.channels = channels; self.pixels = pixels
    }

    init(unchecked height: Int, _ width: Int, _ channels: Int, _ pixels: [UInt8]) {
        self.height = height; self.width = width; self.channels = channels; self.pixels = pixels
    }

    /// The value at row `y`, column `x`, channel `c`.
    public subscript(y y: Int, x x: Int, c c: Int) -> UInt8 { pixels[(y * width + x) * channels + c] }

    /// The image as a float32 tensor `[H, W, C]` with values 0…255.
    public var tensor: Tensor { Tensor(pixels.map { Float($0) }, shape: [height, width, channels]) }
}

/// Images of either kind that the geometric transforms work on: ``Image`` (uint8) and float
/// ``Tensor``s of shape `[H, W, C]`.
public protocol PixelGrid: Sendable {
    /// (height, width, channels).
    var gridShape: (height: Int, width: Int, channels: Int) { get }
    /// The values as floats, HWC row-major.
    var floatPixels: [Float] { get }
    /// A grid of the same kind with new values (uint8 images round half away from zero and clamp to 0…255).
    func withPixels(_ values: [Float], height: Int, width: Int, channels: Int) -> Self
}

extension Image: PixelGrid {
    public var gridShape: (height: Int, width: Int, channels: Int) { (height, width, channels) }
    public var floatPixels: [Float] { pixels.map { Float($0) } }
    public func withPixels(_ values: [Float], height: Int, width: Int, channels: Int) -> Image {
        Image(unchecked: height, width, channels, values.map { UInt8(Swift.min(255, Swift.max(0, $0.rounded()))) })
    }
}

extension Tensor: PixelGrid {
    /// `[H, W, C]`; a rank-2 tensor counts as one channel.
    public var gridShape: (height: Int, width: Int, channels: Int) {
        (shape.count > 0 ? shape[0] : 1, shape.count > 1 ? shape[1] : 1, shape.count > 2 ? shape[2] : 1)
    }
    public var floatPixels: [Float] { scalars() }
    public func withPixels(_ values: [Float], height: Int, width: Int, channels: Int) -> Tensor {
        Tensor(values, shape: [height, width, channels], on: backend)
    }
}
