import Lamina

/// Inception-v3 as `keras.applications.InceptionV3` (Szegedy et al., "Rethinking the Inception
/// Architecture for Computer Vision", CVPR 2016): 23,851,784 parameters at 299×299×3 with 1,000
/// classes, layer for layer the Keras model (modules `mixed0` … `mixed10`).
///
/// Every convolution is Keras's `conv2d_bn`: `Conv2D` without bias → `BatchNormalization(scale: false)`
/// → ReLU. The input must be at least 75×75.
public func InceptionV3(includeTop: Bool = true, inputShape: [Int] = [299, 299, 3], pooling: FeaturePooling = .none,
                        classes: Int = 1000, classifierActivation: Activation = .softmax,
                        name: String = "inception_v3") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "InceptionV3", minSize: 75)
    try ModelSupport.checkClasses(classes, model: "InceptionV3")
    let inputs = Input(shape: inputShape)
    var x = try cbn(inputs, 32, 3, 3, strides: 2, padding: "valid")
    x = try cbn(x, 32, 3, 3, padding: "valid")
    x = try cbn(x, 64, 3, 3)
    x = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    x = try cbn(x, 80, 1, 1, padding: "valid")
    x = try cbn(x, 192, 3, 3, padding: "valid")
    x = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    for (i, poolFilters) in [32, 64, 64].enumerated() { x = try inceptionA(x, poolFilters: poolFilters, name: "mixed\(i)") }
    x = try inceptionReductionA(x)
    for (i, width) in [128, 160, 160, 192].enumerated() { x = try inceptionC(x, width: width, name: "mixed\(i + 4)") }
    x = try inceptionReductionB(x)
    for i in 0..<2 { x = try inceptionE(x, name: "mixed\(9 + i)") }
    let outputs = try ModelSupport.head(x, includeTop: includeTop, pooling: pooling, classes: classes,
                                        classifierActivation: classifierActivation)
    return try Model(inputs: inputs, outputs: outputs, name: name)
}

/// Keras's `conv2d_bn`.
private func cbn(_ x: KerasTensor, _ filters: Int, _ rows: Int, _ cols: Int, strides: Int = 1,
                 padding: String = "same") throws -> KerasTensor {
    try ModelSupport.convBN(x, filters, [rows, cols], strides: strides, padding: padding, scale: false)
}

private func concat(_ xs: [KerasTensor], name: String? = nil) throws -> KerasTensor {
    try Concatenate(axis: -1, name: name)(xs)[0]
}

private func averagePoolSame(_ x: KerasTensor) throws -> KerasTensor {
    try AveragePooling2D(poolSize: [3, 3], strides: [1, 1], padding: "same")(x)
}

/// `mixed0`-`mixed2` (35×35): 1×1, 5×5, double 3×3 and pooled branches.
private func inceptionA(_ x: KerasTensor, poolFilters: Int, name: String) throws -> KerasTensor {
    let b1 = try cbn(x, 64, 1, 1)
    let b5 = try cbn(try cbn(x, 48, 1, 1), 64, 5, 5)
    let b3 = try cbn(try cbn(try cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    let bp = try cbn(try averagePoolSame(x), poolFilters, 1, 1)
    return try concat([b1, b5, b3, bp], name: name)
}

/// `mixed3`: 35×35 → 17×17.
private func inceptionReductionA(_ x: KerasTensor) throws -> KerasTensor {
    let b3 = try cbn(x, 384, 3, 3, strides: 2, padding: "valid")
    let bd = try cbn(try cbn(try cbn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, strides: 2, padding: "valid")
    let bp = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    return try concat([b3, bd, bp], name: "mixed3")
}

/// `mixed4`-`mixed7` (17×17): factorised 7×7 branches of the given width.
private func inceptionC(_ x: KerasTensor, width: Int, name: String) throws -> KerasTensor {
    let b1 = try cbn(x, 192, 1, 1)
    let b7 = try cbn(try cbn(try cbn(x, width, 1, 1), width, 1, 7), 192, 7, 1)
    var bd = try cbn(x, width, 1, 1)
    bd = try cbn(bd, width, 7, 1)
    bd = try cbn(bd, width, 1, 7)
    bd = try cbn(bd, width, 7, 1)
    bd = try cbn(bd, 192, 1, 7)
    let bp = try cbn(try averagePoolSame(x), 192, 1, 1)
    return try concat([b1, b7, bd, bp], name: name)
}

/// `mixed8`: 17×17 → 8×8.
private func inceptionReductionB(_ x: KerasTensor) throws -> KerasTensor {
    let b3 = try cbn(try cbn(x, 192, 1, 1), 320, 3, 3, strides: 2, padding: "valid")
    var b7 = try cbn(x, 192, 1, 1)
    b7 = try cbn(b7, 192, 1, 7)
    b7 = try cbn(b7, 192, 7, 1)
    b7 = try cbn(b7, 192, 3, 3, strides: 2, padding: "valid")
    let bp = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    return try concat([b3, b7, bp], name: "mixed8")
}

/// `mixed9`, `mixed10` (8×8): expanded filter banks.
private func inceptionE(_ x: KerasTensor, name: String) throws -> KerasTensor {
    let b1 = try cbn(x, 320, 1, 1)
    let b3 = try cbn(x, 384, 1, 1)
    let b3Split = try concat([try cbn(b3, 384, 1, 3), try cbn(b3, 384, 3, 1)])
    let bd = try cbn(try cbn(x, 448, 1, 1), 384, 3, 3)
    let bdSplit = try concat([try cbn(bd, 384, 1, 3), try cbn(bd, 384, 3, 1)])
    let bp = try cbn(try averagePoolSame(x), 192, 1, 1)
    return try concat([b1, b3Split, bdSplit, bp], name: name)
}
