import LaminaCore

/// Pixel kernels on HWC float buffers, shared by the pipeline transforms and the Keras
/// preprocessing layers. All work on one image: `values` has `h · w · c` floats.
public enum ImageKernels {
    /// Interpolation of ``resize(_:height:width:channels:toHeight:toWidth:method:)`` and ``affine(_:height:width:channels:matrix:interpolation:fillMode:fillValue:)``.
    public enum Interpolation: String, Sendable { case bilinear, nearest }
    /// How points outside the image are filled (`keras.ops.image.affine_transform`, i.e.
    /// `jax.scipy.ndimage.map_coordinates` modes): `reflect` (d c b a | a b c d | d c b a),
    /// `wrap` (a b c d | a b c d), `nearest` (a a a a | a b c d), `constant` (k k k k | a b c d).
    public enum FillMode: String, Sendable { case reflect, wrap, nearest, constant }

    /// Resizes with half-pixel centres and no antialiasing (Keras `ops.image.resize` with
    /// `antialias=False`, torchvision `resize(antialias=False)` bilinear):
    /// bilinear samples input coordinate `(i + 0.5) · in/out − 0.5`, clamped to the image;
    /// nearest takes `floor((i + 0.5) · in/out)` (JAX's nearest; torchvision's `nearest-exact`).
    public static func resize(_ values: [Float], height h: Int, width w: Int, channels c: Int,
                              toHeight oh: Int, toWidth ow: Int, method: Interpolation) -> [Float] {
        var out = [Float](repeating: 0, count: oh * ow * c)
        let sy = Double(h) / Double(oh), sx = Double(w) / Double(ow)
        switch method {
        case .nearest:
            let ys = (0..<oh).map { Swift.min(h - 1, Int(((Double($0) + 0.5) * sy).rounded(.down))) }
            let xs = (0..<ow).map { Swift.min(w - 1, Int(((Double($0) + 0.5) * sx).rounded(.down))) }
            for y in 0..<oh { for x in 0..<ow { for k in 0..<c { out[(y * ow + x) * c + k] = values[(ys[y] * w + xs[x]) * c + k] } } }
        case .bilinear:
            func taps(_ n: Int, _ inSize: Int, _ scale: Double) -> [(Int, Int, Float)] {
                (0..<n).map { i in
                    let src = Swift.min(Double(inSize - 1), Swift.max(0, (Double(i) + 0.5) * scale - 0.5))
                    let lo = Int(src.rounded(.down)), hi = Swift.min(lo + 1, inSize - 1)
                    return (lo, hi, Float(src - Double(lo)))
                }
            }
            let ty = taps(oh, h, sy), tx = taps(ow, w, sx)
            for y in 0..<oh {
                let (y0, y1, fy) = ty[y]
                for x in 0..<ow {
                    let (x0, x1, fx) = tx[x]
                    for k in 0..<c {
                        let a = values[(y0 * w + x0) * c + k], b = values[(y0 * w + x1) * c + k]
                        let d = values[(y1 * w + x0) * c + k], e = values[(y1 * w + x1) * c + k]
                        let top = a + (b - a) * fx, bottom = d + (e - d) * fx
                        out[(y * ow + x) * c + k] = top + (bottom - top) * fy
                    }
                }
            }
        }
        return out
    }

    /// The window `rows × cols` at (`top`, `left`); parts outside the image are `fill`.
    public static func crop(_ values: [Float], height h: Int, width w: Int, channels c: Int,
                            top: Int, left: Int, rows: Int, cols: Int, fill: Float = 0) -> [Float] {
        var out = [Float](repeating: fill, count: rows * cols * c)
        for y in 0..<rows where top + y >= 0 && top + y < h {
            for x in 0..<cols where left + x >= 0 && left + x < w {
                let s = ((top + y) * w + left + x) * c, d = (y * cols + x) * c
                for k in 0..<c { out[d + k] = values[s + k] }
            }
        }
        return out
    }

