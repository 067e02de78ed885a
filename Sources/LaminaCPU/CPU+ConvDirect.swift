import CLaminaCPU
import LaminaCore

/// Direct convolution (conv.c) for ungrouped, undilated convolutions with up to 128 input and
/// output channels — the thin convolutions of small CNNs (the seed CNN's 3 → 32, ResNet-20's
/// 16-64), where im2col + sgemm spent most of its time building and repacking the column matrix.
/// Forward and filter gradient for any strides and padding; the input gradient for stride 1 as a
/// convolution of dy with the flipped, transposed filter. Everything else stays on im2col + sgemm.
extension CPUBackend {
    /// Whether conv.c runs here (cpuid once: in a virtual machine every cpuid is a trap).
    static let directConvAvailable = lamina_conv_available() != 0

    /// conv.c's description of the convolution of `input` with `filter`, when the direct kernels run it.
    func directConvShape(input: [Int], filter: [Int], _ p: ConvolutionParameters) -> lamina_conv_shape? {
        guard p.groups == 1, p.dilation == [1, 1], CPUBackend.directConvAvailable else { return nil }
        let g = ConvGeometry(input: input, window: [filter[0], filter[1]], p), o = filter[3]
        guard g.n > 0, g.oh > 0, g.ow > 0, g.c > 0, g.c <= 128, o > 0, o <= 128, !g.isPointwise else { return nil }
        return lamina_conv_shape(n: g.n, h: g.h, w: g.w, c: g.c, kh: g.kh, kw: g.kw, o: o, oh: g.oh, ow: g.ow,
                                 sh: p.strides[0], sw: p.strides[1], pt: p.padding[0], pl: p.padding[2])
    }

    /// Output rows per thread chunk so that a chunk holds at least ~100k multiply-adds.
    static func convGrain(_ s: lamina_conv_shape) -> Int {
        Swift.max(1, 100_000 / Swift.max(1, s.ow * s.o * s.kh * s.kw * s.c))
    }

    /// `body` with the input of `s` zero-padded (or cropped, for negative padding) and the shape
    /// of the same convolution on it without padding: every output pixel then takes the kernels'
    /// full-width tiles (a window reaching into the padding would need a one-pixel tile with
    /// clipped taps, several times slower per pixel). No copy when no window leaves the input.
    func withPaddedInput<R>(_ x: UnsafePointer<Float>, _ s: lamina_conv_shape,
                            _ body: (UnsafePointer<Float>, lamina_conv_shape) -> R) -> R {
        let (hp, wp) = CPUBackend.coveredExtent(s), c = s.c
        var t = s
        t.pt = 0; t.pl = 0
        if CPUBackend.windowsStayInside(s) {
            return body(x + (-s.pt * s.w - s.pl) * c, t)  // inside the input: an offset view
        }
        let padded = empty([s.n, hp, wp, c], .float32), pp = f(padded)
        let lo = Swift.max(0, s.pl), hi = Swift.min(wp, s.pl + s.w)
        Parallel.forEach(s.n * hp, grain: Swift.max(1, 65_536 / (wp * c))) { rows in
            for r in rows {
                let n = r / hp, iy = r % hp - s.pt, dst = pp + r * wp * c
                guard iy >= 0 && iy < s.h && lo < hi else { dst.update(repeating: 0, count: wp * c); continue }
                dst.update(repeating: 0, count: lo * c)
                (dst + lo * c).update(from: x + ((n * s.h + iy) * s.w + lo - s.pl) * c, count: (hi - lo) * c)
                (dst + hi * c).update(repeating: 0, count: (wp - hi) * c)
            }
        }
        t.h = hp; t.w = wp
        return withExtendedLifetime(padded) { body(UnsafePointer(pp), t) }
    }

    /// The convolution on the direct kernel: `y [n, oh, ow, o]`, plus `bias` `[o]`, then ReLU if `relu`.
    func directConv(_ x: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>? = nil, relu: Bool = false,
                    _ s: lamina_conv_shape, into y: UnsafeMutablePointer<Float>) {
        if paddedPerImage(s) {
            let outCount = s.oh * s.ow * s.o
            forEachPaddedImage(x, s, parts: Swift.min(s.n, Parallel.workers)) { _, n, xp, tp in
                lamina_conv_forward(xp, filter, bias, relu ? 1 : 0, y + n * outCount, tp, 0, s.oh)
            }
            return
        }
        withPaddedInput(x, s) { xp, t in
            withUnsafePointer(to: t) { sp in
                Parallel.forEach(t.n * t.oh, grain: CPUBackend.convGrain(t)) { r in
                    lamina_conv_forward(xp, filter, bias, relu ? 1 : 0, y, sp, r.lowerBound, r.upperBound)
                }
            }
        }
    }

