/// Feature-wise standardization (`keras.layers.Normalization`): `(x - mean) / max(√variance, 1e-7)`,
/// or with `invert` the reverse, `mean + x · max(√variance, 1e-7)`.
///
/// The statistics are kept per index of the `axis` axes (default the last) and shared over the
/// others. Give `mean` and `variance` directly, or call ``adapt(_:)`` on data.
///
/// - Input: any shape whose `axis` sizes are known. Output: the same shape. Masks pass through.
/// - Weights (only without a given `mean`): non-trainable `mean`, `variance` (float32, of the
///   shape of the kept axes) and `count` (an int32 scalar that, as in Keras, `adapt` of an
///   array leaves at 0).
public final class Normalization: Layer {
    /// The axes that keep their own statistics (negative counts from the end).
    public let axis: [Int]
    /// Given statistics (flat, broadcast over the kept axes like Keras's arrays), or nil.
    public let inputMean: [Float]?
    public let inputVariance: [Float]?
    public let invert: Bool
    public private(set) var adaptMean: Variable?
    public private(set) var adaptVariance: Variable?
    public private(set) var count: Variable?
    private var keepAxes: [Int] = []
    private var broadcastShape: [Int] = []
    private var buildShape: [Int?] = []

    /// - Parameters:
    ///   - axis: the axes with separate statistics; `[]` for one mean and variance over everything.
    ///   - mean, variance: statistics to use instead of `adapt` (both or neither; same count).
    public init(axis: [Int] = [-1], mean: [Float]? = nil, variance: [Float]? = nil, invert: Bool = false, name: String? = nil) throws {
        guard (mean == nil) == (variance == nil) else {
            throw LaminaError.value("When setting values directly, both `mean` and `variance` must be set. Received: mean=\(mean.map { "\($0)" } ?? "None") and variance=\(variance.map { "\($0)" } ?? "None")")
        }
        if let mean, let variance, mean.count != variance.count {
            throw LaminaError.value("When setting values directly, `mean` and `variance` must have the same shape. Received: mean shape (\(mean.count),) and variance shape (\(variance.count),)")
        }
        self.axis = axis
        inputMean = mean
        inputVariance = variance
        self.invert = invert
        super.init(name: name)
    }

    /// One axis with statistics (`Normalization(axis: -1)`).
    public convenience init(axis: Int, mean: [Float]? = nil, variance: [Float]? = nil, invert: Bool = false, name: String? = nil) throws {
        try self.init(axis: [axis], mean: mean, variance: variance, invert: invert, name: name)
    }

    public override class var className: String { "Normalization" }
    public override var supportsMasking: Bool { true }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let shape = inputShapes[0], ndim = shape.count
        guard axis.allSatisfy({ $0 >= -ndim && $0 < ndim }) else {
            throw LaminaError.value("Layer \"\(name)\": All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=\(ndim), while axis=\(axis)")
        }
        keepAxes = Array(Set(axis.map { $0 < 0 ? $0 + ndim : $0 })).sorted()
        for d in keepAxes where shape[d] == nil {
            throw LaminaError.shape("Layer \"\(name)\": All `axis` values to be kept must have a known shape. Received axis=\(axis), inputs.shape=\(describeShape(shape)), with unknown axis at index \(d)")
        }
        buildShape = shape
        broadcastShape = (0..<ndim).map { keepAxes.contains($0) ? shape[$0]! : 1 }
        let statShape = keepAxes.map { shape[$0]! }
        if let inputMean, let inputVariance {
            let n = ShapeMath.count(statShape)
            guard inputMean.count == 1 || inputMean.count == n || inputMean.count == statShape.last else {
                throw LaminaError.shape("Layer \"\(name)\": \(inputMean.count) mean values do not fit the kept axes of shape \(describeShape(statShape.map { $0 }))")
            }
            _ = inputVariance
        } else {
            adaptMean = addWeight(name: "mean", shape: statShape, initializer: Initializers.zeros, trainable: false)
            adaptVariance = addWeight(name: "variance", shape: statShape, initializer: Initializers.ones, trainable: false)
            count = addWeight(name: "count", shape: [], initializer: IntZeros(), trainable: false)
        }
    }

    /// The mean and variance, shaped to broadcast against the inputs.
    func statistics() throws -> (mean: Tensor, variance: Tensor) {
        if let adaptMean, let adaptVariance {
            return (adaptMean.value.reshaped(broadcastShape), adaptVariance.value.reshaped(broadcastShape))
        }
        guard let inputMean, let inputVariance else { throw LaminaError.state("Layer \"\(name)\" is not built") }
        func shaped(_ v: [Float]) -> Tensor {
            if v.count == 1 { return Tensor(v, shape: [1]).reshaped(broadcastShape.map { _ in 1 }).broadcast(to: broadcastShape) }
            if v.count == ShapeMath.count(broadcastShape) { return Tensor(v, shape: broadcastShape) }
            var s = broadcastShape.map { _ in 1 }
            s[keepAxes.last!] = v.count
            return Tensor(v, shape: s).broadcast(to: broadcastShape)
        }
        return (shaped(inputMean), shaped(inputVariance))
    }

    /// Computes the mean and variance of `data` over the non-kept axes and stores them (Keras
    /// `adapt` of an array). Builds the layer from `data`'s shape if needed.
    /// - Throws: if the layer has given statistics, or `data` does not match the built shape.
    public func adapt(_ data: Tensor) throws {
        guard inputMean == nil else {
            throw LaminaError.state("Layer \"\(name)\": adapt() cannot be used when `mean` and `variance` were given")
        }
        let shape = data.shape.map { Optional($0) }
        if !isBuilt {
            try build([shape])
            markBuilt([[nil] + shape.dropFirst()])
        } else {
            for d in keepAxes where d >= shape.count || shape[d] != buildShape[d] {
                throw LaminaError.shape("Layer \"\(name)\": The layer was built with input_shape=\(describeShape(buildShape)), but adapt() is being called with data with an incompatible shape, data.shape=\(describeShape(shape))")
            }
        }
        let reduce = (0..<data.rank).filter { !keepAxes.contains($0) }
        let x = data.cast(to: .float32).detached()
        let statShape = keepAxes.map { data.shape[$0] }
        adaptMean?.assign(x.mean(axes: reduce).reshaped(statShape))
        adaptVariance?.assign(x.variance(axes: reduce).reshaped(statShape))
    }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let (mean, variance) = try statistics()
        let x = input.cast(to: .float32)
        let std = variance.sqrt().maximum(Tensor.full(1e-7, shape: [], on: x.backend))
        return invert ? mean + x * std : (x - mean) / std
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] { [inputShapes[0]] }

    public override var config: [String: JSONValue] {
        func list(_ v: [Float]?) -> JSONValue {
            guard let v else { return nil }
            return v.count == 1 ? JSONValue(v[0]) : .array(v.map { JSONValue($0) })
        }
        return ["axis": JSONValue(axis), "invert": .bool(invert), "mean": list(inputMean), "variance": list(inputVariance)]
    }
}

/// An int32 zero (Keras's `count` weight is an integer).
struct IntZeros: Initializer {
    var className: String { "Zeros" }
    var config: [String: JSONValue] { [:] }
    func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.zeros(shape, dtype: .int32) }
}
