/// Randomly crops `height × width` windows during training (`keras.layers.RandomCrop`): one
/// offset per batch, drawn uniformly. At inference — and in training when the image is not
/// larger than the target — the centred window with the target aspect ratio is taken and
/// resized to `height × width` (bilinear).
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: `[N, height, width, C]` (or unbatched), float32.
/// - `seed`: makes the sequence of crops reproducible.
public final class RandomCrop: Layer {
    public let height: Int
    public let width: Int
    public let seed: Int?
    private var generator: Philox

    public init(height: Int, width: Int, seed: Int? = nil, name: String? = nil) throws {
        guard height > 0, width > 0 else { throw LaminaError.value("RandomCrop: height and width must be positive. Received: height=\(height), width=\(width)") }
        self.height = height; self.width = width; self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "RandomCrop" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let (th, tw) = (height, width)
        let h = input.shape[input.rank - 3], w = input.shape[input.rank - 2]
        var offset: (Int, Int)? = nil
        if training && h > th && w > tw {
            offset = (Int(generator.next() % UInt32(h - th + 1)), Int(generator.next() % UInt32(w - tw + 1)))
        }
        return try ImageLayers.map(input, layer: name) { _, v, h, w, c in
            if let (top, left) = offset {
                return (ImageKernels.crop(v, height: h, width: w, channels: c, top: top, left: left, rows: th, cols: tw), th, tw)
            }
            return (smartResize(v, h, w, c, th, tw), th, tw)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [ImageLayers.shapeWithSize(inputShapes[0], height, width)]
    }

    public override var config: [String: JSONValue] {
        ["height": JSONValue(height), "width": JSONValue(width), "seed": JSONValue(seed), "data_format": "channels_last"]
    }
}

/// Randomly flips images during training (`keras.layers.RandomFlip`): each image is flipped
/// with probability ½ (for `horizontal_and_vertical`, one draw decides both flips, as in
/// Keras). The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
public final class RandomFlip: Layer {
    public enum Mode: String, Sendable {
        case horizontal, vertical
        case horizontalAndVertical = "horizontal_and_vertical"
    }
    public let mode: Mode
    public let seed: Int?
    private var generator: Philox

    /// - Parameter mode: `"horizontal"`, `"vertical"` or `"horizontal_and_vertical"`.
    public init(mode: String = "horizontal_and_vertical", seed: Int? = nil, name: String? = nil) throws {
        guard let m = Mode(rawValue: mode) else {
            throw LaminaError.value("RandomFlip layer \(name ?? "") received an unknown mode argument \(mode)")
        }
        self.mode = m; self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "RandomFlip" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training else { return input.cast(to: .float32) }
        let flips = (0..<ImageLayers.count(input)).map { _ in generator.nextUniform() <= 0.5 }
        let (hz, vt) = (mode != .vertical, mode != .horizontal)
        return try ImageLayers.map(input, layer: name) { i, v, h, w, c in
            guard flips[i] else { return (v, h, w) }
            return (ImageKernels.flip(v, height: h, width: w, channels: c, horizontal: hz, vertical: vt), h, w)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] {
        ["mode": .string(mode.rawValue), "seed": JSONValue(seed), "data_format": "channels_last"]
    }
}