    public func conv2dBiasActivation(_ x: Tensor, filter: Tensor, bias: Tensor?, relu: Bool, _ p: ConvolutionParameters) -> Tensor {
        guard let s = directConvShape(input: x.shape, filter: filter.shape, p) else {
            return compositeConv2dBiasActivation(x, filter: filter, bias: bias, relu: relu, p)
        }
        let out = empty([s.n, s.oh, s.ow, s.o], .float32)
        directConv(f(x), filter: f(filter), bias: bias.map { UnsafePointer(f($0)) }, relu: relu, s, into: f(out))
        return withExtendedLifetime(bias) { out }
    }

    /// The input gradient of a stride-1 convolution: dy convolved with the filter flipped in both
    /// spatial axes and with input and output channels swapped, padded so the result is `[n, h, w, c]`.
    func directConvBackwardInput(_ dy: UnsafePointer<Float>, filter: UnsafePointer<Float>, _ s: lamina_conv_shape,
                                 into dx: UnsafeMutablePointer<Float>) {
        let (kh, kw, c, o) = (s.kh, s.kw, s.c, s.o)
        let flipped = empty([kh, kw, o, c], .float32), pf = f(flipped)
        for ky in 0..<kh {
            for kx in 0..<kw {
                let src = filter + ((kh - 1 - ky) * kw + (kw - 1 - kx)) * c * o, dst = pf + (ky * kw + kx) * o * c
                for ci in 0..<c { for oi in 0..<o { dst[oi * c + ci] = src[ci * o + oi] } }
            }
        }
        let t = lamina_conv_shape(n: s.n, h: s.oh, w: s.ow, c: o, kh: kh, kw: kw, o: c, oh: s.h, ow: s.w,
                                  sh: 1, sw: 1, pt: kh - 1 - s.pt, pl: kw - 1 - s.pl)
        directConv(dy, filter: UnsafePointer(pf), t, into: dx)
    }

    /// The filter gradient: per-thread partial sums over blocks of output rows, then their total.
    func directConvBackwardFilter(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, _ s: lamina_conv_shape,
                                  into dw: UnsafeMutablePointer<Float>) {
        let count = s.kh * s.kw * s.c * s.o, rows = s.n * s.oh
        let chunks = Swift.max(1, Swift.min(Parallel.workers, rows / CPUBackend.convGrain(s)))
        let partials = full(0, shape: [Swift.max(chunks - 1, 0) * count], dtype: .float32), pp = f(partials)
        dw.update(repeating: 0, count: count)
        if paddedPerImage(s) {
            let outCount = s.oh * s.ow * s.o
            forEachPaddedImage(x, s, parts: chunks) { k, n, xp, tp in
                lamina_conv_filter_grad(xp, dy + n * outCount, k == 0 ? dw : pp + (k - 1) * count, tp, 0, s.oh)
            }
        } else {
            filterGradOnPaddedBatch(x, dy, s, chunks: chunks, dw: dw, partials: pp)
        }
        for k in 1..<Swift.max(chunks, 1) {
            let part = pp + (k - 1) * count
            for i in 0..<count { dw[i] += part[i] }
        }
    }

    private func filterGradOnPaddedBatch(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ s: lamina_conv_shape,
                                         chunks: Int, dw: UnsafeMutablePointer<Float>, partials pp: UnsafeMutablePointer<Float>) {
        let count = s.kh * s.kw * s.c * s.o, rows = s.n * s.oh
        withPaddedInput(x, s) { xp, t in
            withUnsafePointer(to: t) { sp in
                Parallel.forEach(chunks, grain: 1) { ks in
                    for k in ks {
                        lamina_conv_filter_grad(xp, dy, k == 0 ? dw : pp + (k - 1) * count, sp, rows * k / chunks, rows * (k + 1) / chunks)
                    }
                }
            }
        }
    }
}
