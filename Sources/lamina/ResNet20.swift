import Lamina

extension ModelWorkloads {
    /// ResNet-20 for 32×32×3 images (He et al. 2016, CIFAR variant, "v1"): a 3×3 convolution with
    /// 16 filters, then 3 stages of 3 basic blocks with 16, 32 and 64 filters (stages 2 and 3 start
    /// with stride 2 and a 1×1 strided projection on the shortcut), global average pooling and
    /// Dense(10, softmax). Every 3×3 convolution is followed by BatchNormalization; convolutions
    /// before BN have no bias. 0.27 M parameters.
    ///
    /// Defined here for the benchmarks until `LaminaModels` has a ResNet; the PyTorch and Keras
    /// scripts in `Scripts/bench/` build the same network.
    static func resNet20(classes: Int = 10) throws -> Model {
        func convBN(_ x: KerasTensor, _ filters: Int, strides: Int = 1, relu: Bool) throws -> KerasTensor {
            let conv = try Conv2D(filters, kernelSize: [3, 3], strides: [strides, strides], padding: "same", useBias: false,
                                  kernelInitializer: HeNormal())
            let y = try BatchNormalization()(try conv(x))
            return relu ? try ActivationLayer(.relu)(y) : y
        }
        let input = Input(shape: [32, 32, 3])
        var x = try convBN(input, 16, relu: true)
        for (stage, filters) in [16, 32, 64].enumerated() {
            for block in 0..<3 {
                let strides = stage > 0 && block == 0 ? 2 : 1
                var shortcut = x
                if strides != 1 {
                    shortcut = try Conv2D(filters, kernelSize: [1, 1], strides: [2, 2], useBias: false,
                                          kernelInitializer: HeNormal())(x)
                }
                let y = try convBN(try convBN(x, filters, strides: strides, relu: true), filters, relu: false)
                x = try ActivationLayer(.relu)(try Add()([y, shortcut])[0])
            }
        }
        let pooled = try GlobalAveragePooling2D()(x)
        let output = try Dense(classes, activation: .softmax)(pooled)
        return try Model(inputs: input, outputs: output, name: "resnet20")
    }
}
