import LaminaCore

/// The shared machinery of the max and average pooling layers (Keras `BasePooling`),
/// channels-last; 1-D pooling runs as 2-D pooling of height 1.
///
/// - Input: `[batch, (h,) w, channels]`. Output: `[batch, (oh,) ow, channels]`, per axis
///   `floor((n - pool) / stride) + 1` ("valid") or `ceil(n / stride)` ("same").
/// - `strides` defaults to `poolSize`. With "same", padded cells never win a max and are not
///   counted in an average (Keras's behaviour).
public class BasePooling: Layer {
    public let spatialRank: Int
    public let kind: PoolKind
    public private(set) var poolSize: [Int] = []
    public private(set) var strides: [Int] = []
    public private(set) var padding: ConvPadding = .valid

    init(rank: Int, kind: PoolKind, poolSize: [Int], strides: [Int]?, padding: String, name: String?) throws {
        spatialRank = rank
        self.kind = kind
        super.init(name: name)
        self.poolSize = try ConvArgs.tuple(poolSize, rank, "pool_size", layer: self.name)
        self.strides = try ConvArgs.tuple(strides ?? self.poolSize, rank, "strides", layer: self.name)
        self.padding = try ConvArgs.padding(padding, layer: self.name)
        inputSpec = [InputSpec(rank: rank + 2)]
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let x = spatialRank == 1 ? input.reshaped([input.shape[0], 1, input.shape[1], input.shape[2]]) : input
        let window = spatialRank == 1 ? [1] + poolSize : poolSize, s = spatialRank == 1 ? [1] + strides : strides
        let p = ConvArgs.parameters(x, kernel: window, strides: s, dilation: [1, 1], padding: padding)
        let y = x.pool2d(kind, window: window, p)
        return spatialRank == 1 ? y.reshaped([y.shape[0], y.shape[2], y.shape[3]]) : y
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let shape = inputShapes[0]
        guard shape.count == spatialRank + 2 else {
            throw LaminaError.shape("Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=\(spatialRank + 2), found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        let spatial = ConvArgs.outputLengths(shape, kernel: poolSize, strides: strides, padding: padding)
        return [[shape[0]] + spatial + [shape[spatialRank + 1]]]
    }

    public override var config: [String: JSONValue] {
        ["pool_size": JSONValue(poolSize), "padding": .string(padding.rawValue), "strides": JSONValue(strides),
         "data_format": "channels_last"]
    }
}

/// Max pooling over 2-D windows (`keras.layers.MaxPooling2D`); see ``BasePooling``.
public final class MaxPooling2D: BasePooling {
    public init(poolSize: [Int] = [2, 2], strides: [Int]? = nil, padding: String = "valid", name: String? = nil) throws {
        try super.init(rank: 2, kind: .max, poolSize: poolSize, strides: strides, padding: padding, name: name)
    }
    public override class var className: String { "MaxPooling2D" }
}

/// Average pooling over 2-D windows (`keras.layers.AveragePooling2D`); see ``BasePooling``.
public final class AveragePooling2D: BasePooling {
    public init(poolSize: [Int] = [2, 2], strides: [Int]? = nil, padding: String = "valid", name: String? = nil) throws {
        try super.init(rank: 2, kind: .average, poolSize: poolSize, strides: strides, padding: padding, name: name)
    }
    public override class var className: String { "AveragePooling2D" }
}

/// Max pooling over 1-D windows (`keras.layers.MaxPooling1D`): `[batch, steps, channels]`.
public final class MaxPooling1D: BasePooling {
    public init(poolSize: Int = 2, strides: Int? = nil, padding: String = "valid", name: String? = nil) throws {
        try super.init(rank: 1, kind: .max, poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name)
    }
    public override class var className: String { "MaxPooling1D" }
}

/// Average pooling over 1-D windows (`keras.layers.AveragePooling1D`): `[batch, steps, channels]`.
public final class AveragePooling1D: BasePooling {
    public init(poolSize: Int = 2, strides: Int? = nil, padding: String = "valid", name: String? = nil) throws {
        try super.init(rank: 1, kind: .average, poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name)
    }
    public override class var className: String { "AveragePooling1D" }
}
