/// Randomly sets a fraction `rate` of the inputs to 0 during training and scales the rest by
/// `1 / (1 - rate)`, so the expected sum is unchanged (`keras.layers.Dropout`). At inference it
/// is the identity.
///
/// - Input: any shape. Output: the same shape. Masks pass through.
/// - `noiseShape`: the shape of the keep/drop mask, broadcast to the input; `nil` entries take
///   the input's size (e.g. `[nil, 1, nil]` drops the same features at every timestep).
/// - `seed`: with a seed, the sequence of masks is reproducible (a new layer with the same seed
///   draws the same masks in the same order); without one it comes from the global random state
///   (``setRandomSeed(_:)``).
public final class Dropout: Layer {
    public let rate: Float
    public let noiseShape: [Int?]?
    public let seed: Int?
    private var generator: Philox

    public init(_ rate: Float, noiseShape: [Int?]? = nil, seed: Int? = nil, name: String? = nil) throws {
        guard rate >= 0 && rate <= 1 else {
            throw LaminaError.value("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        if let noiseShape, let (i, d) = noiseShape.enumerated().first(where: { ($0.element ?? 1) <= 0 }) {
            throw LaminaError.value("Invalid value received for argument `noise_shape`. Expected all dimensions to be positive integers or None. "
                + "Received negative or zero value at index \(i): \(d!)")
        }
        self.rate = rate
        self.noiseShape = noiseShape
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "Dropout" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && rate > 0 else { return input }
        if rate >= 1 { return input * 0 }
        var shape = input.shape
        if let noiseShape {
            guard noiseShape.count == input.rank else {
                throw LaminaError.shape("Layer \"\(name)\": noise_shape \(describeShape(noiseShape)) does not match the rank of inputs of shape \(describeShape(input.shape.map { $0 }))")
            }
            shape = zip(noiseShape, input.shape).map { $0 ?? $1 }
        }
        return input * generator.dropoutMask(shape, rate: rate, on: input.backend)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        ["rate": JSONValue(rate), "seed": JSONValue(seed), "noise_shape": noiseShape.map { JSONValue(shape: $0) } ?? nil]
    }
}
