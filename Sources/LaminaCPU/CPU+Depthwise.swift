import LaminaCore

/// Depthwise convolution as direct loops (GEMM does not pay off with one input channel per
/// filter), threaded over output rows; the backward passes thread over images (input gradient)
/// and channels (filter gradient) so no two threads write the same element.
extension CPUBackend {
    public func depthwiseConv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: x.shape, window: Array(filter.shape[0..<2]), p)
        let m = filter.shape[3], co = g.c * m
        let out = full(0, shape: [g.n, g.oh, g.ow, co], dtype: .float32)
        let px = f(x), pf = f(filter), py = f(out)
        Parallel.forEach(g.n * g.oh, grain: max(1, 4096 / max(g.ow * co, 1))) { rows in
            for r in rows {
                let n = r / g.oh, oy = r % g.oh
                for ox in 0..<g.ow {
                    let dst = py + ((n * g.oh + oy) * g.ow + ox) * co
                    for ky in 0..<g.kh {
                        let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                        if iy < 0 || iy >= g.h { continue }
                        for kx in 0..<g.kw {
                            let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                            if ix < 0 || ix >= g.w { continue }
                            let src = px + ((n * g.h + iy) * g.w + ix) * g.c
                            let fk = pf + (ky * g.kw + kx) * co
                            if m == 1 {
                                for c in 0..<g.c { dst[c] += src[c] * fk[c] }
                            } else {
                                for c in 0..<g.c { let v = src[c]; for j in 0..<m { dst[c * m + j] += v * fk[c * m + j] } }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    public func depthwiseConv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: inputShape, window: Array(filter.shape[0..<2]), p)
        let m = filter.shape[3], co = g.c * m
        let dx = full(0, shape: inputShape, dtype: .float32)
        let pdy = f(dy), pf = f(filter), pdx = f(dx)
        Parallel.forEach(g.n, grain: 1) { images in
            for n in images {
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        let src = pdy + ((n * g.oh + oy) * g.ow + ox) * co
                        for ky in 0..<g.kh {
                            let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                            if iy < 0 || iy >= g.h { continue }
                            for kx in 0..<g.kw {
                                let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                                if ix < 0 || ix >= g.w { continue }
                                let d = pdx + ((n * g.h + iy) * g.w + ix) * g.c
                                let fk = pf + (ky * g.kw + kx) * co
                                if m == 1 {
                                    for c in 0..<g.c { d[c] += src[c] * fk[c] }
                                } else {
                                    for c in 0..<g.c { var s: Float = 0; for j in 0..<m { s += src[c * m + j] * fk[c * m + j] }; d[c] += s }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }

    public func depthwiseConv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: input.shape, window: Array(filterShape[0..<2]), p)
        let m = filterShape[3], co = g.c * m
        let dw = full(0, shape: filterShape, dtype: .float32)
        let pdy = f(dy), px = f(input), pdw = f(dw)
        // Each thread owns a block of channels and accumulates their filter taps.
        let block = 16
        Parallel.forEach((g.c + block - 1) / block, grain: 1) { blocks in
            for b in blocks {
                let c0 = b * block, c1 = Swift.min(g.c, c0 + block)
                for n in 0..<g.n {
                    for oy in 0..<g.oh {
                        for ox in 0..<g.ow {
                            let src = pdy + ((n * g.oh + oy) * g.ow + ox) * co
                            for ky in 0..<g.kh {
                                let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                                if iy < 0 || iy >= g.h { continue }
                                for kx in 0..<g.kw {
                                    let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                                    if ix < 0 || ix >= g.w { continue }
                                    let xv = px + ((n * g.h + iy) * g.w + ix) * g.c
                                    let d = pdw + (ky * g.kw + kx) * co
                                    for c in c0..<c1 { let v = xv[c]; for j in 0..<m { d[c * m + j] += v * src[c * m + j] } }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dw
    }
}
