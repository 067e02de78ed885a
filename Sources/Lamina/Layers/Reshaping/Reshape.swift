/// Reshapes each example to `targetShape` (`keras.layers.Reshape`); the batch is kept.
/// One entry may be -1, inferred from the others.
///
/// - Input: `[batch, d1, …]`. Output: `[batch] + targetShape` (with -1 resolved).
public final class Reshape: Layer {
    public let targetShape: [Int]

    public init(_ targetShape: [Int], name: String? = nil) throws {
        guard targetShape.allSatisfy({ $0 >= -1 }), targetShape.filter({ $0 == -1 }).count <= 1 else {
            throw LaminaError.value("Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. "
                + "Received: target_shape=\(describeShape(targetShape.map { $0 }))")
        }
        self.targetShape = targetShape
        super.init(name: name)
    }

    public override class var className: String { "Reshape" }

    /// The output shape without the batch for inputs of shape `inputShape` (without the batch).
    func resolved(_ inputShape: [Int?]) throws -> [Int?] {
        let target = targetShape.map { Optional($0) }
        if inputShape.contains(where: { $0 == nil }) { return targetShape.map { $0 == -1 ? nil : $0 } }
        let size = inputShape.reduce(1) { $0 * $1! }
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        let head = "Layer \"\(name)\" (Reshape): the total size of the tensor must be unchanged"
        guard let unknown = targetShape.firstIndex(of: -1) else {
            guard size == known else {
                throw LaminaError.shape("\(head). Received: input_shape=\(describeShape(inputShape)), target_shape=\(describeShape(target))")
            }
            return target
        }
        guard known != 0 && size % known == 0 else {
            throw LaminaError.shape("\(head), however, the input size cannot by divided by the specified dimensions in target_shape. "
                + "Received: input_shape=\(describeShape(inputShape)), target_shape=\(describeShape(target))")
        }
        var out = target
        out[unknown] = size / known
        return out
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let shape = try resolved(input.shape.dropFirst().map { $0 })
        return input.reshaped([input.shape[0]] + shape.map { $0! })
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        return [[s.first ?? nil] + (try resolved(Array(s.dropFirst())))]
    }

    public override var config: [String: JSONValue] { ["target_shape": JSONValue(targetShape)] }
}
