/// Joins its inputs along `axis` (`keras.layers.Concatenate`); all other axes must match.
///
/// - Inputs: `[batch, …, d_i, …]` of one rank. Output: the same with `Σ d_i` on `axis`.
/// - Masks: inputs without a mask count as all-valid; the output mask is any-valid over the last axis.
public final class Concatenate: Layer {
    public let axis: Int

    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name)
    }

    public override class var className: String { "Concatenate" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        _ = try computeOutputShape(inputShapes)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let first = inputShapes.first else {
            throw LaminaError.value("Layer \"\(name)\": A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=[]")
        }
        let rank = first.count
        let err = LaminaError.shape("Layer \"\(name)\": A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
            + "Received: input_shape=\(describeShapes(inputShapes))")
        guard rank > 0, axis >= -rank && axis < rank, inputShapes.allSatisfy({ $0.count == rank }) else { throw err }
        let a = axis < 0 ? axis + rank : axis
        var out = first
        for s in inputShapes.dropFirst() {
            for d in 0..<rank where d != a {
                if let x = out[d], let y = s[d], x != y { throw err }
                if out[d] == nil { out[d] = s[d] }
            }
            out[a] = out[a].flatMap { x in s[a].map { x + $0 } }
        }
        return [out]
    }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        _ = try computeOutputShape(inputs.map { $0.shape.map { Optional($0) } })
        return [Tensor.concat(inputs, axis: axis)]
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard masks.contains(where: { $0 != nil }) else { return [nil] }
        let full = zip(inputs, masks).map { x, m -> Tensor in
            guard let m else { return Tensor.full(1, shape: x.shape, dtype: .bool, on: x.backend) }
            var b = boolMask(m)
            if b.rank < x.rank { b = b.expandingDims(at: -1).broadcast(to: x.shape) }
            return b
        }
        return [Tensor.concat(full, axis: axis).max(axis: -1)]
    }

    public override var config: [String: JSONValue] { ["axis": JSONValue(axis)] }
}
