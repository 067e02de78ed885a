// Composite definitions of convolution, pooling and batch normalization, from the primitives
// (pad, strided slice and its adjoint, concat, matmul, reductions). Any backend is correct with
// these; the CPU backend replaces them with im2col + sgemm and direct loops.

extension Backend {
    public func conv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor { compositeConv2d(x, filter: filter, p) }
    public func conv2dBiasActivation(_ x: Tensor, filter: Tensor, bias: Tensor?, relu: Bool, _ p: ConvolutionParameters) -> Tensor {
        compositeConv2dBiasActivation(x, filter: filter, bias: bias, relu: relu, p)
    }
    /// The composite definition of `conv2dBiasActivation`: this backend's conv2d, add, relu.
    public func compositeConv2dBiasActivation(_ x: Tensor, filter: Tensor, bias: Tensor?, relu: Bool, _ p: ConvolutionParameters) -> Tensor {
        var y = conv2d(x, filter: filter, p)
        if let bias { y = binary(.add, y, bias) }
        return relu ? unary(.relu, y) : y
    }
    public func conv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositeConv2dBackwardInput(dy, filter: filter, inputShape: inputShape, p)
    }
    public func conv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositeConv2dBackwardFilter(dy, input: input, filterShape: filterShape, p)
    }
    public func depthwiseConv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor { compositeDepthwiseConv2d(x, filter: filter, p) }
    public func depthwiseConv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositeDepthwiseConv2dBackwardInput(dy, filter: filter, inputShape: inputShape, p)
    }
    public func depthwiseConv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositeDepthwiseConv2dBackwardFilter(dy, input: input, filterShape: filterShape, p)
    }
    public func pool2d(_ x: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositePool2d(x, kind: kind, window: window, p)
    }
    public func pool2dBackward(_ dy: Tensor, input x: Tensor, output y: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor {
        compositePool2dBackward(dy, input: x, output: y, kind: kind, window: window, p)
    }
    public func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        compositeBatchNormTraining(x, gamma: gamma, beta: beta, epsilon: epsilon)
    }
    public func batchNormTrainingBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor,
                                          epsilon: Float) -> (Tensor, Tensor, Tensor) {
        compositeBatchNormTrainingBackward(dy, input: x, gamma: gamma, mean: mean, variance: variance, epsilon: epsilon)
    }

    // MARK: Windows

    /// The padded input's window at offset (kh, kw): `[N, OH, OW, C]`.
    func window(_ padded: Tensor, _ kh: Int, _ kw: Int, out: [Int], _ p: ConvolutionParameters) -> Tensor {
        let s = padded.shape
        return slice(padded, start: [0, kh * p.dilation[0], kw * p.dilation[1], 0], shape: [s[0], out[0], out[1], s[3]],
                     strides: [1, p.strides[0], p.strides[1], 1])
    }

    func padSpatial(_ x: Tensor, _ p: ConvolutionParameters, value: Float) -> Tensor {
        if p.padding.allSatisfy({ $0 == 0 }) { return x }
        return pad(x, before: [0, p.padding[0], p.padding[2], 0], after: [0, p.padding[1], p.padding[3], 0], value: value)
    }

    func paddedShape(_ s: [Int], _ p: ConvolutionParameters) -> [Int] {
        [s[0], s[1] + p.padding[0] + p.padding[1], s[2] + p.padding[2] + p.padding[3], s[3]]
    }

    /// im2col: `[N·OH·OW, KH·KW·C]` with columns ordered (kh, kw, c).
    func columns(_ x: Tensor, window: [Int], out: [Int], _ p: ConvolutionParameters) -> Tensor {
        let padded = padSpatial(x, p, value: 0)
        var pieces: [Tensor] = []
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                pieces.append(self.window(padded, kh, kw, out: out, p).rawReshaped([x.shape[0], out[0], out[1], 1, x.shape[3]]))
            }
        }
        let stacked = pieces.count == 1 ? pieces[0] : concat(pieces, axis: 3)
        return stacked.rawReshaped([x.shape[0] * out[0] * out[1], window[0] * window[1] * x.shape[3]])
    }

    /// The adjoint of `columns`: scatters `[N·OH·OW, KH·KW·C]` back onto an input of `shape`.
    func uncolumns(_ cols: Tensor, shape: [Int], window: [Int], out: [Int], _ p: ConvolutionParameters) -> Tensor {
        let n = shape[0], c = shape[3], padded = paddedShape(shape, p)
        let grid = cols.rawReshaped([n, out[0], out[1], window[0] * window[1], c])
        var total: Tensor? = nil
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let k = kh * window[1] + kw
                let piece = slice(grid, start: [0, 0, 0, k, 0], shape: [n, out[0], out[1], 1, c], strides: [1, 1, 1, 1, 1])
                    .rawReshaped([n, out[0], out[1], c])
                let placed = unslice(piece, inputShape: padded, start: [0, kh * p.dilation[0], kw * p.dilation[1], 0],
                                     strides: [1, p.strides[0], p.strides[1], 1])
                total = total.map { binary(.add, $0, placed) } ?? placed
            }
        }
        let sum = total ?? full(0, shape: padded, dtype: .float32)
        return slice(sum, start: [0, p.padding[0], p.padding[2], 0], shape: shape, strides: [1, 1, 1, 1])
    }

    func channelSlice(_ t: Tensor, _ g: Int, _ width: Int) -> Tensor {
        var start = [Int](repeating: 0, count: t.rank), size = t.shape
        start[t.rank - 1] = g * width
        size[t.rank - 1] = width
        return slice(t, start: start, shape: size, strides: [Int](repeating: 1, count: t.rank))
    }

    // MARK: Convolution

    public func compositeConv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filter.shape[0..<2]), out = p.outputSize(input: Array(x.shape[1..<3]), window: window)
        let g = p.groups, cg = filter.shape[2], og = filter.shape[3] / g
        let cols = columns(x, window: window, out: out, p).rawReshaped([x.shape[0] * out[0] * out[1], window[0] * window[1], x.shape[3]])
        var results: [Tensor] = []
        for group in 0..<g {
            let colsG = channelSlice(cols, group, cg).rawReshaped([cols.shape[0], window[0] * window[1] * cg])
            let filterG = channelSlice(filter, group, og).rawReshaped([window[0] * window[1] * cg, og])
            results.append(matmul(colsG, filterG, transposeA: false, transposeB: false))
        }
        let y = results.count == 1 ? results[0] : concat(results, axis: 1)
        return y.rawReshaped([x.shape[0], out[0], out[1], filter.shape[3]])
    }

    public func compositeConv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filter.shape[0..<2]), out = [dy.shape[1], dy.shape[2]]
        let g = p.groups, cg = filter.shape[2], og = filter.shape[3] / g, m = dy.shape[0] * out[0] * out[1]
        let dy2 = dy.rawReshaped([m, filter.shape[3]])
        var pieces: [Tensor] = []
        for group in 0..<g {
            let filterG = channelSlice(filter, group, og).rawReshaped([window[0] * window[1] * cg, og])
            let d = matmul(channelSlice(dy2, group, og), filterG, transposeA: false, transposeB: true)
            pieces.append(d.rawReshaped([m, window[0] * window[1], cg]))
        }
        let dcols = (pieces.count == 1 ? pieces[0] : concat(pieces, axis: 2)).rawReshaped([m, window[0] * window[1] * inputShape[3]])
        return uncolumns(dcols, shape: inputShape, window: window, out: out, p)
    }

    public func compositeConv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filterShape[0..<2]), out = [dy.shape[1], dy.shape[2]]
        let g = p.groups, cg = filterShape[2], og = filterShape[3] / g, m = dy.shape[0] * out[0] * out[1]
        let cols = columns(input, window: window, out: out, p).rawReshaped([m, window[0] * window[1], input.shape[3]])
        let dy2 = dy.rawReshaped([m, filterShape[3]])
        var pieces: [Tensor] = []
        for group in 0..<g {
            let colsG = channelSlice(cols, group, cg).rawReshaped([m, window[0] * window[1] * cg])
            pieces.append(matmul(colsG, channelSlice(dy2, group, og), transposeA: true, transposeB: false)
                .rawReshaped([window[0], window[1], cg, og]))
        }
        return pieces.count == 1 ? pieces[0] : concat(pieces, axis: 3)
    }

    // MARK: Depthwise convolution

    public func compositeDepthwiseConv2d(_ x: Tensor, filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filter.shape[0..<2]), out = p.outputSize(input: Array(x.shape[1..<3]), window: window)
        let n = x.shape[0], c = x.shape[3], m = filter.shape[3]
        let padded = padSpatial(x, p, value: 0)
        var total: Tensor? = nil
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let patch = self.window(padded, kh, kw, out: out, p).rawReshaped([n, out[0], out[1], c, 1])
                let f = slice(filter, start: [kh, kw, 0, 0], shape: [1, 1, c, m], strides: [1, 1, 1, 1]).rawReshaped([c, m])
                let term = binary(.mul, patch, f)
                total = total.map { binary(.add, $0, term) } ?? term
            }
        }
        let y = total ?? full(0, shape: [n, out[0], out[1], c, m], dtype: .float32)
        return y.rawReshaped([n, out[0], out[1], c * m])
    }

    public func compositeDepthwiseConv2dBackwardInput(_ dy: Tensor, filter: Tensor, inputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filter.shape[0..<2]), out = [dy.shape[1], dy.shape[2]]
        let n = inputShape[0], c = inputShape[3], m = filter.shape[3]
        let dy5 = dy.rawReshaped([n, out[0], out[1], c, m])
        var pieces: [Tensor] = []
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let f = slice(filter, start: [kh, kw, 0, 0], shape: [1, 1, c, m], strides: [1, 1, 1, 1]).rawReshaped([c, m])
                pieces.append(reduce(.sum, binary(.mul, dy5, f), axes: [4]).rawReshaped([n * out[0] * out[1], 1, c]))
            }
        }
        let cols = (pieces.count == 1 ? pieces[0] : concat(pieces, axis: 1)).rawReshaped([n * out[0] * out[1], window[0] * window[1] * c])
        return uncolumns(cols, shape: inputShape, window: window, out: out, p)
    }

    public func compositeDepthwiseConv2dBackwardFilter(_ dy: Tensor, input: Tensor, filterShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let window = Array(filterShape[0..<2]), out = [dy.shape[1], dy.shape[2]]
        let n = input.shape[0], c = input.shape[3], m = filterShape[3]
        let padded = padSpatial(input, p, value: 0)
        let dy5 = dy.rawReshaped([n, out[0], out[1], c, m])
        var pieces: [Tensor] = []
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let patch = self.window(padded, kh, kw, out: out, p).rawReshaped([n, out[0], out[1], c, 1])
                pieces.append(reduce(.sum, binary(.mul, patch, dy5), axes: [0, 1, 2]).rawReshaped([1, c, m]))
            }
        }
        return (pieces.count == 1 ? pieces[0] : concat(pieces, axis: 0)).rawReshaped(filterShape)
    }

    // MARK: Pooling

    /// How many input cells (not padding) each output window covers: `[1, OH, OW, 1]`.
    func windowCounts(_ shape: [Int], window: [Int], out: [Int], _ p: ConvolutionParameters) -> Tensor {
        let ones = full(1, shape: [1, shape[1], shape[2], 1], dtype: .float32)
        let padded = padSpatial(ones, p, value: 0)
        var total: Tensor? = nil
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let w = self.window(padded, kh, kw, out: out, p)
                total = total.map { binary(.add, $0, w) } ?? w
            }
        }
        return total ?? full(0, shape: [1, out[0], out[1], 1], dtype: .float32)
    }

    public func compositePool2d(_ x: Tensor, kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor {
        let out = p.outputSize(input: Array(x.shape[1..<3]), window: window)
        let padded = padSpatial(x, p, value: kind == .max ? -.infinity : 0)
        var total: Tensor? = nil
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                let w = self.window(padded, kh, kw, out: out, p)
                total = total.map { binary(kind == .max ? .maximum : .add, $0, w) } ?? w
            }
        }
        let y = total ?? full(0, shape: [x.shape[0], out[0], out[1], x.shape[3]], dtype: .float32)
        return kind == .max ? y : binary(.div, y, windowCounts(x.shape, window: window, out: out, p))
    }

    /// Max pooling sends each output's gradient to the first maximum of its window (scanning rows
    /// then columns), as TensorFlow does.
    public func compositePool2dBackward(_ dy: Tensor, input x: Tensor, output y: Tensor, kind: PoolKind, window: [Int],
                                        _ p: ConvolutionParameters) -> Tensor {
        let out = [dy.shape[1], dy.shape[2]], padded = paddedShape(x.shape, p)
        let px = padSpatial(x, p, value: kind == .max ? -.infinity : 0)
        let share = kind == .average ? binary(.div, dy, windowCounts(x.shape, window: window, out: out, p)) : dy
        var taken = full(0, shape: dy.shape, dtype: .bool)
        var total: Tensor? = nil
        for kh in 0..<window[0] {
            for kw in 0..<window[1] {
                var g = share
                if kind == .max {
                    let hit = binary(.logicalAnd, binary(.equal, self.window(px, kh, kw, out: out, p), y), unary(.logicalNot, taken))
                    taken = binary(.logicalOr, taken, hit)
                    g = select(hit, dy, full(0, shape: [], dtype: .float32))
                }
                let placed = unslice(g, inputShape: padded, start: [0, kh * p.dilation[0], kw * p.dilation[1], 0],
                                     strides: [1, p.strides[0], p.strides[1], 1])
                total = total.map { binary(.add, $0, placed) } ?? placed
            }
        }
        let sum = total ?? full(0, shape: padded, dtype: .float32)
        return slice(sum, start: [0, p.padding[0], p.padding[2], 0], shape: x.shape, strides: [1, 1, 1, 1])
    }

    // MARK: Batch normalization

    public func compositeBatchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let axes = Array(0..<(x.rank - 1))
        let mean = reduce(.mean, x, axes: axes)
        let centered = binary(.sub, x, mean)
        let variance = reduce(.mean, binary(.mul, centered, centered), axes: axes)
        let inv = unary(.rsqrt, binary(.add, variance, scalar(epsilon)))
        let y = binary(.add, binary(.mul, binary(.mul, centered, inv), gamma), beta)
        return (y, mean, variance)
    }

    public func compositeBatchNormTrainingBackward(_ dy: Tensor, input x: Tensor, gamma: Tensor, mean: Tensor, variance: Tensor,
                                                   epsilon: Float) -> (Tensor, Tensor, Tensor) {
        let axes = Array(0..<(x.rank - 1))
        let n = Float(x.count / max(x.shape[x.rank - 1], 1))
        let inv = unary(.rsqrt, binary(.add, variance, scalar(epsilon)))
        let xhat = binary(.mul, binary(.sub, x, mean), inv)
        let dBeta = reduce(.sum, dy, axes: axes)
        let dGamma = reduce(.sum, binary(.mul, dy, xhat), axes: axes)
        // dx = γ·inv/N · (N·dy − Σdy − x̂·Σ(dy·x̂))
        let inner = binary(.sub, binary(.sub, binary(.mul, dy, scalar(n)), dBeta), binary(.mul, xhat, dGamma))
        let dx = binary(.mul, inner, binary(.div, binary(.mul, gamma, inv), scalar(n)))
        return (dx, dGamma, dBeta)
    }
}
