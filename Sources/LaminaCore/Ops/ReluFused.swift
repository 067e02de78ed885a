// Ops that end in a ReLU, with their backward rules: a Functional graph runs a
// BatchNormalization or Add layer and the ReLU layer after it as one of these, so the
// activations are written once. Each gradient first masks by the output (`y > 0` exactly where
// the op's result before the ReLU is), then runs the op's own rule.

extension Tensor {
    /// Batch normalization with batch statistics (see ``batchNormalized(gamma:beta:epsilon:)``),
    /// then ReLU when `relu`; the mean and variance are those of `self`.
    public func batchNormalized(gamma: Tensor, beta: Tensor, epsilon: Float, relu: Bool) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        guard relu else { return batchNormalized(gamma: gamma, beta: beta, epsilon: epsilon) }
        precondition(rank >= 2 && gamma.shape == [shape[rank - 1]] && beta.shape == gamma.shape,
                     "batchNormalized: gamma/beta \(ShapeMath.describe(gamma.shape)) do not match input \(ShapeMath.describe(shape))")
        let (y, mean, variance) = backend.batchNormTraining(self, gamma: gamma, beta: beta, epsilon: epsilon, relu: true)
        let xd = detached(), yd = y.detached(), gd = gamma.detached(), md = mean.detached(), vd = variance.detached()
        let out = Tensor.record("batchNormRelu", y, inputs: [self, gamma, beta]) { g, _ in
            let gz = g.backend.reluBackward(g, input: yd)
            let (dx, dg, db) = g.backend.batchNormTrainingBackward(gz, input: xd, gamma: gd, mean: md, variance: vd, epsilon: epsilon)
            return [dx, dg, db]
        }
        return (out, mean.detached(), variance.detached())
    }

    /// `self·scale + shift` with per-channel `scale` and `shift` (`[C]`, the last axis), then ReLU
    /// when `relu`: batch normalization at inference in one pass.
    public func channelAffine(scale: Tensor, shift: Tensor, relu: Bool) -> Tensor {
        let c = shape.last ?? 0
        precondition(rank >= 1 && scale.shape == [c] && shift.shape == [c],
                     "channelAffine: scale \(ShapeMath.describe(scale.shape)) and shift \(ShapeMath.describe(shift.shape)) must be [\(c)]")
        let y = backend.channelAffine(self, scale: scale, shift: shift, relu: relu)
        let xd = detached(), yd = y.detached(), sd = scale.detached()
        return Tensor.record(relu ? "channelAffineRelu" : "channelAffine", y, inputs: [self, scale, shift]) { g, needs in
            let b = g.backend, gz = relu ? b.reluBackward(g, input: yd) : g
            let lead = Array(0..<(gz.rank - 1))
            return [needs[0] ? b.binary(.mul, gz, sd) : nil,
                    needs[1] ? b.reduce(.sum, b.binary(.mul, gz, xd), axes: lead) : nil,
                    needs[2] ? b.reduce(.sum, gz, axes: lead) : nil]
        }
    }

    /// `max(self + other, 0)` for tensors of one shape.
    public func addingRelu(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape && dtype == .float32 && other.dtype == .float32,
                     "addingRelu: needs float32 tensors of one shape, got \(ShapeMath.describe(shape)) and \(ShapeMath.describe(other.shape))")
        let y = backend.addRelu(self, other)
        let yd = y.detached()
        return Tensor.record("addRelu", y, inputs: [self, other]) { g, _ in
            let gz = g.backend.reluBackward(g, input: yd)
            return [gz, gz]
        }
    }
}
