import LaminaCore

/// Factories for the convolution, pooling, normalization and image reshaping layers, merged into
/// ``LayerRegistry``'s built-ins. Configs are Keras's `get_config()` output.
extension LayerRegistry {
    static let visionFactories: [String: Factory] = [
        "Conv1D": { c in
            try Conv1D(try c.int("filters", layer: "Conv1D"), kernelSize: try c.intTuple("kernel_size")[0],
                       strides: try c.intTuple("strides", [1])[0], padding: c["padding"]?.string ?? "valid",
                       dilationRate: try c.intTuple("dilation_rate", [1])[0], groups: c["groups"]?.int ?? 1,
                       activation: try Activation.named(c["activation"]?.string), useBias: c["use_bias"]?.bool ?? true,
                       kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                       biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros,
                       kernelRegularizer: try c.optionalObject("kernel_regularizer"), biasRegularizer: try c.optionalObject("bias_regularizer"),
                       kernelConstraint: try c.optionalObject("kernel_constraint"), biasConstraint: try c.optionalObject("bias_constraint"),
                       name: c.visionName("Conv1D"))
        },
        "Conv2D": { c in
            try Conv2D(try c.int("filters", layer: "Conv2D"), kernelSize: try c.intTuple("kernel_size"),
                       strides: try c.intTuple("strides", [1]), padding: c["padding"]?.string ?? "valid",
                       dilationRate: try c.intTuple("dilation_rate", [1]), groups: c["groups"]?.int ?? 1,
                       activation: try Activation.named(c["activation"]?.string), useBias: c["use_bias"]?.bool ?? true,
                       kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                       biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros,
                       kernelRegularizer: try c.optionalObject("kernel_regularizer"), biasRegularizer: try c.optionalObject("bias_regularizer"),
                       kernelConstraint: try c.optionalObject("kernel_constraint"), biasConstraint: try c.optionalObject("bias_constraint"),
                       name: c.visionName("Conv2D"))
        },
        "Conv2DTranspose": { c in
            let op: [Int]? = (c["output_padding"] == nil || c["output_padding"]!.isNull) ? nil : try c.intTuple("output_padding")
            return try Conv2DTranspose(try c.int("filters", layer: "Conv2DTranspose"), kernelSize: try c.intTuple("kernel_size"),
                                       strides: try c.intTuple("strides", [1]), padding: c["padding"]?.string ?? "valid", outputPadding: op,
                                       dilationRate: try c.intTuple("dilation_rate", [1]),
                                       activation: try Activation.named(c["activation"]?.string), useBias: c["use_bias"]?.bool ?? true,
                                       kernelInitializer: try c.initializer("kernel_initializer") ?? GlorotUniform(),
                                       biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros,
                                       kernelRegularizer: try c.optionalObject("kernel_regularizer"),
                                       biasRegularizer: try c.optionalObject("bias_regularizer"),
                                       kernelConstraint: try c.optionalObject("kernel_constraint"),
                                       biasConstraint: try c.optionalObject("bias_constraint"), name: c.visionName("Conv2DTranspose"))
        },
        "DepthwiseConv2D": { c in
            try DepthwiseConv2D(kernelSize: try c.intTuple("kernel_size"), strides: try c.intTuple("strides", [1]),
                                padding: c["padding"]?.string ?? "valid", depthMultiplier: c["depth_multiplier"]?.int ?? 1,
                                dilationRate: try c.intTuple("dilation_rate", [1]),
                                activation: try Activation.named(c["activation"]?.string), useBias: c["use_bias"]?.bool ?? true,
                                depthwiseInitializer: try c.initializer("depthwise_initializer") ?? GlorotUniform(),
                                biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros,
                                depthwiseRegularizer: try c.optionalObject("depthwise_regularizer"),
                                biasRegularizer: try c.optionalObject("bias_regularizer"),
                                depthwiseConstraint: try c.optionalObject("depthwise_constraint"),
                                biasConstraint: try c.optionalObject("bias_constraint"), name: c.visionName("DepthwiseConv2D"))
        },
        "SeparableConv2D": { c in
            for key in ["depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "depthwise_constraint",
                        "pointwise_constraint", "bias_constraint"] { let _: Int? = try c.optionalObject(key) }
            return try SeparableConv2D(try c.int("filters", layer: "SeparableConv2D"), kernelSize: try c.intTuple("kernel_size"),
                                       strides: try c.intTuple("strides", [1]), padding: c["padding"]?.string ?? "valid",
                                       depthMultiplier: c["depth_multiplier"]?.int ?? 1, dilationRate: try c.intTuple("dilation_rate", [1]),
                                       activation: try Activation.named(c["activation"]?.string), useBias: c["use_bias"]?.bool ?? true,
                                       depthwiseInitializer: try c.initializer("depthwise_initializer") ?? GlorotUniform(),
                                       pointwiseInitializer: try c.initializer("pointwise_initializer") ?? GlorotUniform(),
                                       biasInitializer: try c.initializer("bias_initializer") ?? Initializers.zeros, name: c.visionName("SeparableConv2D"))
        },
        "MaxPooling2D": { c in
            try MaxPooling2D(poolSize: try c.intTuple("pool_size", [2]), strides: c.optionalTuple("strides"),
                             padding: c["padding"]?.string ?? "valid", name: c.visionName("MaxPooling2D"))
        },
        "AveragePooling2D": { c in
            try AveragePooling2D(poolSize: try c.intTuple("pool_size", [2]), strides: c.optionalTuple("strides"),
                                 padding: c["padding"]?.string ?? "valid", name: c.visionName("AveragePooling2D"))
        },
        "MaxPooling1D": { c in
            try MaxPooling1D(poolSize: try c.intTuple("pool_size", [2])[0], strides: c.optionalTuple("strides")?[0],
                             padding: c["padding"]?.string ?? "valid", name: c.visionName("MaxPooling1D"))
        },
        "AveragePooling1D": { c in
            try AveragePooling1D(poolSize: try c.intTuple("pool_size", [2])[0], strides: c.optionalTuple("strides")?[0],
                                 padding: c["padding"]?.string ?? "valid", name: c.visionName("AveragePooling1D"))
        },
        "GlobalAveragePooling1D": { c in try c.channelsLast("GlobalAveragePooling1D"); return GlobalAveragePooling1D(keepdims: c["keepdims"]?.bool ?? false, name: c.name) },
        "GlobalAveragePooling2D": { c in try c.channelsLast("GlobalAveragePooling2D"); return GlobalAveragePooling2D(keepdims: c["keepdims"]?.bool ?? false, name: c.name) },
        "GlobalMaxPooling1D": { c in try c.channelsLast("GlobalMaxPooling1D"); return GlobalMaxPooling1D(keepdims: c["keepdims"]?.bool ?? false, name: c.name) },
        "GlobalMaxPooling2D": { c in try c.channelsLast("GlobalMaxPooling2D"); return GlobalMaxPooling2D(keepdims: c["keepdims"]?.bool ?? false, name: c.name) },
        "BatchNormalization": { c in
            for key in ["beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"] { let _: Int? = try c.optionalObject(key) }
            if c["renorm"]?.bool == true { throw LaminaError(.unsupported, "BatchNormalization: renorm=True is not supported") }
            return BatchNormalization(axis: c["axis"]?.int ?? -1, momentum: c["momentum"]?.float ?? 0.99, epsilon: c["epsilon"]?.float ?? 1e-3,
                                      center: c["center"]?.bool ?? true, scale: c["scale"]?.bool ?? true,
                                      betaInitializer: try c.initializer("beta_initializer") ?? Initializers.zeros,
                                      gammaInitializer: try c.initializer("gamma_initializer") ?? Initializers.ones,
                                      movingMeanInitializer: try c.initializer("moving_mean_initializer") ?? Initializers.zeros,
                                      movingVarianceInitializer: try c.initializer("moving_variance_initializer") ?? Initializers.ones,
                                      name: c.name)
        },
        "ZeroPadding2D": { c in
            try c.channelsLast("ZeroPadding2D")
            return try ZeroPadding2D(padding: try ReshapingArgs.pairs(c["padding"], "padding", default: [[1, 1], [1, 1]]), name: c.name)
        },
        "Cropping2D": { c in
            try c.channelsLast("Cropping2D")
            return try Cropping2D(cropping: try ReshapingArgs.pairs(c["cropping"], "cropping", default: [[0, 0], [0, 0]]), name: c.name)
        },
        "UpSampling2D": { c in
            try c.channelsLast("UpSampling2D")
            return try UpSampling2D(size: try c.intTuple("size", [2]), interpolation: c["interpolation"]?.string ?? "nearest", name: c.name)
        },
        "SpatialDropout2D": { c in
            try c.channelsLast("SpatialDropout2D")
            return try SpatialDropout2D(try c.float("rate", layer: "SpatialDropout2D"), seed: c["seed"]?.int, name: c.name)
        },
    ]
}

extension Dictionary where Key == String, Value == JSONValue {
    /// The name, after checking that the data format is channels-last.
    func visionName(_ layer: String) throws -> String? {
        try channelsLast(layer)
        return name
    }

    func channelsLast(_ layer: String) throws {
        try ConvArgs.dataFormat(self["data_format"]?.string, layer: name ?? layer)
    }

    func optionalTuple(_ key: String) -> [Int]? {
        guard let v = self[key], !v.isNull else { return nil }
        return v.int.map { [$0] } ?? v.ints
    }
}
