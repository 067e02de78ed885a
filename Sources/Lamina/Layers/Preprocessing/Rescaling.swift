/// `inputs · scale + offset` (`keras.layers.Rescaling`), e.g. `Rescaling(scale: 1 / 255)` for pixels.
///
/// - Input: any shape. Output: the same shape, float32. Masks pass through.
public final class Rescaling: Layer {
    public let scale: Float
    public let offset: Float

    public init(scale: Float, offset: Float = 0, name: String? = nil) {
        self.scale = scale
        self.offset = offset
        super.init(name: name)
    }

    public override class var className: String { "Rescaling" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        input.cast(to: .float32) * scale + offset
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["scale": JSONValue(scale), "offset": JSONValue(offset)] }
}
