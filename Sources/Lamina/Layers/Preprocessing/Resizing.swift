/// Resizes images to `height × width` (`keras.layers.Resizing`), with half-pixel centres and
/// no antialiasing; with `cropToAspectRatio`, first crops the largest centred window with the
/// target aspect ratio so the image is not distorted.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: `[N, height, width, C]` (or unbatched), float32.
public final class Resizing: Layer {
    public let height: Int
    public let width: Int
    public let interpolation: ImageKernels.Interpolation
    public let cropToAspectRatio: Bool

    /// - Parameter interpolation: `"bilinear"` or `"nearest"`.
    public init(height: Int, width: Int, interpolation: String = "bilinear", cropToAspectRatio: Bool = false, name: String? = nil) throws {
        guard height > 0, width > 0 else { throw LaminaError.value("Resizing: height and width must be positive. Received: height=\(height), width=\(width)") }
        self.height = height; self.width = width
        self.interpolation = try ImageLayers.interpolation(interpolation)
        self.cropToAspectRatio = cropToAspectRatio
        super.init(name: name)
    }

    public override class var className: String { "Resizing" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let (th, tw, method, crop) = (height, width, interpolation, cropToAspectRatio)
        return try ImageLayers.map(input, layer: name) { _, v, h, w, c in
            var values = v, hh = h, ww = w
            if crop {
                let (top, left, rows, cols) = ImageKernels.aspectCropBox(height: h, width: w, targetHeight: th, targetWidth: tw)
                values = ImageKernels.crop(v, height: h, width: w, channels: c, top: top, left: left, rows: rows, cols: cols)
                hh = rows; ww = cols
            }
            return (ImageKernels.resize(values, height: hh, width: ww, channels: c, toHeight: th, toWidth: tw, method: method), th, tw)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [ImageLayers.shapeWithSize(inputShapes[0], height, width)]
    }

    public override var config: [String: JSONValue] {
        ["height": JSONValue(height), "width": JSONValue(width), "interpolation": .string(interpolation.rawValue),
         "crop_to_aspect_ratio": .bool(cropToAspectRatio), "data_format": "channels_last"]
    }
}

/// Crops the centre `height × width` of images (`keras.layers.CenterCrop`), at offset
/// `(H − height) // 2`; an image smaller than the target is instead cropped to the target
/// aspect ratio and resized (bilinear), as Keras does. Active in training and inference.
///
/// - Input: `[N, H, W, C]` or `[H, W, C]`. Output: `[N, height, width, C]` (or unbatched), float32.
public final class CenterCrop: Layer {
    public let height: Int
    public let width: Int

    public init(height: Int, width: Int, name: String? = nil) throws {
        guard height > 0, width > 0 else { throw LaminaError.value("CenterCrop: height and width must be positive. Received: height=\(height), width=\(width)") }
        self.height = height; self.width = width
        super.init(name: name)
    }

    public override class var className: String { "CenterCrop" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let (th, tw) = (height, width)
        return try ImageLayers.map(input, layer: name) { _, v, h, w, c in
            if h >= th && w >= tw {
                let top = (h - th) / 2, left = (w - tw) / 2
                return (ImageKernels.crop(v, height: h, width: w, channels: c, top: top, left: left, rows: th, cols: tw), th, tw)
            }
            return (smartResize(v, h, w, c, th, tw), th, tw)
        }
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [ImageLayers.shapeWithSize(inputShapes[0], height, width)]
    }

    public override var config: [String: JSONValue] {
        ["height": JSONValue(height), "width": JSONValue(width), "data_format": "channels_last"]
    }
}

/// Keras `smart_resize`: the centred crop with the target aspect ratio, resized bilinearly.
func smartResize(_ v: [Float], _ h: Int, _ w: Int, _ c: Int, _ th: Int, _ tw: Int) -> [Float] {
    let (top, left, rows, cols) = ImageKernels.aspectCropBox(height: h, width: w, targetHeight: th, targetWidth: tw)
    let cropped = ImageKernels.crop(v, height: h, width: w, channels: c, top: top, left: left, rows: rows, cols: cols)
    return ImageKernels.resize(cropped, height: rows, width: cols, channels: c, toHeight: th, toWidth: tw, method: .bilinear)
}
