import Lamina

/// What a model without its classifier (`includeTop: false`) does to its last feature map,
/// like Keras's `pooling` argument (`None`, `"avg"`, `"max"`).
public enum FeaturePooling: String, Sendable {
    /// Keep the 4-D feature map `[batch, h, w, channels]` (Keras `pooling=None`).
    case none
    /// Global average pooling to `[batch, channels]` (Keras `pooling="avg"`).
    case avg
    /// Global max pooling to `[batch, channels]` (Keras `pooling="max"`).
    case max
}

/// Shared building blocks of the model zoo.
enum ModelSupport {
    /// Checks `inputShape` is `[height, width, channels]` with positive sizes.
    static func checkImageShape(_ inputShape: [Int], model: String, minSize: Int = 1) throws {
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
            throw LaminaError(.value, "\(model): inputShape must be [height, width, channels] with positive sizes, received \(inputShape)")
        }
        guard inputShape[0] >= minSize, inputShape[1] >= minSize else {
            throw LaminaError(.value, "\(model): input height and width must be at least \(minSize), received \(inputShape)")
        }
    }

    /// Checks `classes` is positive.
    static func checkClasses(_ classes: Int, model: String) throws {
        guard classes > 0 else { throw LaminaError(.value, "\(model): classes must be positive, received \(classes)") }
    }

    /// The end of a network: `GlobalAveragePooling2D → Dense(classes)` with the top, else `pooling`.
    static func head(_ x: KerasTensor, includeTop: Bool, pooling: FeaturePooling, classes: Int,
                     classifierActivation: Activation) throws -> KerasTensor {
        if includeTop {
            let pooled = try GlobalAveragePooling2D(name: "avg_pool")(x)
            return try Dense(classes, activation: classifierActivation, name: "predictions")(pooled)
        }
        return try pool(x, pooling)
    }

    /// Applies the `pooling` of a model without its top.
    static func pool(_ x: KerasTensor, _ pooling: FeaturePooling) throws -> KerasTensor {
        switch pooling {
        case .none: return x
        case .avg: return try GlobalAveragePooling2D()(x)
        case .max: return try GlobalMaxPooling2D()(x)
        }
    }

    /// `Conv2D → BatchNormalization → activation`, the unit most of the zoo is made of.
    static func convBN(_ x: KerasTensor, _ filters: Int, _ kernel: [Int], strides: Int = 1, padding: String = "same",
                       useBias: Bool = false, kernelInitializer: any Initializer = GlorotUniform(),
                       epsilon: Float = 1e-3, momentum: Float = 0.99, scale: Bool = true,
                       activation: Activation? = .relu) throws -> KerasTensor {
        var y = try Conv2D(filters, kernelSize: kernel, strides: [strides, strides], padding: padding, useBias: useBias,
                           kernelInitializer: kernelInitializer)(x)
        y = try BatchNormalization(momentum: momentum, epsilon: epsilon, scale: scale)(y)
        if let activation { y = try ActivationLayer(activation)(y) }
        return y
    }

    /// The channel count of a channels-last symbolic tensor.
    static func channels(_ x: KerasTensor) -> Int { x.shape.last.flatMap { $0 } ?? 0 }
}
