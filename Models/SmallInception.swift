import Lamina

/// The small Inception network for 32×32 images of Zhang et al., "Understanding Deep Learning
/// Requires Rethinking Generalization" (ICLR 2017), Figure 3 (a CIFAR-10 variant of Inception):
///
/// - conv module: `Conv2D → BatchNormalization → ReLU`;
/// - inception module (c₁, c₃): concatenation of a 1×1 conv module with c₁ filters and a 3×3 one with c₃;
/// - downsample module (c): concatenation of a 3×3/2 `valid` conv module with c filters and a 3×3/2 max pooling.
///
/// `conv(96, 3×3) → inc(32, 32) → inc(32, 48) → down(80) → inc(112, 48) → inc(96, 64) → inc(80, 80)
/// → inc(48, 96) → down(96) → inc(176, 160) → inc(176, 160) → global average pooling → Dense(classes)`.
/// At 32×32×3 with 10 classes the maps are 32×32, 15×15 and 7×7.
public func SmallInception(inputShape: [Int] = [32, 32, 3], classes: Int = 10, name: String = "small_inception") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "SmallInception", minSize: 8)
    try ModelSupport.checkClasses(classes, model: "SmallInception")
    let inputs = Input(shape: inputShape)
    var x = try ModelSupport.convBN(inputs, 96, [3, 3])
    x = try smallInceptionModule(x, 32, 32)
    x = try smallInceptionModule(x, 32, 48)
    x = try smallDownsampleModule(x, 80)
    for (c1, c3) in [(112, 48), (96, 64), (80, 80), (48, 96)] { x = try smallInceptionModule(x, c1, c3) }
    x = try smallDownsampleModule(x, 96)
    x = try smallInceptionModule(x, 176, 160)
    x = try smallInceptionModule(x, 176, 160)
    x = try GlobalAveragePooling2D()(x)
    let outputs = try Dense(classes, activation: .softmax)(x)
    return try Model(inputs: inputs, outputs: outputs, name: name)
}

func smallInceptionModule(_ x: KerasTensor, _ c1: Int, _ c3: Int) throws -> KerasTensor {
    let a = try ModelSupport.convBN(x, c1, [1, 1])
    let b = try ModelSupport.convBN(x, c3, [3, 3])
    return try Concatenate()([a, b])[0]
}

func smallDownsampleModule(_ x: KerasTensor, _ c: Int) throws -> KerasTensor {
    let a = try ModelSupport.convBN(x, c, [3, 3], strides: 2, padding: "valid")
    let b = try MaxPooling2D(poolSize: [3, 3], strides: [2, 2])(x)
    return try Concatenate()([a, b])[0]
}
