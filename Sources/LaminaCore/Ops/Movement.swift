// Shape and movement operations: reshape, permute, broadcast, slice, pad, concat, stack, split.

extension Tensor {
    /// The same elements in a new shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0,
                         "reshape: cannot reshape a tensor of shape \(ShapeMath.describe(shape)) to \(ShapeMath.describe(newShape))")
            s[i] = count / known
        }
        if s == shape { return self }
        let y = rawReshaped(s), inShape = shape
        return Tensor.record("reshape", y, inputs: [self]) { g, _ in [g.reshaped(inShape)] }
    }

    /// Flattens all axes after the first: `[N, d1, d2, …] → [N, d1·d2·…]`.
    public func flattened() -> Tensor { reshaped([rank == 0 ? 1 : shape[0], -1]) }

    /// Inserts a size-1 axis at `axis` (negative counts from the end of the new shape).
    public func expandingDims(at axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "expandingDims: axis \(axis) is out of range for rank \(rank)")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// Removes size-1 axes (the given ones, or all).
    public func squeezing(axes: [Int]? = nil) -> Tensor {
        let ax = ShapeMath.normalizeAxes(axes ?? shape.indices.filter { shape[$0] == 1 }, rank: rank, op: "squeeze")
        for a in ax { precondition(shape[a] == 1, "squeeze: axis \(a) of shape \(ShapeMath.describe(shape)) is not 1") }
        return reshaped(shape.enumerated().filter { !ax.contains($0.offset) }.map(\.element))
    }

    /// Reorders axes: output axis `i` is input axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        let p = permutation.map { ShapeMath.normalizeAxis($0, rank: rank, op: "permute") }
        precondition(p.count == rank && Set(p).count == rank,
                     "permute: \(permutation) is not a permutation of the axes of shape \(ShapeMath.describe(shape))")
        if p == Array(0..<rank) { return self }
        let y = backend.permute(self, p)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in p.enumerated() { inverse[a] = i }
        return Tensor.record("permute", y, inputs: [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// Swaps the last two axes (matrix transpose; a vector is returned unchanged).
    public func transposed() -> Tensor {
        guard rank >= 2 else { return self }
        var p = Array(0..<rank)
        p.swapAt(rank - 1, rank - 2)
        return permuted(p)
    }

    /// Repeats size-1 (and missing leading) dimensions to reach `target`.
    public func broadcast(to target: [Int]) -> Tensor {
        guard let s = ShapeMath.broadcast(shape, target), s == target else {
            preconditionFailure("broadcast: shape \(ShapeMath.describe(shape)) cannot be broadcast to \(ShapeMath.describe(target))")
        }
        if target == shape { return self }
        let y = backend.broadcast(self, to: target), inShape = shape
        return Tensor.record("broadcast", y, inputs: [self]) { g, _ in [g.summed(toShape: inShape)] }
    }

    /// A strided slice: along each axis `d`, `size[d]` elements starting at `start[d]`, every
    /// `strides[d]` (default 1). Everything must lie inside the tensor.
    public func slice(start: [Int], size: [Int], strides: [Int]? = nil) -> Tensor {
        let st = strides ?? [Int](repeating: 1, count: rank)
        precondition(start.count == rank && size.count == rank && st.count == rank,
                     "slice: start \(start), size \(size) and strides \(st) must each have \(rank) entries for shape \(ShapeMath.describe(shape))")
        for d in 0..<rank {
            precondition(st[d] >= 1 && start[d] >= 0 && size[d] >= 0
                         && (size[d] == 0 || start[d] + (size[d] - 1) * st[d] < shape[d]),
                         "slice: start \(start), size \(size), strides \(st) fall outside shape \(ShapeMath.describe(shape))")
        }
        let y = backend.slice(self, start: start, shape: size, strides: st), inShape = shape
        return Tensor.record("slice", y, inputs: [self]) { g, _ in
            [g.backend.unslice(g, inputShape: inShape, start: start, strides: st)]
        }
    }

    /// Elements `range` of `axis`, every `stride`.
    public func slice(axis: Int, _ range: Range<Int>, stride: Int = 1) -> Tensor {
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "slice")
        var start = [Int](repeating: 0, count: rank), size = shape, st = [Int](repeating: 1, count: rank)
        start[a] = range.lowerBound
        size[a] = (range.count + stride - 1) / stride
        st[a] = stride
        return slice(start: start, size: size, strides: st)
    }

    /// Pads axis `d` with `padding[d].before` and `padding[d].after` copies of `value`.
    public func padded(_ padding: [(before: Int, after: Int)], value: Float = 0) -> Tensor {
        precondition(padding.count == rank && padding.allSatisfy { $0.before >= 0 && $0.after >= 0 },
                     "pad: need \(rank) non-negative (before, after) pairs for shape \(ShapeMath.describe(shape))")
        let y = backend.pad(self, before: padding.map(\.before), after: padding.map(\.after), value: value)
        let start = padding.map(\.before), size = shape
        return Tensor.record("pad", y, inputs: [self]) { g, _ in [g.slice(start: start, size: size)] }
    }

    /// Joins tensors along `axis`; all other dimensions must match.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concat: needs at least one tensor")
        let first = tensors[0]
        let a = ShapeMath.normalizeAxis(axis, rank: first.rank, op: "concat")
        for t in tensors {
            precondition(t.rank == first.rank && t.dtype == first.dtype && t.backend === first.backend
                         && (0..<t.rank).allSatisfy { $0 == a || t.shape[$0] == first.shape[$0] },
                         "concat: shapes \(tensors.map { ShapeMath.describe($0.shape) }.joined(separator: ", ")) do not match outside axis \(axis)")
        }
        if tensors.count == 1 { return first }
        let y = first.backend.concat(tensors, axis: a)
        let sizes = tensors.map { $0.shape[a] }
        return record("concat", y, inputs: tensors) { g, needs in
            var offset = 0
            return sizes.enumerated().map { i, n in
                defer { offset += n }
                return needs[i] ? g.slice(axis: a, offset..<(offset + n)) : nil
            }
        }
    }

    /// Stacks tensors of one shape along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack: needs at least one tensor")
        precondition(tensors.allSatisfy { $0.shape == tensors[0].shape },
                     "stack: shapes \(tensors.map { ShapeMath.describe($0.shape) }.joined(separator: ", ")) differ")
        return concat(tensors.map { $0.expandingDims(at: axis) }, axis: axis)
    }

    /// Splits along `axis` into pieces of the given sizes (which must add up to the axis).
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "split")
        precondition(sizes.reduce(0, +) == shape[a] && sizes.allSatisfy { $0 >= 0 },
                     "split: sizes \(sizes) do not add up to dimension \(shape[a]) of shape \(ShapeMath.describe(shape))")
        var offset = 0
        return sizes.map { n in
            defer { offset += n }
            return slice(axis: a, offset..<(offset + n))
        }
    }

    /// Splits along `axis` into `parts` equal pieces.
    public func split(parts: Int, axis: Int = 0) -> [Tensor] {
        let a = ShapeMath.normalizeAxis(axis, rank: rank, op: "split")
        precondition(parts > 0 && shape[a] % parts == 0, "split: dimension \(shape[a]) does not split into \(parts) equal parts")
        return split(sizes: [Int](repeating: shape[a] / parts, count: parts), axis: a)
    }
}
