/// Softmax along `axis` (`keras.layers.Softmax`). With a Keras mask (true = keep), masked
/// positions get -1e9 before the softmax and exactly 0 after, as Keras does.
///
/// - Input: any shape. Output: the same shape. The mask must broadcast to the input
///   (aligned on the trailing axes); it passes through.
public final class Softmax: Layer {
    public let axis: Int

    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name)
    }

    public override class var className: String { "Softmax" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        try call([input], masks: [nil], training: training)[0]
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw LaminaError.value("Layer \"\(name)\" (Softmax) expects 1 input, but it received \(inputs.count) input tensors")
        }
        var x = inputs[0]
        guard axis >= -x.rank && axis < x.rank else {
            throw LaminaError.value("Layer \"\(name)\": axis \(axis) is out of range for inputs of shape \(describeShape(x.shape.map { $0 }))")
        }
        guard let raw = masks.first ?? nil else { return [x.softmax(axis: axis)] }
        let ok = raw.rank <= x.rank && zip(raw.shape.reversed(), x.shape.reversed()).allSatisfy { $0 == 1 || $0 == $1 }
        guard ok else {
            throw LaminaError.shape("Layer \"\(name)\": the `mask` must be broadcastable to `inputs`. Received: inputs.shape="
                + "\(describeShape(x.shape.map { $0 })), mask.shape=\(describeShape(raw.shape.map { $0 }))")
        }
        let mask = boolMask(raw)
        x = Tensor.where(mask, x, Tensor.full(-1e9, shape: [], on: x.backend))
        let y = x.softmax(axis: axis)
        return [Tensor.where(mask, y, Tensor.full(0, shape: [], on: x.backend))]
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["axis": JSONValue(axis)] }
}

/// A bool mask from a Keras mask of any dtype (non-bool: true where > 0.5).
func boolMask(_ m: Tensor) -> Tensor {
    m.dtype == .bool ? m : m.cast(to: .float32).greater(0.5)
}
