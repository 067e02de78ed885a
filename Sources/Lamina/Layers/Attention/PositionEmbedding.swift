/// Learned position embeddings (keras_hub `PositionEmbedding`): returns the first `T` rows of a
/// `[sequenceLength, features]` table, broadcast to the input's shape (add it to the input yourself).
///
/// - Input: `[batch, T, features]` with `T ≤ sequenceLength`. Output: the same shape.
/// - Weights: `embeddings` `[sequenceLength, features]`.
public final class PositionEmbedding: Layer {
    public let sequenceLength: Int
    public let initializer: any Initializer
    public private(set) var embeddings: Variable?

    public init(sequenceLength: Int, initializer: any Initializer = GlorotUniform(), name: String? = nil) {
        self.sequenceLength = sequenceLength
        self.initializer = initializer
        super.init(name: name)
    }

    public override class var className: String { "PositionEmbedding" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        guard let features = inputShapes.first?.last ?? nil else {
            throw LaminaError.shape("Layer \"\(name)\": the feature dimension must be defined. Received: \(describeShapes(inputShapes))")
        }
        embeddings = addWeight(name: "embeddings", shape: [sequenceLength, features], initializer: initializer)
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let embeddings else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        try checkLength(input.shape.map { $0 })
        return embeddings.value.slice(axis: 0, 0..<input.shape[input.rank - 2]).broadcast(to: input.shape)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        try checkLength(inputShapes[0])
        return [inputShapes[0]]
    }

    /// Throws unless the shape is `[..., T, features]` with `T ≤ sequenceLength` (an unknown `T` passes).
    func checkLength(_ shape: [Int?]) throws {
        guard shape.count >= 2 else {
            throw LaminaError.shape("Layer \"\(name)\" (PositionEmbedding) expects inputs of shape (batch, sequence_length, features). "
                + "Received: inputs.shape=\(describeShape(shape))")
        }
        if let t = shape[shape.count - 2], t > sequenceLength {
            var expected = shape.map { $0.map(String.init) ?? "None" }
            expected[shape.count - 2] = "<=\(sequenceLength)"
            throw LaminaError.shape("Layer \"\(name)\" (PositionEmbedding): the input sequence is longer than the layer's "
                + "sequence_length=\(sequenceLength): expected inputs of shape (\(expected.joined(separator: ", "))). "
                + "Received: inputs.shape=\(describeShape(shape))")
        }
    }
    public override var config: [String: JSONValue] {
        ["sequence_length": JSONValue(sequenceLength), "initializer": initializer.serialized(module: "keras.initializers")]
    }
}

/// Fixed sinusoidal position encodings (keras_hub `SinePositionEncoding`): feature `2i` of
/// position `p` is `sin(p / maxWavelength^(2i/d))`, feature `2i+1` the cosine.
///
/// - Input: `[batch, T, d]`. Output: the encodings broadcast to the same shape. No weights.
public final class SinePositionEncoding: Layer {
    public let maxWavelength: Float

    public init(maxWavelength: Float = 10_000, name: String? = nil) {
        self.maxWavelength = maxWavelength
        super.init(name: name)
    }

    public override class var className: String { "SinePositionEncoding" }
    public override var supportsMasking: Bool { true }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 2 else { throw LaminaError.shape("Layer \"\(name)\": inputs must be [batch, T, d]. Received: \(describeShape(input.shape.map { $0 }))") }
        let t = input.shape[input.rank - 2], d = input.shape[input.rank - 1]
        var table = [Float](repeating: 0, count: t * d)
        for p in 0..<t {
            for j in 0..<d {
                let timescale = Double(1 / maxWavelength).pow(2 * Double(j / 2) / Double(d))
                let angle = Double(p) * timescale
                table[p * d + j] = Float(j % 2 == 0 ? angle.sinValue : angle.cosValue)
            }
        }
        return Tensor(table, shape: [t, d], on: input.backend).broadcast(to: input.shape)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }
    public override var config: [String: JSONValue] { ["max_wavelength": JSONValue(maxWavelength)] }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    fileprivate func pow(_ e: Double) -> Double { Glibc.pow(self, e) }
    fileprivate var sinValue: Double { Glibc.sin(self) }
    fileprivate var cosValue: Double { Glibc.cos(self) }
}
