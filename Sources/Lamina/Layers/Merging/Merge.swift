/// The base of the elementwise merging layers (Keras `Merge`): several inputs of compatible
/// shapes (broadcasting like NumPy on the axes after the batch; inputs of lower rank get size-1
/// axes inserted after the batch) merged into one. Output masks are the OR of the input masks
/// (nil if any input has none).
public class Merge: Layer {
    public override var supportsMasking: Bool { true }

    /// Combines two inputs (already expanded to one rank).
    func merge(_ a: Tensor, _ b: Tensor) -> Tensor { fatalError("Merge subclasses override merge(_:_:)") }

    /// Merges all inputs; subclasses that treat masks specially override this.
    func mergeAll(_ inputs: [Tensor], masks: [Tensor?]) throws -> Tensor {
        inputs.dropFirst().reduce(inputs[0]) { merge($0, $1) }
    }

    /// Keras's `_compute_elemwise_op_output_shape` (shapes without the batch).
    func elementwiseShape(_ s1: [Int?], _ s2: [Int?]) throws -> [Int?] {
        if s1.count < s2.count { return try elementwiseShape(s2, s1) }
        if s2.isEmpty { return s1 }
        var out = Array(s1.prefix(s1.count - s2.count))
        for (i, j) in zip(s1.suffix(s2.count), s2) {
            switch (i, j) {
            case (nil, _), (_, nil): out.append(nil)
            case (1, _): out.append(j)
            case (_, 1): out.append(i)
            default:
                guard i == j else {
                    throw LaminaError.shape("Layer \"\(name)\" (\(className)): Inputs have incompatible shapes. Received shapes \(describeShape(s1)) and \(describeShape(s2))")
                }
                out.append(i)
            }
        }
        return out
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        _ = try computeOutputShape(inputShapes)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard !inputShapes.isEmpty else {
            throw LaminaError.value("Layer \"\(name)\": a merge layer should be called on a list of at least 1 input. Received 0 inputs.")
        }
        let batches = Set(inputShapes.compactMap { $0.first ?? nil })
        guard batches.count <= 1 else {
            throw LaminaError.shape("Layer \"\(name)\": Cannot merge tensors with different batch sizes. Received tensors with shapes \(describeShapes(inputShapes))")
        }
        var out = Array(inputShapes[0].dropFirst())
        for s in inputShapes.dropFirst() { out = try elementwiseShape(out, Array(s.dropFirst())) }
        return [[batches.first] + out]
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        let maxRank = inputs.map(\.rank).max() ?? 0
        let expanded = inputs.map { x -> Tensor in
            var x = x
            while x.rank < maxRank { x = x.expandingDims(at: 1) }
            return x
        }
        _ = try computeOutputShape(expanded.map { $0.shape.map { Optional($0) } })
        return [try mergeAll(expanded, masks: masks)]
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard !masks.isEmpty, masks.allSatisfy({ $0 != nil }) else { return [nil] }
        let ms = masks.map { boolMask($0!) }
        return [ms.dropFirst().reduce(ms[0]) { $0.logicalOr($1) }]
    }

    /// Masks in the shape of their inputs (Keras expands a `[batch, steps]` mask over the features),
    /// or nil.
    func expandedMasks(_ inputs: [Tensor], _ masks: [Tensor?]) -> [Tensor?] {
        zip(inputs, masks).map { x, m in
            guard let m else { return nil }
            var b = boolMask(m)
            if b.rank < x.rank { b = b.expandingDims(at: -1) }
            return b.broadcast(to: x.shape)
        }
    }
}

/// Keras-style rendering of a list of shapes: `[(None, 3), (None, 4)]`.
func describeShapes(_ shapes: [[Int?]]) -> String { "[" + shapes.map(describeShape).joined(separator: ", ") + "]" }

/// Sums its inputs elementwise (`keras.layers.Add`). Inputs: shapes that broadcast; output: the broadcast shape.
public final class Add: Merge {
    public override class var className: String { "Add" }
    override func merge(_ a: Tensor, _ b: Tensor) -> Tensor { a + b }
}

