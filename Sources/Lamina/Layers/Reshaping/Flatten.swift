/// Flattens every axis after the batch (`keras.layers.Flatten`).
///
/// - Input: `[batch, d1, …, dn]` (rank ≥ 1). Output: `[batch, d1·…·dn]` (`[batch, 1]` for rank 1).
/// - `dataFormat: "channels_first"` moves the channel axis last first, so the element order
///   matches a channels-last model.
public final class Flatten: Layer {
    public let dataFormat: String

    public init(dataFormat: String = "channels_last", name: String? = nil) throws {
        guard dataFormat == "channels_last" || dataFormat == "channels_first" else {
            throw LaminaError.value("The `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=\(dataFormat)")
        }
        self.dataFormat = dataFormat
        super.init(name: name)
        inputSpec = [InputSpec(minRank: 1)]
    }

    public override class var className: String { "Flatten" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        var x = input
        if dataFormat == "channels_first" && x.rank > 2 { x = x.permuted([0] + Array(2..<x.rank) + [1]) }
        return x.reshaped([x.shape[0], x.rank == 1 ? 1 : ShapeMath.count(Array(x.shape.dropFirst()))])
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        let rest = s.dropFirst()
        let flat: Int? = rest.isEmpty ? 1 : (rest.contains { $0 == nil } ? nil : rest.reduce(1) { $0 * $1! })
        return [[s.first ?? nil, flat]]
    }

    public override var config: [String: JSONValue] { ["data_format": .string(dataFormat)] }
}
