import LaminaCore

/// Convolution as im2col + sgemm over NHWC tensors. A 1×1, stride-1, unpadded convolution is a
/// single sgemm on the input itself (no im2col); thin ungrouped convolutions run the direct
/// kernels of CPU+ConvDirect.swift; otherwise images are processed in chunks so the column buffer
/// stays under `columnBudget` floats.
extension CPUBackend {
    static let columnBudget = 8 << 20  // floats (32 MiB)

    struct ConvGeometry {
        let n, h, w, c: Int
        let kh, kw: Int
        let oh, ow: Int
        let p: ConvolutionParameters
        var rowsPerImage: Int { oh * ow }
        var patch: Int { kh * kw * c }

        init(input: [Int], window: [Int], _ p: ConvolutionParameters) {
            n = input[0]; h = input[1]; w = input[2]; c = input[3]
            kh = window[0]; kw = window[1]
            let out = p.outputSize(input: [h, w], window: window)
            oh = out[0]; ow = out[1]
            self.p = p
        }

        var isPointwise: Bool {
            kh == 1 && kw == 1 && p.strides == [1, 1] && p.padding.allSatisfy { $0 == 0 } && p.groups == 1
        }

        /// Images per chunk so that the column buffer of `width` floats per row fits the budget.
        func imagesPerChunk(width: Int) -> Int {
            max(1, min(n, CPUBackend.columnBudget / max(1, rowsPerImage * width)))
        }
    }

