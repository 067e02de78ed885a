/// Default bodies of the fused ops, built from the primitives. A backend that does not override a
/// fused op gets this; it is correct, only slower. The CPU backend overrides them with kernels.
extension Backend {
    func scalar(_ v: Float, _ dtype: DType = .float32) -> Tensor { full(v, shape: [], dtype: dtype) }

    func keepingDims(_ x: Tensor, reducedFrom shape: [Int], axis: Int) -> Tensor {
        var s = shape
        s[axis] = 1
        return x.rawReshaped(s)
    }

    /// One-hot float rows `[N, C]` for int32 class ids `[N]`.
    func oneHotRows(_ labels: Tensor, classes: Int) -> Tensor {
        let ids = (0..<Int32(classes)).map { $0 }
        let range = ids.withUnsafeBufferPointer { makeTensor(ints: $0, shape: [1, classes], dtype: .int32) }
        let eq = binary(.equal, labels.rawReshaped([labels.count, 1]), range)
        return cast(eq, to: .float32)
    }

    public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        return compositeLinear(x, weight: weight, bias: bias)
    }

    /// The composite definition of `linear`, for backends that override it only for some inputs.
    public func compositeLinear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let inputs = weight.shape[0], units = weight.shape[1]
        let rows = x.rawReshaped([x.count / max(inputs, 1), inputs])
        var y = matmul(rows, weight, transposeA: false, transposeB: false)
        if let bias { y = binary(.add, y, bias) }
        return y.rawReshaped(Array(x.shape.dropLast()) + [units])
    }

    public func linearBackward(_ dy: Tensor, x: Tensor, weight: Tensor, hasBias: Bool) -> (Tensor, Tensor, Tensor?) {
        return compositeLinearBackward(dy, x: x, weight: weight, hasBias: hasBias)
    }

    /// The composite definition of `linearBackward`, for backends that override it only for some inputs.
    public func compositeLinearBackward(_ dy: Tensor, x: Tensor, weight: Tensor, hasBias: Bool) -> (Tensor, Tensor, Tensor?) {
        let inputs = weight.shape[0], units = weight.shape[1]
        let rows = x.count / max(inputs, 1)
        let dy2 = dy.rawReshaped([rows, units]), x2 = x.rawReshaped([rows, inputs])
        let dx = matmul(dy2, weight, transposeA: false, transposeB: true).rawReshaped(x.shape)
        let dw = matmul(x2, dy2, transposeA: true, transposeB: false)
        let db = hasBias ? reduce(.sum, dy2, axes: [0]) : nil
        return (dx, dw, db)
    }

    public func softmax(_ x: Tensor, axis: Int) -> Tensor {
        return compositeSoftmax(x, axis: axis)
    }

    /// The composite definition of `softmax`, for backends that override it only for some inputs.
    public func compositeSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        let m = keepingDims(reduce(.max, x, axes: [axis]), reducedFrom: x.shape, axis: axis)
        let e = unary(.exp, binary(.sub, x, m))
        let s = keepingDims(reduce(.sum, e, axes: [axis]), reducedFrom: x.shape, axis: axis)
        return binary(.div, e, s)
    }

    public func softmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        return compositeSoftmaxBackward(dy, output: y, axis: axis)
    }

    /// The composite definition of `softmaxBackward`, for backends that override it only for some inputs.
    public func compositeSoftmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        let dot = keepingDims(reduce(.sum, binary(.mul, dy, y), axes: [axis]), reducedFrom: y.shape, axis: axis)
        return binary(.mul, y, binary(.sub, dy, dot))
    }

    public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        return compositeLogSoftmax(x, axis: axis)
    }

    /// The composite definition of `logSoftmax`, for backends that override it only for some inputs.
    public func compositeLogSoftmax(_ x: Tensor, axis: Int) -> Tensor {
        let m = keepingDims(reduce(.max, x, axes: [axis]), reducedFrom: x.shape, axis: axis)
        let shifted = binary(.sub, x, m)
        let s = reduce(.sum, unary(.exp, shifted), axes: [axis])
        return binary(.sub, shifted, keepingDims(unary(.log, s), reducedFrom: x.shape, axis: axis))
    }

    public func logSoftmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        return compositeLogSoftmaxBackward(dy, output: y, axis: axis)
    }

    /// The composite definition of `logSoftmaxBackward`, for backends that override it only for some inputs.
    public func compositeLogSoftmaxBackward(_ dy: Tensor, output y: Tensor, axis: Int) -> Tensor {
        let s = keepingDims(reduce(.sum, dy, axes: [axis]), reducedFrom: y.shape, axis: axis)
        return binary(.sub, dy, binary(.mul, unary(.exp, y), s))
    }

    public func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> (loss: Tensor, probabilities: Tensor) {
        return compositeSoftmaxCrossEntropy(logits: logits, labels: labels)
    }

    /// The composite definition of `softmaxCrossEntropy`, for backends that override it only for some inputs.
    public func compositeSoftmaxCrossEntropy(logits: Tensor, labels: Tensor) -> (loss: Tensor, probabilities: Tensor) {
        let ls = logSoftmax(logits, axis: 1)
        let target = labels.dtype == .float32 ? labels : oneHotRows(labels, classes: logits.shape[1])
        let loss = unary(.neg, reduce(.sum, binary(.mul, target, ls), axes: [1]))
        return (loss, unary(.exp, ls))
    }

    public func softmaxCrossEntropyBackward(_ dLoss: Tensor, probabilities p: Tensor, labels: Tensor) -> Tensor {
        return compositeSoftmaxCrossEntropyBackward(dLoss, probabilities: p, labels: labels)
    }

    /// The composite definition of `softmaxCrossEntropyBackward`, for backends that override it only for some inputs.
    public func compositeSoftmaxCrossEntropyBackward(_ dLoss: Tensor, probabilities p: Tensor, labels: Tensor) -> Tensor {
        let n = p.shape[0]
        let target: Tensor, mass: Tensor
        if labels.dtype == .float32 {
            target = labels
            mass = reduce(.sum, labels, axes: [1]).rawReshaped([n, 1])
        } else {
            target = oneHotRows(labels, classes: p.shape[1])
            mass = scalar(1)
        }
        let g = binary(.sub, binary(.mul, p, mass), target)
        return binary(.mul, g, dLoss.rawReshaped([n, 1]))
    }

    public func reluBackward(_ dy: Tensor, input x: Tensor) -> Tensor { compositeReluBackward(dy, input: x) }

    /// The composite definition of `reluBackward`.
    public func compositeReluBackward(_ dy: Tensor, input x: Tensor) -> Tensor {
        binary(.mul, dy, cast(binary(.greater, x, scalar(0)), to: .float32))
    }
}