extension Add: ReluFusable {
    /// Two float inputs of one shape (a residual connection): `max(a + b, 0)` in one pass.
    func callFollowedByRelu(_ inputs: [Tensor], training: Bool) throws -> Tensor? {
        guard inputs.count == 2, inputs[0].shape == inputs[1].shape, inputs[0].dtype == .float32, inputs[1].dtype == .float32 else {
            return nil
        }
        try ensureBuilt(inputs.map(\.kerasShape))
        return inputs[0].addingRelu(inputs[1])
    }
}

/// `inputs[0] - inputs[1]` (`keras.layers.Subtract`); exactly two inputs.
public final class Subtract: Merge {
    public override class var className: String { "Subtract" }
    override func merge(_ a: Tensor, _ b: Tensor) -> Tensor { a - b }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 2 else {
            throw LaminaError.value("Layer \"\(name)\": A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=\(describeShapes(inputShapes))")
        }
        return try super.computeOutputShape(inputShapes)
    }
}

/// The elementwise mean of its inputs (`keras.layers.Average`).
public final class Average: Merge {
    public override class var className: String { "Average" }
    override func mergeAll(_ inputs: [Tensor], masks: [Tensor?]) throws -> Tensor {
        inputs.dropFirst().reduce(inputs[0], +) / Float(inputs.count)
    }
}

/// Elementwise product (`keras.layers.Multiply`). With masks on every input, masked positions
/// count as 1 in the product and the output is 0 where no input is valid (as Keras).
public final class Multiply: Merge {
    public override class var className: String { "Multiply" }
    override func merge(_ a: Tensor, _ b: Tensor) -> Tensor { a * b }

    override func mergeAll(_ inputs: [Tensor], masks: [Tensor?]) throws -> Tensor {
        let ms = expandedMasks(inputs, masks)
        let allMasked = !ms.isEmpty && ms.allSatisfy { $0 != nil }
        var output: Tensor?
        var outputMask: Tensor?
        for (x, m) in zip(inputs, ms) {
            var x = x
            if let m {
                x = Tensor.where(m, x, Tensor.full(1, shape: [], on: x.backend))
                if allMasked { outputMask = outputMask.map { $0.logicalOr(m) } ?? m }
            }
            output = output.map { $0 * x } ?? x
        }
        if let outputMask, let o = output { return Tensor.where(outputMask, o, Tensor.full(0, shape: [], on: o.backend)) }
        return output!
    }
}

/// Elementwise maximum (`keras.layers.Maximum`); masked positions take the other inputs' values.
public final class Maximum: Merge {
    public override class var className: String { "Maximum" }
    override func merge(_ a: Tensor, _ b: Tensor) -> Tensor { a.maximum(b) }
    override func mergeAll(_ inputs: [Tensor], masks: [Tensor?]) throws -> Tensor { mergeMasked(inputs, expandedMasks(inputs, masks)) }
}

/// Elementwise minimum (`keras.layers.Minimum`); masked positions take the other inputs' values.
public final class Minimum: Merge {
    public override class var className: String { "Minimum" }
    override func merge(_ a: Tensor, _ b: Tensor) -> Tensor { a.minimum(b) }
    override func mergeAll(_ inputs: [Tensor], masks: [Tensor?]) throws -> Tensor { mergeMasked(inputs, expandedMasks(inputs, masks)) }
}

extension Merge {
    /// Keras's `_apply_merge_op_and_or_mask`: where one side is masked out, the other side's value
    /// is used on both sides of the op.
    func mergeMasked(_ inputs: [Tensor], _ masks: [Tensor?]) -> Tensor {
        var output = inputs[0]
        var outputMask = masks[0]
        for (x0, mask) in zip(inputs.dropFirst(), masks.dropFirst()) {
            var x = x0
            if let mask { x = Tensor.where(mask, x, output) }
            if let outputMask { output = Tensor.where(outputMask, output, x) }
            if let mask, let om = outputMask { outputMask = om.logicalOr(mask) } else { outputMask = nil }
            output = merge(output, x)
        }
        return output
    }
}
