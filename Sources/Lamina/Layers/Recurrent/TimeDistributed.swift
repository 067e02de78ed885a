/// Applies a layer to every time step of a sequence (`keras.layers.TimeDistributed`): the input
/// `[B, T, …]` is folded to `[B·T, …]`, run through `layer`, and unfolded to `[B, T, …out]`.
/// Weights live under the sublayer `layer`. Masks pass through.
public final class TimeDistributed: Layer {
    public let layer: Layer

    public init(_ layer: Layer, name: String? = nil) {
        self.layer = layer
        super.init(name: name)
    }

    public override class var className: String { "TimeDistributed" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        guard let s = inputShapes.first, s.count >= 3 else {
            throw LaminaError.shape("`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: \(describeShape(inputShapes.first ?? []))")
        }
        try layer.ensureBuilt([[nil] + Array(s.dropFirst(2))])
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 3 else {
            throw LaminaError.shape("Layer \"\(name)\" (TimeDistributed) expects an input of rank ≥ 3. Received: \(input.shape)")
        }
        let b = input.shape[0], steps = input.shape[1]
        let folded = input.reshaped([b * steps] + Array(input.shape.dropFirst(2)))
        let y = try layer.callAsFunction(folded, training: training)
        return y.reshaped([b, steps] + Array(y.shape.dropFirst()))
    }

    public override var config: [String: JSONValue] {
        ["layer": ["module": "keras.layers", "class_name": .string(layer.className), "config": .object(layer.fullConfig), "registered_name": nil]]
    }
}
