import LaminaCore

/// Global max or average pooling over every spatial axis (Keras `BaseGlobalPooling`), channels-last.
///
/// - Input: `[batch, (h,) w, channels]`. Output: `[batch, channels]`, or `[batch, 1, (1,) channels]`
///   with `keepdims`.
/// - ``GlobalAveragePooling1D`` honours a mask `[batch, steps]`: masked steps are left out of the mean.
public class BaseGlobalPooling: Layer {
    public let spatialRank: Int
    public let kind: PoolKind
    public let keepdims: Bool

    init(rank: Int, kind: PoolKind, keepdims: Bool, name: String?) {
        spatialRank = rank
        self.kind = kind
        self.keepdims = keepdims
        super.init(name: name)
        inputSpec = [InputSpec(rank: rank + 2)]
    }

    var axes: [Int] { Array(1...spatialRank) }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        guard inputs.count == 1 else { return try call(inputs, training: training) }
        let x = inputs[0]
        if kind == .average, spatialRank == 1, let mask = masks.first ?? nil {
            let m = mask.cast(to: .float32).expandingDims(at: 2)
            return [(x * m).sum(axes: axes, keepDims: keepdims) / m.sum(axes: axes, keepDims: keepdims)]
        }
        return [x.reduce(kind == .max ? .max : .mean, axes: axes, keepDims: keepdims)]
    }

    /// Keras's GlobalAveragePooling1D averages over the unmasked steps; the other global poolings
    /// do not support masking (a mask is dropped, with a warning).
    public override var supportsMasking: Bool { kind == .average && spatialRank == 1 }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] { [nil] }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        guard s.count == spatialRank + 2 else {
            throw LaminaError.shape("Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=\(spatialRank + 2), found ndim=\(s.count). Full shape received: \(describeShape(s))")
        }
        return [keepdims ? [s[0]] + Array(repeating: 1, count: spatialRank) + [s[spatialRank + 1]] : [s[0], s[spatialRank + 1]]]
    }

    public override var config: [String: JSONValue] { ["data_format": "channels_last", "keepdims": .bool(keepdims)] }
}

/// `keras.layers.GlobalAveragePooling1D`: `[batch, steps, channels]` → `[batch, channels]` (mask-aware).
public final class GlobalAveragePooling1D: BaseGlobalPooling {
    public init(keepdims: Bool = false, name: String? = nil) { super.init(rank: 1, kind: .average, keepdims: keepdims, name: name) }
    public override class var className: String { "GlobalAveragePooling1D" }
}

/// `keras.layers.GlobalAveragePooling2D`: `[batch, h, w, channels]` → `[batch, channels]`.
public final class GlobalAveragePooling2D: BaseGlobalPooling {
    public init(keepdims: Bool = false, name: String? = nil) { super.init(rank: 2, kind: .average, keepdims: keepdims, name: name) }
    public override class var className: String { "GlobalAveragePooling2D" }
}

/// `keras.layers.GlobalMaxPooling1D`: `[batch, steps, channels]` → `[batch, channels]`.
public final class GlobalMaxPooling1D: BaseGlobalPooling {
    public init(keepdims: Bool = false, name: String? = nil) { super.init(rank: 1, kind: .max, keepdims: keepdims, name: name) }
    public override class var className: String { "GlobalMaxPooling1D" }
}

/// `keras.layers.GlobalMaxPooling2D`: `[batch, h, w, channels]` → `[batch, channels]`.
public final class GlobalMaxPooling2D: BaseGlobalPooling {
    public init(keepdims: Bool = false, name: String? = nil) { super.init(rank: 2, kind: .max, keepdims: keepdims, name: name) }
    public override class var className: String { "GlobalMaxPooling2D" }
}
