import Foundation

/// Shared by ``RandomRotation``, ``RandomZoom`` and ``RandomTranslation``: a per-image affine
/// transform sampled like `keras.ops.image.affine_transform`.
public class RandomAffineLayer: Layer {
    public let fillMode: ImageKernels.FillMode
    public let interpolation: ImageKernels.Interpolation
    public let fillValue: Float
    public let seed: Int?
    var generator: Philox

    init(fillMode: String, interpolation: String, fillValue: Float, seed: Int?, name: String?) throws {
        self.fillMode = try ImageLayers.fillMode(fillMode)
        self.interpolation = try ImageLayers.interpolation(interpolation)
        self.fillValue = fillValue
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    /// The affine matrix `[a0, a1, a2, b0, b1, b2]` of one image (drawing from `generator`).
    func matrix(height: Int, width: Int) -> [Float] { [1, 0, 0, 0, 1, 0] }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training else { return input.cast(to: .float32) }
        let h = input.shape[input.rank - 3], w = input.shape[input.rank - 2]
        let matrices = (0..<ImageLayers.count(input)).map { _ in matrix(height: h, width: w) }
        return try transform(input, matrices: matrices)
    }

    /// Applies given matrices (one per image) — the layer's geometry without the randomness.
    public func transform(_ input: Tensor, matrices: [[Float]]) throws -> Tensor {
        let (mode, interp, fill) = (fillMode, interpolation, fillValue)
        return try ImageLayers.map(input, layer: name) { i, v, h, w, c in
            (ImageKernels.affine(v, height: h, width: w, channels: c, matrix: matrices[i], interpolation: interp, fillMode: mode, fillValue: fill), h, w)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    var affineConfig: [String: JSONValue] {
        ["fill_mode": .string(fillMode.rawValue), "interpolation": .string(interpolation.rawValue),
         "fill_value": JSONValue(fillValue), "seed": JSONValue(seed), "data_format": "channels_last"]
    }
}

/// Randomly rotates images during training (`keras.layers.RandomRotation`) by an angle drawn
/// per image from `factor · 360°` (a fraction of a full turn: `factor: 0.1` means ±36°),
/// about the image centre. The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
/// - `fillMode`: `reflect` (default), `wrap`, `constant` (with `fillValue`), `nearest`.
public final class RandomRotation: RandomAffineLayer {
    public let factor: (lower: Float, upper: Float)

    /// `factor` f means (−f, f).
    public convenience init(factor: Float, fillMode: String = "reflect", interpolation: String = "bilinear",
                            seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        try self.init(factor: (-abs(factor), abs(factor)), fillMode: fillMode, interpolation: interpolation, seed: seed, fillValue: fillValue, name: name)
    }

    public init(factor: (Float, Float), fillMode: String = "reflect", interpolation: String = "bilinear",
                seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        self.factor = try ImageLayers.factor(factor.0, factor.1, bounds: -1...1, name: "factor")
        try super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed, name: name)
    }

    public override class var className: String { "RandomRotation" }

    /// Keras's rotation matrix for `degrees` about the centre `((W−1)/2, (H−1)/2)`.
    public static func matrix(degrees: Float, height: Int, width: Int) -> [Float] {
        let a = degrees * Float(Double.pi / 180), cs = Foundation.cos(a), sn = Foundation.sin(a)
        let cx = 0.5 * Float(width - 1), cy = 0.5 * Float(height - 1)
        return [cs, -sn, cx - cx * cs + cy * sn, sn, cs, cy - cx * sn - cy * cs]
    }

    override func matrix(height: Int, width: Int) -> [Float] {
        Self.matrix(degrees: generator.uniform(factor.lower * 360, factor.upper * 360), height: height, width: width)
    }

    public override var config: [String: JSONValue] {
        affineConfig.merging(["factor": .array([JSONValue(factor.lower), JSONValue(factor.upper)])]) { $1 }
    }
}

/// Randomly zooms images during training (`keras.layers.RandomZoom`): per image, the zoom is
/// drawn from `1 + heightFactor` (and `1 + widthFactor`, or the same as the height's when nil);
/// a positive factor zooms out, a negative one in. The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
public final class RandomZoom: RandomAffineLayer {
    public let heightFactor: (lower: Float, upper: Float)
    public let widthFactor: (lower: Float, upper: Float)?

