/// Wraps a Swift closure as a layer (`keras.layers.Lambda`), for simple stateless computations.
///
/// - Input: one tensor (or several, with ``init(inputs:outputShape:name:)``). Output: the closure's result.
/// - `outputShape`: the output shape without the batch; when nil, it is found by running the
///   closure once on zeros.
/// - A Lambda's config records the closure only by name (`{"class_name": "__swift_closure__"}`),
///   so ``LayerRegistry`` cannot rebuild it from a config.
public final class Lambda: Layer {
    public let function: ([Tensor]) throws -> Tensor
    public let outputShape: [Int?]?

    /// A layer computing `function(input)`.
    public init(_ function: @escaping (Tensor) throws -> Tensor, outputShape: [Int?]? = nil, name: String? = nil) {
        self.function = { inputs in
            guard inputs.count == 1 else {
                throw LaminaError.value("A Lambda layer made from a one-tensor closure received \(inputs.count) input tensors")
            }
            return try function(inputs[0])
        }
        self.outputShape = outputShape
        super.init(name: name)
    }

    /// A layer computing `function(inputs)` from several inputs.
    public init(inputs function: @escaping ([Tensor]) throws -> Tensor, outputShape: [Int?]? = nil, name: String? = nil) {
        self.function = function
        self.outputShape = outputShape
        super.init(name: name)
    }

    public override class var className: String { "Lambda" }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] { [try function(inputs)] }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let outputShape else { return try super.computeOutputShape(inputShapes) }
        return [[inputShapes.first?.first ?? nil] + outputShape]
    }

    public override var config: [String: JSONValue] {
        var c: [String: JSONValue] = ["function": ["class_name": "__swift_closure__", "config": ["name": .string(name)]],
                                      "arguments": [:]]
        if let outputShape { c["output_shape"] = JSONValue(shape: outputShape) }
        return c
    }
}
