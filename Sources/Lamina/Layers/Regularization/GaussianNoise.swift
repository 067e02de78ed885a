/// Adds zero-centred Gaussian noise of standard deviation `stddev` during training
/// (`keras.layers.GaussianNoise`); the identity at inference.
///
/// - Input: any shape. Output: the same shape. Masks pass through.
/// - `seed`: makes the sequence of noise draws reproducible (see ``Dropout``).
public final class GaussianNoise: Layer {
    public let stddev: Float
    public let seed: Int?
    private var generator: Philox

    public init(stddev: Float, seed: Int? = nil, name: String? = nil) throws {
        guard stddev >= 0 && stddev <= 1 else {
            throw LaminaError.value("Invalid value received for argument `stddev`. Expected a float value between 0 and 1. Received: stddev=\(stddev)")
        }
        self.stddev = stddev
        self.seed = seed
        generator = RandomState.generator(seed: seed)
        super.init(name: name)
    }

    public override class var className: String { "GaussianNoise" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training && stddev > 0 else { return input }
        return input + Tensor.randomNormal(input.shape, standardDeviation: stddev, seed: generator.nextSeed(), on: input.backend)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["stddev": JSONValue(stddev), "seed": JSONValue(seed)] }
}
