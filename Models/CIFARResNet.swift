import Lamina

/// ResNet for CIFAR-10 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, §4.2):
/// a 3×3 convolution with 16 filters, then three stages of `n` basic blocks with 16, 32 and 64
/// filters on 32×32, 16×16 and 8×8 maps, global average pooling and a `classes`-way softmax:
/// `6n + 2` weighted layers (n = 3 → ResNet-20, n = 9 → ResNet-56).
///
/// A basic block is `Conv3×3 → BN → ReLU → Conv3×3 → BN`, added to the shortcut, then ReLU.
/// Shortcuts use **option B** of the paper: the identity, except where a stage starts (stride 2,
/// twice the filters), where a 1×1 convolution with stride 2 and batch normalization projects the
/// input (as in the Keras "ResNet v1" CIFAR-10 example). ResNet-20 has 274,042 parameters and
/// ResNet-56 860,026 (Keras's `count_params`, batch normalization's moving statistics included),
/// the paper's 0.27M and 0.85M; the tests check them against the same network built in Keras
/// (`Scripts/bench/resnet20_keras.py`, `Scripts/compare/zoo_params.py`).
/// Convolutions have no bias (batch normalization follows) and He-normal initialisation.
/// - Parameters:
///   - depth: `6n + 2`: 20, 32, 44, 56, 110, ….
///   - inputShape: `[height, width, channels]`, at least 4×4.
public func CIFARResNet(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10, name: String? = nil) throws -> Model {
    guard depth >= 8, (depth - 2) % 6 == 0 else {
        throw LaminaError(.value, "CIFARResNet: depth must be 6n + 2 (20, 32, 44, 56, 110, ...), received \(depth)")
    }
    try ModelSupport.checkImageShape(inputShape, model: "CIFARResNet", minSize: 4)
    try ModelSupport.checkClasses(classes, model: "CIFARResNet")
    let blocks = (depth - 2) / 6
    let inputs = Input(shape: inputShape)
    var x = try ModelSupport.convBN(inputs, 16, [3, 3], kernelInitializer: HeNormal())
    for (stage, filters) in [16, 32, 64].enumerated() {
        for block in 0..<blocks {
            let strides = stage > 0 && block == 0 ? 2 : 1
            x = try cifarBasicBlock(x, filters: filters, strides: strides)
        }
    }
    x = try GlobalAveragePooling2D()(x)
    let outputs = try Dense(classes, activation: .softmax, kernelInitializer: HeNormal())(x)
    return try Model(inputs: inputs, outputs: outputs, name: name ?? "resnet\(depth)")
}

/// ResNet-20 for CIFAR-10 (n = 3); see ``CIFARResNet(depth:inputShape:classes:name:)``.
public func ResNet20(inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    try CIFARResNet(depth: 20, inputShape: inputShape, classes: classes)
}

/// ResNet-56 for CIFAR-10 (n = 9); see ``CIFARResNet(depth:inputShape:classes:name:)``.
public func ResNet56(inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    try CIFARResNet(depth: 56, inputShape: inputShape, classes: classes)
}

/// One basic block with an option-B shortcut.
func cifarBasicBlock(_ input: KerasTensor, filters: Int, strides: Int) throws -> KerasTensor {
    var y = try ModelSupport.convBN(input, filters, [3, 3], strides: strides, kernelInitializer: HeNormal())
    y = try ModelSupport.convBN(y, filters, [3, 3], kernelInitializer: HeNormal(), activation: nil)
    var shortcut = input
    if strides != 1 || ModelSupport.channels(input) != filters {
        shortcut = try ModelSupport.convBN(input, filters, [1, 1], strides: strides, kernelInitializer: HeNormal(), activation: nil)
    }
    let sum = try Add()([shortcut, y])[0]
    return try ActivationLayer(.relu)(sum)
}
