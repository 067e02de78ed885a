import Lamina

/// ResNet-18, ImageNet style (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016,
/// Table 1, 18-layer column): a 7×7/2 convolution with 64 filters, 3×3/2 max pooling, four stages
/// of two basic blocks (64, 128, 256, 512 filters; stages 2-4 start with stride 2), global average
/// pooling and a `classes`-way dense layer.
///
/// Shortcuts are option B (1×1 projection with batch normalization where the shape changes);
/// convolutions have no bias. Keras has no ResNet18 application: this follows the paper and the
/// common torchvision layout and has the same 11,689,512 parameters at 224×224×3 with 1,000
/// classes (batch normalization's moving statistics are non-trainable and not counted there;
/// here ``Layer/countParams()`` counts them like Keras does: 11,699,112 in all).
public func ResNet18(includeTop: Bool = true, inputShape: [Int] = [224, 224, 3], pooling: FeaturePooling = .none,
                     classes: Int = 1000, classifierActivation: Activation = .softmax, name: String = "resnet18") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "ResNet18", minSize: 32)
    try ModelSupport.checkClasses(classes, model: "ResNet18")
    let inputs = Input(shape: inputShape)
    var x = try ZeroPadding2D(padding: [[3, 3], [3, 3]])(inputs)
    x = try ModelSupport.convBN(x, 64, [7, 7], strides: 2, padding: "valid", epsilon: 1.001e-5)
    x = try ZeroPadding2D(padding: [[1, 1], [1, 1]])(x)
    x = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    for (stage, filters) in [64, 128, 256, 512].enumerated() {
        for block in 0..<2 {
            let strides = stage > 0 && block == 0 ? 2 : 1
            var y = try ModelSupport.convBN(x, filters, [3, 3], strides: strides, epsilon: 1.001e-5)
            y = try ModelSupport.convBN(y, filters, [3, 3], epsilon: 1.001e-5, activation: nil)
            var shortcut = x
            if strides != 1 || ModelSupport.channels(x) != filters {
                shortcut = try ModelSupport.convBN(x, filters, [1, 1], strides: strides, epsilon: 1.001e-5, activation: nil)
            }
            x = try ActivationLayer(.relu)(try Add()([shortcut, y])[0])
        }
    }
    let outputs = try ModelSupport.head(x, includeTop: includeTop, pooling: pooling, classes: classes,
                                        classifierActivation: classifierActivation)
    return try Model(inputs: inputs, outputs: outputs, name: name)
}
