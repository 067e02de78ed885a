/// Dot products between samples of two tensors along the given axes (`keras.layers.Dot`),
/// Keras's `batch_dot`: axis `axes.0` of the first input is contracted with axis `axes.1` of the
/// second. With `normalize`, both are L2-normalized along those axes first (cosine similarity).
///
/// - Inputs: `[batch, …]` of rank ≥ 2 each. Output: the first shape without its axis, then the
///   second without the batch and its axis; `[batch, 1]` when both are `[batch, n]`.
/// - Axes may be negative; axis 0 (the batch) cannot be contracted. Masks are dropped.
public final class Dot: Layer {
    public let axes: (Int, Int)
    /// True if `axes` was given as one number (written to the config as a number).
    let singleAxis: Bool
    public let normalize: Bool

    /// Contracts axis `axes` of both inputs.
    public init(axes: Int, normalize: Bool = false, name: String? = nil) {
        self.axes = (axes, axes)
        singleAxis = true
        self.normalize = normalize
        super.init(name: name)
    }

    /// Contracts axis `axes.0` of the first input with axis `axes.1` of the second.
    public init(axes: (Int, Int), normalize: Bool = false, name: String? = nil) {
        self.axes = axes
        singleAxis = false
        self.normalize = normalize
        super.init(name: name)
    }

    public override class var className: String { "Dot" }

    func resolvedAxes(_ r1: Int, _ r2: Int) -> (Int, Int) {
        func norm(_ a: Int, _ r: Int) -> Int { a < 0 ? ((a % r) + r) % r : a }
        return (norm(axes.0, r1), norm(axes.1, r2))
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        _ = try computeOutputShape(inputShapes)
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 2 else {
            throw LaminaError.value("Layer \"\(name)\": A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=\(describeShapes(inputShapes))")
        }
        var s1 = inputShapes[0], s2 = inputShapes[1]
        guard s1.count >= 2 && s2.count >= 2 else {
            throw LaminaError.shape("Layer \"\(name)\": Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes \(describeShape(s1)) and \(describeShape(s2)).")
        }
        let (a1, a2) = resolvedAxes(s1.count, s2.count)
        guard a1 < s1.count && a2 < s2.count else {
            throw LaminaError.value("Layer \"\(name)\": axes \(axes) are out of range for inputs of shapes \(describeShape(s1)) and \(describeShape(s2))")
        }
        guard a1 != 0 && a2 != 0 else {
            throw LaminaError.value("Layer \"\(name)\": Cannot perform batch_dot over axis 0. Received: axes=\(axes) for inputs of shapes \(describeShape(s1)) and \(describeShape(s2))")
        }
        if let b1 = s1[0], let b2 = s2[0], b1 != b2 {
            throw LaminaError.shape("Layer \"\(name)\": Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes \(describeShape(s1)) and \(describeShape(s2)).")
        }
        if let d1 = s1[a1], let d2 = s2[a2], d1 != d2 {
            throw LaminaError.shape("Layer \"\(name)\": Incompatible input shapes: axis values \(d1) (at axis \(a1)) != \(d2) (at axis \(a2)). "
                + "Full input shapes: \(describeShape(s1)), \(describeShape(s2))")
        }
        s1.remove(at: a1)
        s2.remove(at: a2)
        s2.removeFirst()
        var out = s1 + s2
        if out.count == 1 { out.append(1) }
        return [out]
    }

    public override func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let out = try computeOutputShape(inputs.map { $0.shape.map { Optional($0) } })[0]
        var x = inputs[0], y = inputs[1]
        let (a1, a2) = resolvedAxes(x.rank, y.rank)
        if normalize {
            x = Dot.l2Normalize(x, axis: a1)
            y = Dot.l2Normalize(y, axis: a2)
        }
        // x: batch, rest…, k  →  [b, m, k];  y: batch, k, rest…  →  [b, k, n].
        var p1 = Array(0..<x.rank); p1.remove(at: a1); p1.append(a1)
        var p2 = Array(0..<y.rank); p2.remove(at: a2); p2.insert(a2, at: 1)
        let b = x.shape[0], k = x.shape[a1]
        let xm = x.permuted(p1).reshaped([b, -1, k])
        let ym = y.permuted(p2).reshaped([b, k, -1])
        return [xm.matmul(ym).reshaped(out.map { $0 ?? b })]
    }

    /// `x / max(‖x‖₂, 1e-7)` along `axis` (Keras `ops.normalize`).
    static func l2Normalize(_ x: Tensor, axis: Int) -> Tensor {
        x * x.squared().sum(axis: axis, keepDims: true).rsqrt().minimum(Tensor.full(1e7, shape: [], on: x.backend))
    }

    /// Keras's Dot (a Merge layer) supports masking and makes no output mask.
    public override var supportsMasking: Bool { true }
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] { [nil] }

    public override var config: [String: JSONValue] {
        ["axes": singleAxis ? JSONValue(axes.0) : JSONValue([axes.0, axes.1]), "normalize": .bool(normalize)]
    }
}
