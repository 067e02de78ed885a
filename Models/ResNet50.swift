import Lamina

/// ResNet-50 as `keras.applications.ResNet50` (He et al., "Deep Residual Learning for Image
/// Recognition", CVPR 2016, Table 1, 50-layer column): 25,636,712 parameters at 224×224×3 with
/// 1,000 classes, layer for layer the Keras model.
///
/// Stem: `ZeroPadding2D(3) → Conv2D(64, 7, stride 2) → BN → ReLU → ZeroPadding2D(1) → MaxPooling2D(3, 2)`;
/// then four stages of 3, 4, 6 and 3 bottleneck blocks (`1×1 → 3×3 → 1×1`, 4× expansion) with
/// 64, 128, 256 and 512 filters. As in Keras, convolutions keep their bias, batch normalization
/// uses ε = 1.001e-5, each stage's first block projects its shortcut with a 1×1 convolution
/// (option B) and downsamples in its first 1×1 convolution (stages 3-5).
public func ResNet50(includeTop: Bool = true, inputShape: [Int] = [224, 224, 3], pooling: FeaturePooling = .none,
                     classes: Int = 1000, classifierActivation: Activation = .softmax, name: String = "resnet50") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "ResNet50", minSize: 32)
    try ModelSupport.checkClasses(classes, model: "ResNet50")
    let inputs = Input(shape: inputShape)
    var x = try ZeroPadding2D(padding: [[3, 3], [3, 3]], name: "conv1_pad")(inputs)
    x = try ModelSupport.convBN(x, 64, [7, 7], strides: 2, padding: "valid", useBias: true, epsilon: 1.001e-5)
    x = try ZeroPadding2D(padding: [[1, 1], [1, 1]], name: "pool1_pad")(x)
    x = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2], name: "pool1_pool")(x)
    for (filters, blocks, stride) in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)] {
        x = try bottleneckBlock(x, filters: filters, strides: stride, projectShortcut: true)
        for _ in 1..<blocks { x = try bottleneckBlock(x, filters: filters, strides: 1, projectShortcut: false) }
    }
    let outputs = try ModelSupport.head(x, includeTop: includeTop, pooling: pooling, classes: classes,
                                        classifierActivation: classifierActivation)
    return try Model(inputs: inputs, outputs: outputs, name: name)
}

/// Keras's `block1` of ResNet v1: a bottleneck residual block.
func bottleneckBlock(_ input: KerasTensor, filters: Int, strides: Int, projectShortcut: Bool) throws -> KerasTensor {
    let eps: Float = 1.001e-5
    let shortcut = projectShortcut
        ? try ModelSupport.convBN(input, 4 * filters, [1, 1], strides: strides, useBias: true, epsilon: eps, activation: nil)
        : input
    var y = try ModelSupport.convBN(input, filters, [1, 1], strides: strides, useBias: true, epsilon: eps)
    y = try ModelSupport.convBN(y, filters, [3, 3], useBias: true, epsilon: eps)
    y = try ModelSupport.convBN(y, 4 * filters, [1, 1], useBias: true, epsilon: eps, activation: nil)
    return try ActivationLayer(.relu)(try Add()([shortcut, y])[0])
}
