import LaminaCore

extension Transforms {
    /// Crops the centre `height × width` window (torchvision `CenterCrop`: the offset is
    /// `round((H − height) / 2)`, and smaller images are padded with zeros).
    public struct CenterCrop<Grid: PixelGrid>: Transform {
        public let height: Int
        public let width: Int
        public init(height: Int, width: Int) { self.height = height; self.width = width }

        public func apply(_ input: Grid, context: SampleContext) throws -> Grid {
            let (h, w, c) = input.gridShape
            let top = Int((Double(h - height) / 2).rounded(.toNearestOrEven))
            let left = Int((Double(w - width) / 2).rounded(.toNearestOrEven))
            let out = ImageKernels.crop(input.floatPixels, height: h, width: w, channels: c,
                                        top: top, left: left, rows: height, cols: width)
            return input.withPixels(out, height: height, width: width, channels: c)
        }
    }

    /// Crops a random `height × width` window (torchvision `RandomCrop`): the image is first
    /// padded by `padding` pixels of `fill` on every side, then the window's top-left corner is
    /// drawn uniformly. Seeded per sample (see ``SampleContext``).
    /// - Throws: ``DataError`` if the padded image is smaller than the window.
    public struct RandomCrop<Grid: PixelGrid>: Transform {
        public let height: Int
        public let width: Int
        public let padding: Int
        public let fill: Float
        public let seed: UInt64

        public init(height: Int, width: Int, padding: Int = 0, fill: Float = 0, seed: Int? = nil) {
            self.height = height; self.width = width; self.padding = padding; self.fill = fill
            self.seed = seed.map { UInt64(bitPattern: Int64($0)) } ?? freshSeed()
        }

        public func apply(_ input: Grid, context: SampleContext) throws -> Grid {
            let (h, w, c) = input.gridShape
            let ph = h + 2 * padding, pw = w + 2 * padding
            guard ph >= height, pw >= width else {
                throw DataError("RandomCrop", "sample \(context.index): a \(height)×\(width) crop does not fit a \(h)×\(w) image with padding \(padding)")
            }
            var g = context.generator(seed: seed)
            let top = Int(g.next() % UInt32(ph - height + 1)) - padding
            let left = Int(g.next() % UInt32(pw - width + 1)) - padding
            let out = ImageKernels.crop(input.floatPixels, height: h, width: w, channels: c,
                                        top: top, left: left, rows: height, cols: width, fill: fill)
            return input.withPixels(out, height: height, width: width, channels: c)
        }
    }

    /// Mirrors the image left–right with probability `probability` (torchvision
    /// `RandomHorizontalFlip`). Seeded per sample.
    public struct RandomHorizontalFlip<Grid: PixelGrid>: Transform {
        public let probability: Float
        public let seed: UInt64

        public init(probability: Float = 0.5, seed: Int? = nil) {
            self.probability = probability
            self.seed = seed.map { UInt64(bitPattern: Int64($0)) } ?? freshSeed()
        }

        public func apply(_ input: Grid, context: SampleContext) throws -> Grid {
            var g = context.generator(seed: seed)
            guard g.nextUniform() < probability else { return input }
            let (h, w, c) = input.gridShape
            let out = ImageKernels.flip(input.floatPixels, height: h, width: w, channels: c, horizontal: true, vertical: false)
            return input.withPixels(out, height: h, width: w, channels: c)
        }
    }
}
