/// What a layer accepts, checked on every call (Keras `InputSpec`): the rank and the sizes of
/// some axes. A mismatch throws with the layer's name, the expectation and the received shape.
public struct InputSpec: Sendable, Equatable {
    public var rank: Int?
    public var minRank: Int?
    public var maxRank: Int?
    /// Required sizes by axis (negative axes count from the end).
    public var axes: [Int: Int]

    public init(rank: Int? = nil, minRank: Int? = nil, maxRank: Int? = nil, axes: [Int: Int] = [:]) {
        self.rank = rank; self.minRank = minRank; self.maxRank = maxRank; self.axes = axes
    }

    /// Throws if `shape` does not satisfy this spec.
    func check(_ shape: [Int?], layer: String, input index: Int = 0) throws {
        let head = "Input \(index) of layer \"\(layer)\" is incompatible with the layer"
        if let rank, shape.count != rank {
            throw LaminaError.shape("\(head): expected ndim=\(rank), found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        if let minRank, shape.count < minRank {
            throw LaminaError.shape("\(head): expected min_ndim=\(minRank), found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        if let maxRank, shape.count > maxRank {
            throw LaminaError.shape("\(head): expected max_ndim=\(maxRank), found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        for (axis, size) in axes.sorted(by: { $0.key < $1.key }) {
            let a = axis < 0 ? axis + shape.count : axis
            guard a >= 0 && a < shape.count else {
                throw LaminaError.shape("\(head): expected axis \(axis) to exist. Received: input with shape \(describeShape(shape))")
            }
            if let d = shape[a], d != size {
                throw LaminaError.shape("\(head): expected axis \(axis) of input shape to have value \(size), but received input with shape \(describeShape(shape))")
            }
        }
    }
}
