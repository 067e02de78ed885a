import LaminaCore

/// Drops whole feature maps (`keras.layers.SpatialDropout2D`): in training, each channel of each
/// example is zeroed with probability `rate` and the rest scaled by `1 / (1 - rate)`; at inference
/// it is the identity. Channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: the same shape (the mask has shape `[batch, 1, 1, channels]`).
public final class SpatialDropout2D: Layer {
    public let rate: Float
    public let seed: Int?
    private var generator: Philox

    public init(_ rate: Float, seed: Int? = nil, name: String? = nil) throws {
        guard rate >= 0 && rate <= 1 else {
            throw LaminaError.value("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        self.rate = rate
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "SpatialDropout2D" }
    /// Passes masks on, as Keras's spatial dropouts (a `Dropout`) do.
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        if rate >= 1 { return input * 0 }
        return input * generator.dropoutMask([input.shape[0], 1, 1, input.shape[3]], rate: rate, on: input.backend)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        [try ReshapingArgs.rank4(inputShapes[0], layer: name)]
    }

    public override var config: [String: JSONValue] {
        ["rate": JSONValue(rate), "seed": JSONValue(seed), "data_format": "channels_last"]
    }
}
