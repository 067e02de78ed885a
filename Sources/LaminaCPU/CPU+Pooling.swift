import CLaminaCPU
import LaminaCore

/// Max and average pooling over NHWC tensors as direct loops, threaded over output rows
/// (forward) and images (backward). Padded cells never win a max and are not counted in an
/// average; the max gradient goes to the first maximum of each window. Max pooling with
/// non-overlapping windows (Keras's default: strides = pool size, "valid") runs the C kernels of
/// pool.c, both directions threaded over output rows.
extension CPUBackend {
    /// The shape for pool.c when `kind`/`window`/`p` is max pooling with non-overlapping windows.
    func nonOverlappingMaxPool(_ inputShape: [Int], kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> lamina_pool_shape? {
        guard kind == .max, p.strides == window, p.dilation == [1, 1], p.padding.allSatisfy({ $0 == 0 }) else { return nil }
        let g = ConvGeometry(input: inputShape, window: window, p)
        guard g.oh > 0, g.ow > 0, g.c > 0 else { return nil }
        return lamina_pool_shape(h: g.h, w: g.w, c: g.c, kh: g.kh, kw: g.kw, oh: g.oh, ow: g.ow)
    }

    public func pool2d(_ x: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: x.shape, window: window, p)
        let out = empty([g.n, g.oh, g.ow, g.c], .float32)
        let px = f(x), py = f(out)
        if let shape = nonOverlappingMaxPool(x.shape, kind: kind, window: window, p) {
            withUnsafePointer(to: shape) { s in
                Parallel.forEach(g.n * g.oh, grain: Swift.max(1, 16_384 / (g.ow * g.c * g.kh * g.kw))) { r in
                    lamina_maxpool_forward(px, py, s, r.lowerBound, r.upperBound)
                }
            }
            return out
        }
        Parallel.forEach(g.n * g.oh, grain: max(1, 4096 / max(g.ow * g.c, 1))) { rows in
            for r in rows {
                let n = r / g.oh, oy = r % g.oh
                for ox in 0..<g.ow {
                    let dst = py + ((n * g.oh + oy) * g.ow + ox) * g.c
                    dst.update(repeating: kind == .max ? -.infinity : 0, count: g.c)
                    var count = 0
                    for ky in 0..<g.kh {
                        let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                        if iy < 0 || iy >= g.h { continue }
                        for kx in 0..<g.kw {
                            let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                            if ix < 0 || ix >= g.w { continue }
                            count += 1
                            let src = px + ((n * g.h + iy) * g.w + ix) * g.c
                            if kind == .max {
                                for c in 0..<g.c { let v = src[c]; if v > dst[c] || v.isNaN { dst[c] = v } }
                            } else {
                                for c in 0..<g.c { dst[c] += src[c] }
                            }
                        }
                    }
                    if kind == .average {
                        let inv: Float = count > 0 ? 1 / Float(count) : .nan
                        for c in 0..<g.c { dst[c] *= inv }
                    }
                }
            }
        }
        return out
    }

    public func pool2dBackward(_ dy: Tensor, input x: Tensor, output y: Tensor, kind: PoolKind, window: [Int],
                               _ p: ConvolutionParameters) -> Tensor {
        let g = ConvGeometry(input: x.shape, window: window, p)
        if let shape = nonOverlappingMaxPool(x.shape, kind: kind, window: window, p) {
            let dx = empty(x.shape, .float32)
            let px = f(x), py = f(y), pdy = f(dy), pdx = f(dx)
            withUnsafePointer(to: shape) { s in
                Parallel.forEach(g.n * g.oh, grain: Swift.max(1, 16_384 / (g.ow * g.c * g.kh * g.kw))) { r in
                    lamina_maxpool_backward(px, py, pdy, pdx, s, r.lowerBound, r.upperBound)
                }
            }
            return dx
        }
        let dx = full(0, shape: x.shape, dtype: .float32)
        let px = f(x), py = f(y), pdy = f(dy), pdx = f(dx)
        Parallel.forEach(g.n, grain: 1) { images in
            var taken = [Bool](repeating: false, count: g.c)
            for n in images {
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        let o = ((n * g.oh + oy) * g.ow + ox) * g.c
                        var count = 0
                        if kind == .average {
                            for ky in 0..<g.kh {
                                let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                                guard iy >= 0 && iy < g.h else { continue }
                                for kx in 0..<g.kw {
                                    let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                                    if ix >= 0 && ix < g.w { count += 1 }
                                }
                            }
                        } else {
                            for c in 0..<g.c { taken[c] = false }
                        }
                        let inv: Float = count > 0 ? 1 / Float(count) : 0
                        for ky in 0..<g.kh {
                            let iy = oy * p.strides[0] + ky * p.dilation[0] - p.padding[0]
                            if iy < 0 || iy >= g.h { continue }
                            for kx in 0..<g.kw {
                                let ix = ox * p.strides[1] + kx * p.dilation[1] - p.padding[2]
                                if ix < 0 || ix >= g.w { continue }
                                let i = ((n * g.h + iy) * g.w + ix) * g.c
                                if kind == .max {
                                    for c in 0..<g.c where !taken[c] && px[i + c] == py[o + c] {
                                        taken[c] = true
                                        pdx[i + c] += pdy[o + c]
                                    }
                                } else {
                                    for c in 0..<g.c { pdx[i + c] += pdy[o + c] * inv }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
