// Elementwise math with NumPy broadcasting, and the backward rule of each op.

extension Tensor {
    /// Applies a unary op, recording its gradient.
    public func unary(_ op: UnaryOp) -> Tensor {
        switch op {
        case .logicalNot:
            precondition(dtype == .bool, "logicalNot: needs a bool tensor, got \(dtype)")
        case .neg, .abs, .sign, .square:
            precondition(dtype != .bool, "\(op.rawValue): needs a numeric tensor, got bool")
        default:
            precondition(dtype == .float32, "\(op.rawValue): needs a float32 tensor, got \(dtype)")
        }
        let y = backend.unary(op, self)
        guard dtype == .float32, node != nil, GradMode.enabled else { return y }
        let x = detached(), out = y.detached()
        return Tensor.record(op.rawValue, y, inputs: [self]) { g, _ in [Tensor.unaryGradient(op, x: x, y: out, g: g)] }
    }

    static func unaryGradient(_ op: UnaryOp, x: Tensor, y: Tensor, g: Tensor) -> Tensor? {
        switch op {
        case .neg: return -g
        case .abs: return g * x.unary(.sign)
        case .sign, .floor, .ceil, .round, .logicalNot: return nil
        case .square: return g * x * 2
        case .exp: return g * y
        case .log: return g / x
        case .sqrt: return g * 0.5 / y
        case .rsqrt: return g * (-0.5) * y * y * y
        case .reciprocal: return -(g * y * y)
        case .tanh: return g * (1 - y * y)
        case .sigmoid: return g * y * (1 - y)
        case .relu: return g.backend.reluBackward(g, input: x)
        case .softplus: return g * x.unary(.sigmoid)
        case .sin: return g * x.unary(.cos)
        case .cos: return -(g * x.unary(.sin))
        case .erf: return g * (x * x * -1).unary(.exp) * Float(1.1283791670955126)
        case .log1p: return g / (x + 1)
        case .expm1: return g * (y + 1)
        }
    }

    public func exp() -> Tensor { unary(.exp) }
    public func log() -> Tensor { unary(.log) }
    public func sqrt() -> Tensor { unary(.sqrt) }
    public func rsqrt() -> Tensor { unary(.rsqrt) }
    public func squared() -> Tensor { unary(.square) }
    public func abs() -> Tensor { unary(.abs) }
    public func sign() -> Tensor { unary(.sign) }
    public func reciprocal() -> Tensor { unary(.reciprocal) }
    public func tanh() -> Tensor { unary(.tanh) }
    public func sigmoid() -> Tensor { unary(.sigmoid) }
    public func relu() -> Tensor { unary(.relu) }
    public func softplus() -> Tensor { unary(.softplus) }
    public func sin() -> Tensor { unary(.sin) }
    public func cos() -> Tensor { unary(.cos) }
    public func erf() -> Tensor { unary(.erf) }
    public func log1p() -> Tensor { unary(.log1p) }
    public func expm1() -> Tensor { unary(.expm1) }
    public func floor() -> Tensor { unary(.floor) }
    public func ceil() -> Tensor { unary(.ceil) }
    public func rounded() -> Tensor { unary(.round) }
    public func logicalNot() -> Tensor { unary(.logicalNot) }

    /// Applies a binary op with broadcasting; mixed dtypes promote (bool < int32 < float32).
    public func binary(_ op: BinaryOp, _ other: Tensor) -> Tensor {
        precondition(backend === other.backend,
                     "\(op.rawValue): tensors live on different backends (\(backend.name) and \(other.backend.name))")
        guard let outShape = ShapeMath.broadcast(shape, other.shape) else {
            preconditionFailure("\(op.rawValue): shapes \(ShapeMath.describe(shape)) and \(ShapeMath.describe(other.shape)) cannot be broadcast together")
        }
        var a = self, b = other
        if op == .logicalAnd || op == .logicalOr {
            if a.dtype != .bool { a = a.cast(to: .bool) }
            if b.dtype != .bool { b = b.cast(to: .bool) }
        } else if a.dtype != b.dtype {
            let common: DType = (a.dtype == .float32 || b.dtype == .float32) ? .float32 : .int32
            a = a.cast(to: common)
            b = b.cast(to: common)
        }
        if a.dtype == .bool && !op.isComparison { a = a.cast(to: .int32); b = b.cast(to: .int32) }
        let y = backend.binary(op, a, b)
        assert(y.shape == outShape)
        guard !op.isComparison, y.dtype == .float32, a.node != nil || b.node != nil, GradMode.enabled else { return y }
        let ad = a.detached(), bd = b.detached(), yd = y.detached()
        return Tensor.record(op.rawValue, y, inputs: [a, b]) { g, needs in
            let (ga, gb) = Tensor.binaryGradient(op, a: ad, b: bd, y: yd, g: g, needs: needs)
            return [ga.map { $0.summed(toShape: ad.shape) }, gb.map { $0.summed(toShape: bd.shape) }]
        }
    }

    static func binaryGradient(_ op: BinaryOp, a: Tensor, b: Tensor, y: Tensor, g: Tensor, needs: [Bool]) -> (Tensor?, Tensor?) {
        let na = needs[0], nb = needs[1]
        switch op {
        case .add: return (g, nb ? g : nil)
        case .sub: return (g, nb ? -g : nil)
        case .mul: return (na ? g * b : nil, nb ? g * a : nil)
        case .div: return (na ? g / b : nil, nb ? -(g * y / b) : nil)
        case .pow:
            let ga = na ? g * b * a.pow(b - 1) : nil
            // d/db a^b = a^b·log a, taken as 0 where a <= 0 (as TensorFlow does).
            let gb = nb ? Tensor.where(a.greater(0), g * y * a.log(), a.zerosLike()) : nil
            return (ga, gb)
        case .maximum:
            let mask = a.greaterEqual(b).cast(to: .float32)
            return (na ? g * mask : nil, nb ? g * (1 - mask) : nil)
        case .minimum:
            let mask = a.lessEqual(b).cast(to: .float32)
            return (na ? g * mask : nil, nb ? g * (1 - mask) : nil)
        case .mod: return (g, nb ? -(g * (a / b).floor()) : nil)
        default: return (nil, nil)
        }
    }