    /// Mirrors left–right (`horizontal`) and/or top–bottom (`vertical`).
    public static func flip(_ values: [Float], height h: Int, width w: Int, channels c: Int,
                            horizontal: Bool, vertical: Bool) -> [Float] {
        var out = values
        for y in 0..<h {
            let sy = vertical ? h - 1 - y : y
            for x in 0..<w {
                let sx = horizontal ? w - 1 - x : x
                for k in 0..<c { out[(y * w + x) * c + k] = values[(sy * w + sx) * c + k] }
            }
        }
        return out
    }

    /// Samples the image at affine-mapped points, like `keras.ops.image.affine_transform`:
    /// output pixel (x, y) reads input point `(a0·x + a1·y + a2, b0·x + b1·y + b2)` where
    /// `matrix = [a0, a1, a2, b0, b1, b2]` (the projective terms are taken as 0).
    /// Bilinear weights the 4 neighbours (each outside neighbour reads `fillValue` in constant
    /// mode); nearest rounds half away from zero.
    public static func affine(_ values: [Float], height h: Int, width w: Int, channels c: Int, matrix m: [Float],
                              interpolation: Interpolation, fillMode: FillMode, fillValue: Float) -> [Float] {
        var out = [Float](repeating: 0, count: h * w * c)
        func fix(_ i: Int, _ size: Int) -> Int? {
            switch fillMode {
            case .constant: return i >= 0 && i < size ? i : nil
            case .nearest: return Swift.min(Swift.max(i, 0), size - 1)
            case .wrap: return ((i % size) + size) % size
            case .reflect:
                // jax: floor_div(mirror(2i + 1, 2·size + 1) − 1, 2), mirror(j, n) = |(j + n − 1) mod 2(n − 1) − (n − 1)|
                let n = 2 * size + 1, s = n - 1, j = 2 * i + 1
                let mirrored = Swift.abs((((j + s) % (2 * s)) + 2 * s) % (2 * s) - s)
                return Int((Double(mirrored - 1) / 2).rounded(.down))
            }
        }
        for y in 0..<h {
            for x in 0..<w {
                let px = m[0] * Float(x) + m[1] * Float(y) + m[2]
                let py = m[3] * Float(x) + m[4] * Float(y) + m[5]
                let o = (y * w + x) * c
                switch interpolation {
                case .nearest:
                    let ix = Int(px.rounded(.toNearestOrAwayFromZero)), iy = Int(py.rounded(.toNearestOrAwayFromZero))
                    if let fx = fix(ix, w), let fy = fix(iy, h) {
                        for k in 0..<c { out[o + k] = values[(fy * w + fx) * c + k] }
                    } else {
                        for k in 0..<c { out[o + k] = fillValue }
                    }
                case .bilinear:
                    let x0 = px.rounded(.down), y0 = py.rounded(.down)
                    let wx1 = px - x0, wy1 = py - y0, wx0 = 1 - wx1, wy0 = 1 - wy1
                    let ix = Int(x0), iy = Int(y0)
                    let corners: [(Int?, Int?, Float)] = [
                        (fix(iy, h), fix(ix, w), wy0 * wx0), (fix(iy, h), fix(ix + 1, w), wy0 * wx1),
                        (fix(iy + 1, h), fix(ix, w), wy1 * wx0), (fix(iy + 1, h), fix(ix + 1, w), wy1 * wx1),
                    ]
                    for k in 0..<c {
                        var acc: Float = 0
                        for (cy, cx, wt) in corners {
                            if let cy, let cx { acc += wt * values[(cy * w + cx) * c + k] } else { acc += wt * fillValue }
                        }
                        out[o + k] = acc
                    }
                }
            }
        }
        return out
    }

    /// The centred window with the aspect ratio of `targetHeight × targetWidth` (Keras
    /// `crop_to_aspect_ratio` / `smart_resize`): (top, left, rows, cols).
    public static func aspectCropBox(height h: Int, width w: Int, targetHeight th: Int, targetWidth tw: Int) -> (Int, Int, Int, Int) {
        let ch = Swift.max(1, Swift.min(h, Int(Double(w * th) / Double(tw))))
        let cw = Swift.max(1, Swift.min(w, Int(Double(h * tw) / Double(th))))
        return (Int(Double(h - ch) / 2), Int(Double(w - cw) / 2), ch, cw)
    }
}
