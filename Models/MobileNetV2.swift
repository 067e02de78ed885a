import Foundation
import Lamina

/// MobileNetV2 as `keras.applications.MobileNetV2` (Sandler et al., "MobileNetV2: Inverted
/// Residuals and Linear Bottlenecks", CVPR 2018): 3,538,984 parameters at 224×224×3, α = 1,
/// 1,000 classes, layer for layer the Keras model.
///
/// A 3×3/2 convolution, 17 inverted residual blocks (`1×1 expand → BN → ReLU6 → DepthwiseConv2D
/// 3×3 → BN → ReLU6 → 1×1 project → BN`, with the input added when shapes agree), a 1×1
/// convolution to 1,280 channels (more when α > 1), global average pooling and the classifier.
/// Batch normalization uses ε = 1e-3 and momentum 0.999 as in Keras. Widths are `alpha · filters`
/// rounded to a multiple of 8 (Keras's `_make_divisible`).
public func MobileNetV2(inputShape: [Int] = [224, 224, 3], alpha: Float = 1.0, includeTop: Bool = true,
                        pooling: FeaturePooling = .none, classes: Int = 1000, classifierActivation: Activation = .softmax,
                        name: String? = nil) throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "MobileNetV2", minSize: 32)
    try ModelSupport.checkClasses(classes, model: "MobileNetV2")
    guard alpha > 0 else { throw LaminaError(.value, "MobileNetV2: alpha must be positive, received \(alpha)") }
    let inputs = Input(shape: inputShape)
    var x = try ModelSupport.convBN(inputs, makeDivisible(32 * alpha), [3, 3], strides: 2, momentum: 0.999, activation: nil)
    x = try ReLU(maxValue: 6)(x)
    // (filters, stride, expansion) of each block, as in Keras's listing (block ids 0-16).
    let blocks: [(Int, Int, Int)] = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
                                     (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6),
                                     (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6)]
    for (id, (filters, stride, expansion)) in blocks.enumerated() {
        x = try invertedResidualBlock(x, filters: filters, alpha: alpha, strides: stride, expansion: expansion, expand: id > 0)
    }
    let lastFilters = alpha > 1 ? makeDivisible(1280 * alpha) : 1280
    x = try ModelSupport.convBN(x, lastFilters, [1, 1], momentum: 0.999, activation: nil)
    x = try ReLU(maxValue: 6)(x)
    let outputs = try ModelSupport.head(x, includeTop: includeTop, pooling: pooling, classes: classes,
                                        classifierActivation: classifierActivation)
    let size = inputShape[0] == inputShape[1] ? "\(inputShape[0])" : "\(inputShape[0])x\(inputShape[1])"
    return try Model(inputs: inputs, outputs: outputs, name: name ?? "mobilenetv2_\(String(format: "%.2f", alpha))_\(size)")
}

/// Keras's `_make_divisible`: `v` rounded to the nearest multiple of `divisor`, not below
/// `divisor` and not more than 10% below `v`.
func makeDivisible(_ v: Float, divisor: Int = 8) -> Int {
    var rounded = max(divisor, Int(v + Float(divisor) / 2) / divisor * divisor)
    if Float(rounded) < 0.9 * v { rounded += divisor }
    return rounded
}

/// Keras's `_inverted_res_block`.
func invertedResidualBlock(_ input: KerasTensor, filters: Int, alpha: Float, strides: Int, expansion: Int,
                           expand: Bool) throws -> KerasTensor {
    let inChannels = ModelSupport.channels(input)
    let pointwiseFilters = makeDivisible(Float(Int(Float(filters) * alpha)))
    var x = input
    if expand {
        x = try ModelSupport.convBN(x, expansion * inChannels, [1, 1], momentum: 0.999, activation: nil)
        x = try ReLU(maxValue: 6)(x)
    }
    if strides == 2 {
        // Keras's `correct_pad`: one less row/column before when the size is even.
        let top = x.shape[1].map { $0 % 2 } ?? 0, left = x.shape[2].map { $0 % 2 } ?? 0
        x = try ZeroPadding2D(padding: [[top, 1], [left, 1]])(x)
    }
    x = try DepthwiseConv2D(kernelSize: [3, 3], strides: [strides, strides], padding: strides == 1 ? "same" : "valid",
                            useBias: false)(x)
    x = try BatchNormalization(momentum: 0.999)(x)
    x = try ReLU(maxValue: 6)(x)
    x = try Conv2D(pointwiseFilters, kernelSize: [1, 1], padding: "same", useBias: false)(x)
    x = try BatchNormalization(momentum: 0.999)(x)
    if inChannels == pointwiseFilters && strides == 1 { return try Add()([input, x])[0] }
    return x
}
