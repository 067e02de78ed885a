import Lamina

/// The seed CNN of the Vision work, the smallest useful image classifier:
///
/// `Conv2D(32, 3, relu) → MaxPooling2D(2) → Flatten → Dense(128, relu) → Dense(classes, softmax)`.
///
/// Its usage is compiled the Keras way:
///
/// ```swift
/// let model = try SimpleCNN(inputShape: [28, 28, 1], classes: 10)
/// try model.compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"])
/// try model.fit(x, y.oneHot(depth: 10), batchSize: 128, epochs: 3)   // x: [N, 28, 28, 1]
/// ```
///
/// On MNIST (28×28×1, 10 classes) it has 693,962 parameters: 320 (conv) + 692,352 (13·13·32 → 128) + 1,290.
/// - Parameters:
///   - inputShape: `[height, width, channels]`; at least 4×4.
///   - classes: output units.
public func SimpleCNN(inputShape: [Int] = [28, 28, 1], classes: Int = 10, name: String = "simple_cnn") throws -> Model {
    try ModelSupport.checkImageShape(inputShape, model: "SimpleCNN", minSize: 4)
    try ModelSupport.checkClasses(classes, model: "SimpleCNN")
    let inputs = Input(shape: inputShape)
    var x = try Conv2D(32, 3, activation: .relu)(inputs)
    x = try MaxPooling2D()(x)
    x = try Flatten()(x)
    x = try Dense(128, activation: .relu)(x)
    let outputs = try Dense(classes, activation: .softmax)(x)
    return try Model(inputs: inputs, outputs: outputs, name: name)
}
