// Reductions over axes (with `keepDims`), arg-reductions and their backward rules.

extension Tensor {
    /// Reduces over `axes` (all axes when nil). Axes may be negative.
    public func reduce(_ op: ReduceOp, axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        precondition(dtype != .bool || op == .max || op == .min, "\(op.rawValue): cannot reduce a bool tensor; cast it first")
        precondition(op != .mean || dtype == .float32, "mean: needs a float32 tensor, got \(dtype)")
        let ax = ShapeMath.normalizeAxes(axes, rank: rank, op: op.rawValue)
        let keptShape = ShapeMath.reducedShape(shape, axes: ax, keepDims: true)
        let outShape = ShapeMath.reducedShape(shape, axes: ax, keepDims: keepDims)
        let y = backend.reduce(op, self, axes: ax).rawReshaped(outShape)
        guard dtype == .float32 else { return y }
        let x = detached(), yk = y.detached().rawReshaped(keptShape), inShape = shape
        let reducedCount = Float(ax.reduce(1) { $0 * inShape[$1] })
        return Tensor.record(op.rawValue, y, inputs: [self]) { g, _ in
            let gk = g.reshaped(keptShape)
            switch op {
            case .sum: return [gk.broadcast(to: inShape)]
            case .mean: return [(gk / reducedCount).broadcast(to: inShape)]
            case .max, .min:
                // The gradient is shared equally among tied extremes.
                let mask = x.equal(yk).cast(to: .float32)
                let ties = mask.sum(axes: ax, keepDims: true)
                return [gk * mask / ties]
            case .prod: return [gk * yk / x]
            }
        }
    }

    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.sum, axes: axes, keepDims: keepDims) }
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.mean, axes: axes, keepDims: keepDims) }
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.max, axes: axes, keepDims: keepDims) }
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.min, axes: axes, keepDims: keepDims) }
    public func prod(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.prod, axes: axes, keepDims: keepDims) }
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { reduce(.sum, axes: [axis], keepDims: keepDims) }
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { reduce(.mean, axes: [axis], keepDims: keepDims) }
    public func max(axis: Int, keepDims: Bool = false) -> Tensor { reduce(.max, axes: [axis], keepDims: keepDims) }
    public func min(axis: Int, keepDims: Bool = false) -> Tensor { reduce(.min, axes: [axis], keepDims: keepDims) }

    /// Population variance (divides by N, as `keras.ops.var` does).
    public func variance(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let mu = mean(axes: axes, keepDims: true)
        return (self - mu).squared().mean(axes: axes, keepDims: keepDims)
    }

    /// Population standard deviation.
    public func standardDeviation(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        variance(axes: axes, keepDims: keepDims).sqrt()
    }

    /// `log(Σ exp(x))` over `axes`, computed stably.
    public func logSumExp(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let m = noGrad { max(axes: axes, keepDims: true) }
        let s = (self - m).exp().sum(axes: axes, keepDims: true).log() + m
        let ax = ShapeMath.normalizeAxes(axes, rank: rank, op: "logSumExp")
        return keepDims ? s : s.reshaped(ShapeMath.reducedShape(shape, axes: ax, keepDims: false))
    }

    /// Index of the largest element along `axis` (int32; first one on ties).
    public func argmax(axis: Int = -1, keepDims: Bool = false) -> Tensor { argReduce(.argmax, axis: axis, keepDims: keepDims) }
    /// Index of the smallest element along `axis` (int32; first one on ties).
    public func argmin(axis: Int = -1, keepDims: Bool = false) -> Tensor { argReduce(.argmin, axis: axis, keepDims: keepDims) }

    func argReduce(_ op: ArgReduceOp, axis: Int, keepDims: Bool) -> Tensor {
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: op.rawValue)
        precondition(shape[a] > 0, "\(op.rawValue): axis \(axis) of shape \(ShapeMath.describe(shape)) is empty")
        let y = backend.argReduce(op, self, axis: a)
        return y.rawReshaped(ShapeMath.reducedShape(shape, axes: [a], keepDims: keepDims))
    }
}
