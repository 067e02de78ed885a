/// A penalty on a weight, added to the training loss (Keras `keras.regularizers`).
public protocol Regularizer: KerasObject {
    /// The penalty for `weight`: a scalar tensor.
    func callAsFunction(_ weight: Tensor) -> Tensor
}

/// A projection applied to a weight after each optimizer step (Keras `keras.constraints`).
public protocol Constraint: KerasObject {
    func callAsFunction(_ weight: Tensor) -> Tensor
}
