import LaminaCore

extension Transforms {
    /// Resizes an image (``Image`` or float `[H, W, C]` ``Tensor``) to `height × width`, with
    /// half-pixel centres and no antialiasing (torchvision `Resize(antialias=False)`, Keras
    /// `Resizing`). uint8 images are rounded after interpolation.
    public struct Resize<Grid: PixelGrid>: Transform {
        public let height: Int
        public let width: Int
        public let interpolation: ImageKernels.Interpolation

        public init(height: Int, width: Int, interpolation: ImageKernels.Interpolation = .bilinear) {
            self.height = height; self.width = width; self.interpolation = interpolation
        }

        public func apply(_ input: Grid, context: SampleContext) throws -> Grid {
            let (h, w, c) = input.gridShape
            guard height > 0, width > 0 else { throw DataError("Resize", "target size \(height)×\(width) must be positive") }
            if h == height && w == width { return input }
            let out = ImageKernels.resize(input.floatPixels, height: h, width: w, channels: c,
                                          toHeight: height, toWidth: width, method: interpolation)
            return input.withPixels(out, height: height, width: width, channels: c)
        }
    }
}