    /// Writes the columns of images `n0..<n1` for input channels `c0..<c0+cg` into `cols`
    /// (`[(n1-n0)·OH·OW, KH·KW·cg]`, padding as zeros).
    static func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, channels c0: Int, _ cg: Int,
                       into cols: UnsafeMutablePointer<Float>) {
        let width = g.kh * g.kw * cg
        let rows = images.count * g.oh
        Parallel.forEach(rows, grain: max(1, 8192 / max(g.ow * width, 1))) { range in
            for r in range {
                let n = images.lowerBound + r / g.oh, oy = r % g.oh
                for ox in 0..<g.ow {
                    let dst = cols + ((r * g.ow) + ox) * width
                    var k = 0
                    for ky in 0..<g.kh {
                        let iy = oy * g.p.strides[0] + ky * g.p.dilation[0] - g.p.padding[0]
                        for kx in 0..<g.kw {
                            let ix = ox * g.p.strides[1] + kx * g.p.dilation[1] - g.p.padding[2]
                            if iy >= 0 && iy < g.h && ix >= 0 && ix < g.w {
                                (dst + k).update(from: x + ((n * g.h + iy) * g.w + ix) * g.c + c0, count: cg)
                            } else {
                                (dst + k).update(repeating: 0, count: cg)
                            }
                            k += cg
                        }
                    }
                }
            }
        }
    }

    /// Adds columns back onto the input gradient (the adjoint of `im2col`). Threads split images,
    /// so no two threads write the same element.
    static func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, images: Range<Int>, channels c0: Int, _ cg: Int,
                       into dx: UnsafeMutablePointer<Float>) {
        let width = g.kh * g.kw * cg
        Parallel.forEach(images.count, grain: 1) { range in
            for local in range {
                let n = images.lowerBound + local
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        let src = cols + ((local * g.oh + oy) * g.ow + ox) * width
                        var k = 0
                        for ky in 0..<g.kh {
                            let iy = oy * g.p.strides[0] + ky * g.p.dilation[0] - g.p.padding[0]
                            for kx in 0..<g.kw {
                                let ix = ox * g.p.strides[1] + kx * g.p.dilation[1] - g.p.padding[2]
                                if iy >= 0 && iy < g.h && ix >= 0 && ix < g.w {
                                    let d = dx + ((n * g.h + iy) * g.w + ix) * g.c + c0
                                    for j in 0..<cg { d[j] += src[k + j] }
                                }
                                k += cg
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` for each chunk of images (sized by ``ConvGeometry/imagesPerChunk(width:)``) and
    /// each group, with one column buffer of `width = KH·KW·cg` floats per output row for all
    /// calls: the chunk's images, its rows (images·OH·OW), the group, `width` and the buffer.
    static func forEachColumnChunk(_ g: ConvGeometry, channelsPerGroup cg: Int, groups: Int,
                                   _ body: (_ images: Range<Int>, _ rows: Int, _ group: Int, _ width: Int,
                                            _ cols: UnsafeMutablePointer<Float>) -> Void) {
        let width = g.kh * g.kw * cg, chunk = g.imagesPerChunk(width: width)
        let cols = UnsafeMutablePointer<Float>.allocate(capacity: max(1, chunk * g.rowsPerImage * width))
        defer { cols.deallocate() }
        for n0 in stride(from: 0, to: g.n, by: chunk) {
            let images = n0..<min(g.n, n0 + chunk), rows = images.count * g.rowsPerImage
            for group in 0..<groups { body(images, rows, group, width, cols) }
        }
    }

    public func conv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: x.shape, window: Array(filter.shape[0..<2]), p)
        let o = filter.shape[3], groups = p.groups, cg = filter.shape[2], og = o / groups
        let out = empty([g.n, g.oh, g.ow, o], .float32)
        let px = UnsafePointer(f(x)), pf = UnsafePointer(f(filter)), py = f(out)
        if g.isPointwise {
            sgemm(false, false, m: g.n * g.h * g.w, n: o, k: g.c, px, lda: g.c, pf, ldb: o, beta: 0, py, ldc: o)
            return out
        }
        if let s = directConvShape(input: x.shape, filter: filter.shape, p) {
            directConv(px, filter: pf, s, into: py)
            return out
        }
        CPUBackend.forEachColumnChunk(g, channelsPerGroup: cg, groups: groups) { images, rows, group, width, cols in
            CPUBackend.im2col(px, g, images: images, channels: group * cg, cg, into: cols)
            // Filter rows for this group: (kh, kw, c) with o in group's slice; ldb = o.
            sgemm(false, false, m: rows, n: og, k: width, UnsafePointer(cols), lda: width, pf + group * og, ldb: o,
                  beta: 0, py + images.lowerBound * g.rowsPerImage * o + group * og, ldc: o)
        }
        return out
    }

    public func conv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: inputShape, window: Array(filter.shape[0..<2]), p)
        let o = filter.shape[3], groups = p.groups, cg = filter.shape[2], og = o / groups
        if p.strides == [1, 1], let s = directConvShape(input: inputShape, filter: filter.shape, p) {
            let dx = empty(inputShape, .float32)
            directConvBackwardInput(f(dy), filter: f(filter), s, into: f(dx))
            return dx
        }
        let dx = full(0, shape: inputShape, dtype: .float32)
        let pdy = UnsafePointer(f(dy)), pf = UnsafePointer(f(filter)), pdx = f(dx)
        if g.isPointwise {
            sgemm(false, true, m: g.n * g.h * g.w, n: g.c, k: o, pdy, lda: o, pf, ldb: o, beta: 0, pdx, ldc: g.c)
            return dx
        }
        CPUBackend.forEachColumnChunk(g, channelsPerGroup: cg, groups: groups) { images, rows, group, width, cols in
            sgemm(false, true, m: rows, n: width, k: og, pdy + images.lowerBound * g.rowsPerImage * o + group * og, lda: o,
                  pf + group * og, ldb: o, beta: 0, cols, ldc: width)
            CPUBackend.col2im(UnsafePointer(cols), g, images: images, channels: group * cg, cg, into: pdx)
        }
        return dx
    }

    public func conv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: input.shape, window: Array(filterShape[0..<2]), p)
        let o = filterShape[3], groups = p.groups, cg = filterShape[2], og = o / groups
        if let s = directConvShape(input: input.shape, filter: filterShape, p) {
            let dw = empty(filterShape, .float32)
            directConvBackwardFilter(f(dy), input: f(input), s, into: f(dw))
            return dw
        }
        let dw = full(0, shape: filterShape, dtype: .float32)
        let pdy = UnsafePointer(f(dy)), px = UnsafePointer(f(input)), pdw = f(dw)
        if g.isPointwise {
            sgemm(true, false, m: g.c, n: o, k: g.n * g.h * g.w, px, lda: g.c, pdy, ldb: o, beta: 0, pdw, ldc: o)
            return dw
        }
        CPUBackend.forEachColumnChunk(g, channelsPerGroup: cg, groups: groups) { images, rows, group, width, cols in
            CPUBackend.im2col(px, g, images: images, channels: group * cg, cg, into: cols)
            sgemm(true, false, m: width, n: og, k: rows, UnsafePointer(cols), lda: width,
                  pdy + images.lowerBound * g.rowsPerImage * o + group * og, ldb: o, beta: 1, pdw + group * og, ldc: o)
        }
        return dw
    }
}
