/// Helpers shared by the image preprocessing layers: they work on channels-last images,
/// batched `[N, H, W, C]` or single `[H, W, C]`, one image at a time on the host (the layers
/// are input pipelines and are not differentiated, as in Keras).
enum ImageLayers {
    /// Applies `body(imageIndex, values, h, w, c) → (values, outHeight, outWidth)` to every
    /// image of `input` and reassembles a float32 tensor of the same rank.
    static func map(_ input: Tensor, layer: String,
                    _ body: (Int, [Float], Int, Int, Int) throws -> ([Float], Int, Int)) throws -> Tensor {
        guard input.rank == 3 || input.rank == 4 else {
            throw LaminaError.shape("Layer \"\(layer)\": expected images of rank 3 (H, W, C) or 4 (N, H, W, C). Received: inputs.shape=\(describeShape(input.shape.map { Optional($0) }))")
        }
        let batched = input.rank == 4
        let n = batched ? input.shape[0] : 1
        let (h, w, c) = batched ? (input.shape[1], input.shape[2], input.shape[3]) : (input.shape[0], input.shape[1], input.shape[2])
        let all = input.cast(to: .float32).scalars()
        let size = h * w * c
        var out: [Float] = []
        var oh = h, ow = w
        for i in 0..<n {
            let (v, rh, rw) = try body(i, Array(all[i * size..<(i + 1) * size]), h, w, c)
            out.append(contentsOf: v)
            oh = rh; ow = rw
        }
        let shape = batched ? [n, oh, ow, c] : [oh, ow, c]
        return Tensor(out, shape: shape, on: input.backend)
    }

    /// Number of images in `input` (1 for a single image).
    static func count(_ input: Tensor) -> Int { input.rank == 4 ? input.shape[0] : 1 }

    /// A Keras factor: a number f means (−f, f); a pair is sorted. Checks the bounds.
    static func factor(_ lower: Float, _ upper: Float, bounds: ClosedRange<Float>, name: String) throws -> (Float, Float) {
        let (lo, hi) = (min(lower, upper), max(lower, upper))
        guard hi >= bounds.lowerBound, lo <= bounds.upperBound else {
            throw LaminaError.value("The `\(name)` argument should be a number (or a list of two numbers) in the range [\(bounds.lowerBound), \(bounds.upperBound)]. Received: \(name)=(\(lower), \(upper))")
        }
        return (lo, hi)
    }

    /// The Keras interpolation and fill-mode names.
    static func interpolation(_ s: String) throws -> ImageKernels.Interpolation {
        guard let i = ImageKernels.Interpolation(rawValue: s) else {
            throw LaminaError.value("Invalid value for argument `interpolation`. Expected one of {'bilinear', 'nearest'}. Received: interpolation=\(s)")
        }
        return i
    }

    static func fillMode(_ s: String) throws -> ImageKernels.FillMode {
        guard let m = ImageKernels.FillMode(rawValue: s) else {
            throw LaminaError.value("Unknown `fill_mode` \(s). Expected of one ['reflect', 'wrap', 'constant', 'nearest'].")
        }
        return m
    }

    static func shapeWithSize(_ s: [Int?], _ height: Int, _ width: Int) -> [Int?] {
        var o = s
        if o.count == 4 { o[1] = height; o[2] = width } else if o.count == 3 { o[0] = height; o[1] = width }
        return o
    }
}

extension Philox {
    /// Uniform in [low, high).
    mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextUniform() }
}
