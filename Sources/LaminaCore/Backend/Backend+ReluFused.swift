// Composite definitions of the ops that end in a ReLU (a Functional graph runs a
// BatchNormalization or Add layer and the ReLU after it as one of these): the op, then `relu`.

extension Backend {
    public func batchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float, relu: Bool) -> (Tensor, Tensor, Tensor) {
        compositeBatchNormTraining(x, gamma: gamma, beta: beta, epsilon: epsilon, relu: relu)
    }

    /// This backend's `batchNormTraining`, then `relu`.
    public func compositeBatchNormTraining(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float, relu: Bool) -> (Tensor, Tensor, Tensor) {
        let (y, mean, variance) = batchNormTraining(x, gamma: gamma, beta: beta, epsilon: epsilon)
        return (relu ? unary(.relu, y) : y, mean, variance)
    }

    public func channelAffine(_ x: Tensor, scale: Tensor, shift: Tensor, relu: Bool) -> Tensor {
        compositeChannelAffine(x, scale: scale, shift: shift, relu: relu)
    }

    /// `x·scale + shift`, then `relu`.
    public func compositeChannelAffine(_ x: Tensor, scale: Tensor, shift: Tensor, relu: Bool) -> Tensor {
        let y = binary(.add, binary(.mul, x, scale), shift)
        return relu ? unary(.relu, y) : y
    }

    public func addRelu(_ a: Tensor, _ b: Tensor) -> Tensor { compositeAddRelu(a, b) }

    /// `relu(a + b)`.
    public func compositeAddRelu(_ a: Tensor, _ b: Tensor) -> Tensor { unary(.relu, binary(.add, a, b)) }
}
