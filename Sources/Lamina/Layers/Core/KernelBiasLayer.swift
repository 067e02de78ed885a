import LaminaCore

/// A layer with a `kernel` weight, an optional `bias`, and Keras's initializer, regularizer and
/// constraint arguments for each (``Dense``, ``BaseConv``, ``Conv2DTranspose``).
protocol KernelBiasLayer: Layer {
    var useBias: Bool { get }
    var kernelInitializer: any Initializer { get }
    var biasInitializer: any Initializer { get }
    var kernelRegularizer: (any Regularizer)? { get }
    var biasRegularizer: (any Regularizer)? { get }
    var kernelConstraint: (any Constraint)? { get }
    var biasConstraint: (any Constraint)? { get }
}

extension KernelBiasLayer {
    /// Adds the `kernel` weight, of this shape.
    func addKernel(shape: [Int]) -> Variable {
        addWeight(name: "kernel", shape: shape, initializer: kernelInitializer, regularizer: kernelRegularizer, constraint: kernelConstraint)
    }

    /// Adds the `bias` weight, of this shape, when `useBias`.
    func addBias(shape: [Int]) -> Variable? {
        useBias ? addWeight(name: "bias", shape: shape, initializer: biasInitializer, regularizer: biasRegularizer, constraint: biasConstraint) : nil
    }

    /// The Keras config entries of the kernel and bias arguments (with `use_bias` and
    /// `activity_regularizer`, which Lamina leaves unset).
    var kernelBiasConfig: [String: JSONValue] {
        ["use_bias": .bool(useBias),
         "kernel_initializer": kernelInitializer.serialized(module: "keras.initializers"),
         "bias_initializer": biasInitializer.serialized(module: "keras.initializers"),
         "kernel_regularizer": kernelRegularizer?.serialized(module: "keras.regularizers") ?? nil,
         "bias_regularizer": biasRegularizer?.serialized(module: "keras.regularizers") ?? nil,
         "activity_regularizer": nil,
         "kernel_constraint": kernelConstraint?.serialized(module: "keras.constraints") ?? nil,
         "bias_constraint": biasConstraint?.serialized(module: "keras.constraints") ?? nil]
    }
}
