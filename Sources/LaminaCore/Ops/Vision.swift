// Convolution, pooling and batch normalization on NHWC tensors, with their backward rules.

extension Tensor {
    /// 2-D convolution (cross-correlation, as Keras): self `[N, H, W, C]`, filter
    /// `[KH, KW, C/groups, O]` → `[N, OH, OW, O]`.
    public func conv2d(filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        precondition(rank == 4 && filter.rank == 4, "conv2d: needs an NHWC input and a 4-D filter, got \(ShapeMath.describe(shape)) and \(ShapeMath.describe(filter.shape))")
        precondition(p.groups >= 1 && shape[3] == filter.shape[2] * p.groups && filter.shape[3] % p.groups == 0,
                     "conv2d: input channels \(shape[3]) do not match filter \(ShapeMath.describe(filter.shape)) with \(p.groups) group(s)")
        let y = backend.conv2d(self, filter: filter, p)
        let xd = detached(), fd = filter.detached(), inShape = shape, fShape = filter.shape
        return Tensor.record("conv2d", y, inputs: [self, filter]) { g, needs in
            [needs[0] ? g.backend.conv2dBackwardInput(g, filter: fd, inputShape: inShape, p) : nil,
             needs[1] ? g.backend.conv2dBackwardFilter(g, input: xd, filterShape: fShape, p) : nil]
        }
    }

    /// `conv2d` plus a per-channel `bias` `[O]`, then ReLU when `relu`, as one op: the backend
    /// writes the output once (``Backend/conv2dBiasActivation(_:filter:bias:relu:_:)``). The
    /// gradient masks by the output (`y > 0` exactly where the pre-activation is), then runs the
    /// convolution's two gradients and sums over all but the channels for the bias.
    public func conv2d(filter: Tensor, bias: Tensor?, relu: Bool, _ p: ConvolutionParameters) -> Tensor {
        precondition(rank == 4 && filter.rank == 4, "conv2d: needs an NHWC input and a 4-D filter, got \(ShapeMath.describe(shape)) and \(ShapeMath.describe(filter.shape))")
        precondition(p.groups >= 1 && shape[3] == filter.shape[2] * p.groups && filter.shape[3] % p.groups == 0,
                     "conv2d: input channels \(shape[3]) do not match filter \(ShapeMath.describe(filter.shape)) with \(p.groups) group(s)")
        precondition(bias.map { $0.shape == [filter.shape[3]] } ?? true, "conv2d: bias must have shape [\(filter.shape[3])]")
        let y = backend.conv2dBiasActivation(self, filter: filter, bias: bias, relu: relu, p)
        let xd = detached(), fd = filter.detached(), yd = y.detached(), inShape = shape, fShape = filter.shape
        return Tensor.record(relu ? "conv2dBiasRelu" : "conv2dBias", y, inputs: [self, filter] + (bias.map { [$0] } ?? [])) { g, needs in
            let gz = relu ? g.backend.reluBackward(g, input: yd) : g
            var grads: [Tensor?] = [needs[0] ? gz.backend.conv2dBackwardInput(gz, filter: fd, inputShape: inShape, p) : nil,
                                    needs[1] ? gz.backend.conv2dBackwardFilter(gz, input: xd, filterShape: fShape, p) : nil]
            if needs.count > 2 { grads.append(needs[2] ? gz.backend.reduce(.sum, gz, axes: [0, 1, 2]) : nil) }
            return grads
        }
    }

    /// The transpose of `conv2d` (Keras `Conv2DTranspose`): self `[N, H, W, Cin]` is treated as the
    /// output gradient of a convolution with filter `[KH, KW, Cout, Cin]` producing `outputShape`.
    public func conv2dTranspose(filter: Tensor, outputShape: [Int], _ p: ConvolutionParameters) -> Tensor {
        let y = backend.conv2dBackwardInput(self, filter: filter, inputShape: outputShape, p)
        let xd = detached(), fd = filter.detached(), fShape = filter.shape
        return Tensor.record("conv2dTranspose", y, inputs: [self, filter]) { g, needs in
            [needs[0] ? g.backend.conv2d(g, filter: fd, p) : nil,
             needs[1] ? g.backend.conv2dBackwardFilter(xd, input: g, filterShape: fShape, p) : nil]
        }
    }

    /// Depthwise convolution: self `[N, H, W, C]`, filter `[KH, KW, C, M]` → `[N, OH, OW, C·M]`.
    public func depthwiseConv2d(filter: Tensor, _ p: ConvolutionParameters) -> Tensor {
        precondition(rank == 4 && filter.rank == 4 && filter.shape[2] == shape[3],
                     "depthwiseConv2d: input \(ShapeMath.describe(shape)) does not match filter \(ShapeMath.describe(filter.shape))")
        let y = backend.depthwiseConv2d(self, filter: filter, p)
        let xd = detached(), fd = filter.detached(), inShape = shape, fShape = filter.shape
        return Tensor.record("depthwiseConv2d", y, inputs: [self, filter]) { g, needs in
            [needs[0] ? g.backend.depthwiseConv2dBackwardInput(g, filter: fd, inputShape: inShape, p) : nil,
             needs[1] ? g.backend.depthwiseConv2dBackwardFilter(g, input: xd, filterShape: fShape, p) : nil]
        }
    }

    /// Max or average pooling over `window` of an NHWC tensor.
    public func pool2d(_ kind: PoolKind, window: [Int], _ p: ConvolutionParameters) -> Tensor {
        precondition(rank == 4 && window.count == 2, "pool2d: needs an NHWC input and a 2-D window, got \(ShapeMath.describe(shape))")
        let y = backend.pool2d(self, kind: kind, window: window, p)
        let xd = detached(), yd = y.detached()
        return Tensor.record(kind == .max ? "maxPool2d" : "avgPool2d", y, inputs: [self]) { g, _ in
            [g.backend.pool2dBackward(g, input: xd, output: yd, kind: kind, window: window, p)]
        }
    }

    /// Batch normalization with batch statistics over all axes but the last; returns the output
    /// and the batch mean and (population) variance, shape `[C]`.
    public func batchNormalized(gamma: Tensor, beta: Tensor, epsilon: Float) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        precondition(rank >= 2 && gamma.shape == [shape[rank - 1]] && beta.shape == gamma.shape,
                     "batchNormalized: gamma/beta \(ShapeMath.describe(gamma.shape)) do not match input \(ShapeMath.describe(shape))")
        let (y, mean, variance) = backend.batchNormTraining(self, gamma: gamma, beta: beta, epsilon: epsilon)
        let xd = detached(), gd = gamma.detached(), md = mean.detached(), vd = variance.detached()
        let out = Tensor.record("batchNorm", y, inputs: [self, gamma, beta]) { g, _ in
            let (dx, dg, db) = g.backend.batchNormTrainingBackward(g, input: xd, gamma: gd, mean: md, variance: vd, epsilon: epsilon)
            return [dx, dg, db]
        }
        return (out, mean.detached(), variance.detached())
    }
}