    /// A number f means (−f, f); factors must be ≥ −1.
    public init(heightFactor: (Float, Float), widthFactor: (Float, Float)? = nil, fillMode: String = "reflect",
                interpolation: String = "bilinear", seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        func check(_ f: (Float, Float), _ n: String) throws -> (Float, Float) {
            guard f.0 >= -1, f.1 >= -1 else { throw LaminaError.value("The `\(n)` argument must have values >= -1. Received: \(n)=\(f)") }
            return (f.0, f.1)
        }
        self.heightFactor = try check(heightFactor, "height_factor")
        self.widthFactor = try widthFactor.map { try check($0, "width_factor") }
        try super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed, name: name)
    }

    public convenience init(heightFactor: Float, widthFactor: Float? = nil, fillMode: String = "reflect",
                            interpolation: String = "bilinear", seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        try self.init(heightFactor: (-heightFactor, heightFactor), widthFactor: widthFactor.map { (-$0, $0) }, fillMode: fillMode,
                      interpolation: interpolation, seed: seed, fillValue: fillValue, name: name)
    }

    public override class var className: String { "RandomZoom" }

    /// Keras's zoom matrix: scale (zx, zy) about the centre.
    public static func matrix(zoomX zx: Float, zoomY zy: Float, height: Int, width: Int) -> [Float] {
        [zx, 0, (Float(width) - 1) / 2 * (1 - zx), 0, zy, (Float(height) - 1) / 2 * (1 - zy)]
    }

    override func matrix(height: Int, width: Int) -> [Float] {
        let zy = generator.uniform(1 + heightFactor.lower, 1 + heightFactor.upper)
        let zx = widthFactor.map { generator.uniform(1 + $0.lower, 1 + $0.upper) } ?? zy
        return Self.matrix(zoomX: zx, zoomY: zy, height: height, width: width)
    }

    public override var config: [String: JSONValue] {
        affineConfig.merging([
            "height_factor": .array([JSONValue(heightFactor.lower), JSONValue(heightFactor.upper)]),
            "width_factor": widthFactor.map { .array([JSONValue($0.lower), JSONValue($0.upper)]) } ?? nil,
        ]) { $1 }
    }
}

/// Randomly translates images during training (`keras.layers.RandomTranslation`): per image,
/// shifts by `heightFactor · H` and `widthFactor · W` pixels (fractions drawn uniformly).
/// The identity at inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: the same shape, float32.
public final class RandomTranslation: RandomAffineLayer {
    public let heightFactor: (lower: Float, upper: Float)
    public let widthFactor: (lower: Float, upper: Float)

    public init(heightFactor: (Float, Float), widthFactor: (Float, Float), fillMode: String = "reflect",
                interpolation: String = "bilinear", seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        self.heightFactor = try ImageLayers.factor(heightFactor.0, heightFactor.1, bounds: -1...1, name: "height_factor")
        self.widthFactor = try ImageLayers.factor(widthFactor.0, widthFactor.1, bounds: -1...1, name: "width_factor")
        try super.init(fillMode: fillMode, interpolation: interpolation, fillValue: fillValue, seed: seed, name: name)
    }

    public convenience init(heightFactor: Float, widthFactor: Float, fillMode: String = "reflect",
                            interpolation: String = "bilinear", seed: Int? = nil, fillValue: Float = 0, name: String? = nil) throws {
        try self.init(heightFactor: (-heightFactor, heightFactor), widthFactor: (-widthFactor, widthFactor), fillMode: fillMode,
                      interpolation: interpolation, seed: seed, fillValue: fillValue, name: name)
    }

    public override class var className: String { "RandomTranslation" }

    /// Keras's translation matrix: output (x, y) reads input (x − dx, y − dy).
    public static func matrix(dx: Float, dy: Float) -> [Float] { [1, 0, -dx, 0, 1, -dy] }

    override func matrix(height: Int, width: Int) -> [Float] {
        let dy = generator.uniform(heightFactor.lower, heightFactor.upper) * Float(height)
        let dx = generator.uniform(widthFactor.lower, widthFactor.upper) * Float(width)
        return Self.matrix(dx: dx, dy: dy)
    }

    public override var config: [String: JSONValue] {
        affineConfig.merging([
            "height_factor": .array([JSONValue(heightFactor.lower), JSONValue(heightFactor.upper)]),
            "width_factor": .array([JSONValue(widthFactor.lower), JSONValue(widthFactor.upper)]),
        ]) { $1 }
    }
}
