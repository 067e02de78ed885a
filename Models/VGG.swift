import Lamina

/// VGG networks (Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
/// Recognition", ICLR 2015): stacks of 3×3 `same` convolutions with ReLU, a 2×2 max pooling after
/// each block, then `Flatten → Dense(4096) → Dense(4096) → Dense(classes)`.
///
/// `VGG16` is `keras.applications.VGG16` layer for layer (138,357,544 parameters at 224×224×3 with
/// 1,000 classes); `VGG11` is configuration A of the paper in the same style (132,863,336).
/// Without the top the output is the last block's feature map, or pooled by `pooling`.
public func VGG16(includeTop: Bool = true, inputShape: [Int] = [224, 224, 3], pooling: FeaturePooling = .none,
                  classes: Int = 1000, classifierActivation: Activation = .softmax, name: String = "vgg16") throws -> Model {
    try VGG(blocks: [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]], includeTop: includeTop,
            inputShape: inputShape, pooling: pooling, classes: classes, classifierActivation: classifierActivation, name: name)
}

/// VGG11, configuration A of the VGG paper (8 convolutions + 3 dense layers); see ``VGG16(includeTop:inputShape:pooling:classes:classifierActivation:name:)``.
public func VGG11(includeTop: Bool = true, inputShape: [Int] = [224, 224, 3], pooling: FeaturePooling = .none,
                  classes: Int = 1000, classifierActivation: Activation = .softmax, name: String = "vgg11") throws -> Model {
    try VGG(blocks: [[64], [128], [256, 256], [512, 512], [512, 512]], includeTop: includeTop,
            inputShape: inputShape, pooling: pooling, classes: classes, classifierActivation: classifierActivation, name: name)
}

/// A VGG network from its blocks: the filters of each block's convolutions (each block ends with
/// a 2×2 max pooling). The input must be at least 32×32 (five poolings).
public func VGG(blocks: [[Int]], includeTop: Bool = true, inputShape: [Int] = [224, 224, 3], pooling: FeaturePooling = .none,
                classes: Int = 1000, classifierActivation: Activation = .softmax, name: String = "vgg") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "VGG", minSize: 1 << blocks.count)
    try ModelSupport.checkClasses(classes, model: "VGG")
    let inputs = Input(shape: inputShape)
    var x = inputs
    for (b, filters) in blocks.enumerated() {
        for (c, f) in filters.enumerated() {
            x = try Conv2D(f, 3, padding: "same", activation: .relu, name: "block\(b + 1)_conv\(c + 1)")(x)
        }
        x = try MaxPooling2D(poolSize: [2, 2], strides: [2, 2], name: "block\(b + 1)_pool")(x)
    }
    if includeTop {
        x = try Flatten(name: "flatten")(x)
        x = try Dense(4096, activation: .relu, name: "fc1")(x)
        x = try Dense(4096, activation: .relu, name: "fc2")(x)
        x = try Dense(classes, activation: classifierActivation, name: "predictions")(x)
    } else {
        x = try ModelSupport.pool(x, pooling)
    }
    return try Model(inputs: inputs, outputs: x, name: name)
}