    /// Sums a broadcast gradient back down to `target` (the inverse of broadcasting).
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, d) in target.enumerated() where d == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        return sum(axes: axes).reshaped(target)
    }

    public func pow(_ exponent: Tensor) -> Tensor { binary(.pow, exponent) }
    public func pow(_ exponent: Float) -> Tensor { binary(.pow, scalarLike(exponent)) }
    public func maximum(_ other: Tensor) -> Tensor { binary(.maximum, other) }
    public func minimum(_ other: Tensor) -> Tensor { binary(.minimum, other) }
    public func mod(_ other: Tensor) -> Tensor { binary(.mod, other) }
    public func equal(_ other: Tensor) -> Tensor { binary(.equal, other) }
    public func notEqual(_ other: Tensor) -> Tensor { binary(.notEqual, other) }
    public func less(_ other: Tensor) -> Tensor { binary(.less, other) }
    public func lessEqual(_ other: Tensor) -> Tensor { binary(.lessEqual, other) }
    public func greater(_ other: Tensor) -> Tensor { binary(.greater, other) }
    public func greaterEqual(_ other: Tensor) -> Tensor { binary(.greaterEqual, other) }
    public func equal(_ v: Float) -> Tensor { binary(.equal, scalarLike(v)) }
    public func notEqual(_ v: Float) -> Tensor { binary(.notEqual, scalarLike(v)) }
    public func less(_ v: Float) -> Tensor { binary(.less, scalarLike(v)) }
    public func lessEqual(_ v: Float) -> Tensor { binary(.lessEqual, scalarLike(v)) }
    public func greater(_ v: Float) -> Tensor { binary(.greater, scalarLike(v)) }
    public func greaterEqual(_ v: Float) -> Tensor { binary(.greaterEqual, scalarLike(v)) }
    public func logicalAnd(_ other: Tensor) -> Tensor { binary(.logicalAnd, other) }
    public func logicalOr(_ other: Tensor) -> Tensor { binary(.logicalOr, other) }

    /// Clips every element to `[low, high]`.
    public func clipped(min low: Float, max high: Float) -> Tensor { maximum(scalarLike(low)).minimum(scalarLike(high)) }

    /// A scalar of this tensor's dtype (float for bool) on this backend.
    func scalarLike(_ v: Float) -> Tensor {
        let t: DType = dtype == .float32 || v.rounded() != v ? .float32 : .int32
        return backend.full(v, shape: [], dtype: t)
    }

    /// `condition ? a : b` elementwise with broadcasting; gradients flow to `a` and `b`.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.backend === b.backend && a.backend === condition.backend, "where: tensors live on different backends")
        guard let ab = ShapeMath.broadcast(a.shape, b.shape), ShapeMath.broadcast(ab, condition.shape) != nil else {
            preconditionFailure("where: shapes \(ShapeMath.describe(condition.shape)), \(ShapeMath.describe(a.shape)) and \(ShapeMath.describe(b.shape)) cannot be broadcast together")
        }
        var x = a, y = b
        if x.dtype != y.dtype {
            let common: DType = (x.dtype == .float32 || y.dtype == .float32) ? .float32 : .int32
            x = x.cast(to: common); y = y.cast(to: common)
        }
        let out = a.backend.select(condition, x, y)
        let c = condition.detached(), xs = x.shape, ys = y.shape
        return record("where", out, inputs: [x, y]) { g, needs in
            let zero = g.zerosLike()
            return [needs[0] ? Tensor.where(c, g, zero).summed(toShape: xs) : nil,
                    needs[1] ? Tensor.where(c, zero, g).summed(toShape: ys) : nil]
        }
    }

    /// Converts to `dtype`. Float-to-float keeps gradients; conversions to int or bool do not.
    public func cast(to newType: DType) -> Tensor {
        if newType == dtype { return self }
        return backend.cast(self, to: newType)
    }
}

// MARK: Operators

public prefix func - (x: Tensor) -> Tensor { x.unary(.neg) }
public func + (a: Tensor, b: Tensor) -> Tensor { a.binary(.add, b) }
public func - (a: Tensor, b: Tensor) -> Tensor { a.binary(.sub, b) }
public func * (a: Tensor, b: Tensor) -> Tensor { a.binary(.mul, b) }
public func / (a: Tensor, b: Tensor) -> Tensor { a.binary(.div, b) }
public func + (a: Tensor, b: Float) -> Tensor { a.binary(.add, a.scalarLike(b)) }
public func - (a: Tensor, b: Float) -> Tensor { a.binary(.sub, a.scalarLike(b)) }
public func * (a: Tensor, b: Float) -> Tensor { a.binary(.mul, a.scalarLike(b)) }
public func / (a: Tensor, b: Float) -> Tensor { a.binary(.div, a.scalarLike(b)) }
public func + (a: Float, b: Tensor) -> Tensor { b.scalarLike(a).binary(.add, b) }
public func - (a: Float, b: Tensor) -> Tensor { b.scalarLike(a).binary(.sub, b) }
public func * (a: Float, b: Tensor) -> Tensor { b.scalarLike(a).binary(.mul, b) }
public func / (a: Float, b: Tensor) -> Tensor { b.scalarLike(a).binary(.div, b) }
