import LaminaCore

/// Repeats or interpolates the rows and columns of an image (`keras.layers.UpSampling2D`),
/// channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, h·size[0], w·size[1], channels]`.
/// - `interpolation`: `"nearest"` repeats each pixel; `"bilinear"` samples at half-pixel centers
///   `(i + 0.5) / size - 0.5` with edge clamping (as `jax.image.resize`, which Keras uses).
public final class UpSampling2D: Layer {
    public let size: [Int]
    public let interpolation: String

    public init(size: [Int] = [2, 2], interpolation: String = "nearest", name: String? = nil) throws {
        guard interpolation == "nearest" || interpolation == "bilinear" else {
            throw LaminaError(.unsupported, "UpSampling2D: `interpolation` must be \"nearest\" or \"bilinear\" in Lamina. Received: interpolation=\(interpolation)")
        }
        self.interpolation = interpolation
        self.size = try ConvArgs.tuple(size, 2, "size", layer: name ?? "up_sampling2d")
        super.init(name: name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "UpSampling2D" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let s = input.shape
        if interpolation == "nearest" {
            return input.reshaped([s[0], s[1], 1, s[2], 1, s[3]])
                .broadcast(to: [s[0], s[1], size[0], s[2], size[1], s[3]])
                .reshaped([s[0], s[1] * size[0], s[2] * size[1], s[3]])
        }
        return Self.bilinear(Self.bilinear(input, axis: 1, scale: size[0]), axis: 2, scale: size[1])
    }

    /// Linear interpolation along `axis` (1 or 2) to `scale` times the size.
    static func bilinear(_ x: Tensor, axis: Int, scale: Int) -> Tensor {
        let n = x.shape[axis], m = n * scale
        var lo: [Int32] = [], hi: [Int32] = [], frac: [Float] = []
        for i in 0..<m {
            let src = max(0, (Double(i) + 0.5) / Double(scale) - 0.5)
            let i0 = min(Int(src.rounded(.down)), n - 1)
            lo.append(Int32(i0)); hi.append(Int32(min(i0 + 1, n - 1))); frac.append(Float(src - Double(i0)))
        }
        var fshape = [1, 1, 1, 1]
        fshape[axis] = m
        let f = Tensor(frac, shape: fshape, on: x.backend)
        let a = x.gather(Tensor(lo, shape: [m], on: x.backend), axis: axis)
        let b = x.gather(Tensor(hi, shape: [m], on: x.backend), axis: axis)
        return a + (b - a) * f
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = try ReshapingArgs.rank4(inputShapes[0], layer: name)
        return [[s[0], s[1].map { $0 * size[0] }, s[2].map { $0 * size[1] }, s[3]]]
    }

    public override var config: [String: JSONValue] {
        ["size": JSONValue(size), "data_format": "channels_last", "interpolation": .string(interpolation)]
    }
}
