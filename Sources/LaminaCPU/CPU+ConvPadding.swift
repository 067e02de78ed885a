import CLaminaCPU
import LaminaCore

// Zero padding for the direct convolution kernels, one image at a time: when the batch has an
// image for every thread, each thread pads its next image into a buffer of its own (tens to
// hundreds of KB: it stays in cache while the kernel reads it) and convolves it right away,
// instead of first writing the whole padded batch to memory and reading it back (8 % of a
// ResNet-20 forward pass went to that copy).

extension CPUBackend {
    /// Whether the direct kernels pad `s`'s input image by image: the windows leave the input
    /// (an offset view would not do) and every thread gets at least one image.
    func paddedPerImage(_ s: lamina_conv_shape) -> Bool {
        !CPUBackend.windowsStayInside(s) && s.n >= Parallel.workers
    }

    /// The rows and columns the windows of `s` cover, counted from padded coordinate 0.
    static func coveredExtent(_ s: lamina_conv_shape) -> (h: Int, w: Int) {
        ((s.oh - 1) * s.sh + s.kh, (s.ow - 1) * s.sw + s.kw)
    }

    /// Whether every window lies inside the input, so an offset view of it serves as the padded input.
    static func windowsStayInside(_ s: lamina_conv_shape) -> Bool {
        let (hp, wp) = coveredExtent(s)
        return s.pt <= 0 && s.pl <= 0 && hp - s.pt <= s.h && wp - s.pl <= s.w
    }

    /// Calls `body(part, image, paddedImage, shape)` for every image of `s`'s input `x`, the batch
    /// split into `parts` contiguous runs of images that run in parallel. `paddedImage` is image
    /// `image` zero-padded (or cropped, for negative padding) to the rows and columns the windows
    /// cover; `shape` is `s` for that one padded image (n = 1, no padding). The buffer is reused
    /// within a part, so `body` must be done with it when it returns.
    func forEachPaddedImage(_ x: UnsafePointer<Float>, _ s: lamina_conv_shape, parts: Int,
                            _ body: (Int, Int, UnsafePointer<Float>, UnsafePointer<lamina_conv_shape>) -> Void) {
        let (hp, wp) = CPUBackend.coveredExtent(s), c = s.c
        var t = s
        t.n = 1; t.h = hp; t.w = wp; t.pt = 0; t.pl = 0
        let lo = Swift.max(0, s.pl), hi = Swift.min(wp, s.pl + s.w), imageCount = hp * wp * c
        withUnsafePointer(to: t) { tp in
            Parallel.forEach(parts, grain: 1) { ks in
                let raw = UnsafeMutableRawPointer.allocate(byteCount: imageCount * 4, alignment: 64)
                defer { raw.deallocate() }
                let buffer = raw.initializeMemory(as: Float.self, repeating: 0, count: imageCount)
                for k in ks {
                    for n in s.n * k / parts ..< s.n * (k + 1) / parts {
                        // Only the covered input is copied: the padding cells stay zero from the start.
                        for py in 0..<hp where lo < hi {
                            let iy = py - s.pt
                            guard iy >= 0 && iy < s.h else { continue }
                            (buffer + (py * wp + lo) * c).update(from: x + ((n * s.h + iy) * s.w + lo - s.pl) * c,
                                                                 count: (hi - lo) * c)
                        }
                        body(k, n, buffer, tp)
                    }
                }
            }
        }
    }
}
