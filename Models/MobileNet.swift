import Foundation
import Lamina

/// MobileNet (v1) as `keras.applications.MobileNet` (Howard et al., "MobileNets: Efficient
/// Convolutional Neural Networks for Mobile Vision Applications", 2017): 4,253,864 parameters at
/// 224×224×3, α = 1, 1,000 classes, layer for layer the Keras model.
///
/// A 3×3/2 convolution, then 13 depthwise-separable blocks (`DepthwiseConv2D 3×3 → BN → ReLU6 →
/// Conv2D 1×1 → BN → ReLU6`; strided ones pad bottom/right by one and use `valid`). The top is
/// Keras's: `GlobalAveragePooling2D(keepdims) → Dropout → Conv2D(classes, 1×1) → Reshape → softmax`.
/// - Parameters:
///   - alpha: width multiplier α; every layer has `Int(filters · α)` filters.
///   - depthMultiplier: the depthwise convolutions' multiplier (resolution multiplier in the paper's terms is the input size).
///   - dropout: the dropout rate before the classifier.
public func MobileNet(inputShape: [Int] = [224, 224, 3], alpha: Float = 1.0, depthMultiplier: Int = 1, dropout: Float = 1e-3,
                      includeTop: Bool = true, pooling: FeaturePooling = .none, classes: Int = 1000,
                      classifierActivation: Activation = .softmax, name: String? = nil) throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "MobileNet", minSize: 32)
    try ModelSupport.checkClasses(classes, model: "MobileNet")
    guard alpha > 0 else { throw LaminaError(.value, "MobileNet: alpha must be positive, received \(alpha)") }
    let inputs = Input(shape: inputShape)
    var x = try ModelSupport.convBN(inputs, Int(32 * alpha), [3, 3], strides: 2, activation: nil)
    x = try ReLU(maxValue: 6)(x)
    let blocks: [(filters: Int, strides: Int)] = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                                                  (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
    for block in blocks {
        x = try depthwiseSeparableBlock(x, filters: Int(Float(block.filters) * alpha), strides: block.strides,
                                        depthMultiplier: depthMultiplier)
    }
    if includeTop {
        x = try GlobalAveragePooling2D(keepdims: true)(x)
        x = try Dropout(dropout, name: "dropout")(x)
        x = try Conv2D(classes, 1, padding: "same", name: "conv_preds")(x)
        x = try Reshape([classes], name: "reshape_2")(x)
        x = try ActivationLayer(classifierActivation, name: "predictions")(x)
    } else {
        x = try ModelSupport.pool(x, pooling)
    }
    let size = inputShape[0] == inputShape[1] ? "\(inputShape[0])" : "\(inputShape[0])x\(inputShape[1])"
    return try Model(inputs: inputs, outputs: x, name: name ?? "mobilenet_\(String(format: "%.2f", alpha))_\(size)")
}

/// Keras's `_depthwise_conv_block`.
func depthwiseSeparableBlock(_ input: KerasTensor, filters: Int, strides: Int, depthMultiplier: Int) throws -> KerasTensor {
    var x = input
    if strides != 1 { x = try ZeroPadding2D(padding: [[0, 1], [0, 1]])(x) }
    x = try DepthwiseConv2D(kernelSize: [3, 3], strides: [strides, strides], padding: strides == 1 ? "same" : "valid",
                            depthMultiplier: depthMultiplier, useBias: false)(x)
    x = try BatchNormalization()(x)
    x = try ReLU(maxValue: 6)(x)
    x = try ModelSupport.convBN(x, filters, [1, 1], activation: nil)
    return try ReLU(maxValue: 6)(x)
}
