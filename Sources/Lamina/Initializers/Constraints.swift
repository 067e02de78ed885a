/// Keras's `backend.epsilon()`, added to norms before dividing by them.
let constraintEpsilon: Float = 1e-7

/// Normalised, sorted axes of `axes` for a tensor of `rank`.
private func normalized(_ axes: [Int], rank: Int) -> [Int] {
    Array(Set(axes.map { a -> Int in
        precondition(a >= -rank && a < rank, "Constraint axis \(a) is out of range for a weight of rank \(rank)")
        return a < 0 ? a + rank : a
    })).sorted()
}

/// The L2 norms of `w` over `axes`, kept as size-1 dimensions.
private func norms(_ w: Tensor, _ axes: [Int]) -> Tensor {
    w.squared().sum(axes: normalized(axes, rank: w.rank), keepDims: true).sqrt()
}

private func axisConfig(_ axes: [Int]) -> JSONValue { axes.count == 1 ? JSONValue(axes[0]) : JSONValue(axes) }

/// Scales each slice along `axis` down to an L2 norm of at most `maxValue`
/// (Keras `MaxNorm`: `w · clip(n, 0, max)/(ε + n)`). For a Dense kernel `(in, out)` the default
/// axis 0 constrains each unit's incoming weights; for a Conv2D kernel use axes `[0, 1, 2]`.
public struct MaxNorm: Constraint {
    public let maxValue: Float
    public let axes: [Int]
    public init(maxValue: Float = 2, axis: Int = 0) { self.init(maxValue: maxValue, axes: [axis]) }
    public init(maxValue: Float, axes: [Int]) { self.maxValue = maxValue; self.axes = axes }
    public func callAsFunction(_ weight: Tensor) -> Tensor {
        let n = norms(weight, axes)
        return weight * (n.clipped(min: 0, max: maxValue) / (constraintEpsilon + n))
    }
    public var className: String { "MaxNorm" }
    public var config: [String: JSONValue] { ["max_value": JSONValue(maxValue), "axis": axisConfig(axes)] }
}

/// Replaces negative weights by 0 (Keras `NonNeg`).
public struct NonNeg: Constraint {
    public init() {}
    public func callAsFunction(_ weight: Tensor) -> Tensor { weight.maximum(Tensor.full(0, shape: [], on: weight.backend)) }
    public var className: String { "NonNeg" }
    public var config: [String: JSONValue] { [:] }
}

/// Scales each slice along `axis` to unit L2 norm (Keras `UnitNorm`: `w/(ε + n)`).
public struct UnitNorm: Constraint {
    public let axes: [Int]
    public init(axis: Int = 0) { axes = [axis] }
    public init(axes: [Int]) { self.axes = axes }
    public func callAsFunction(_ weight: Tensor) -> Tensor { weight / (constraintEpsilon + norms(weight, axes)) }
    public var className: String { "UnitNorm" }
    public var config: [String: JSONValue] { ["axis": axisConfig(axes)] }
}

/// Moves each slice's L2 norm `n` towards `[minValue, maxValue]` (Keras `MinMaxNorm`):
/// `w · (rate·clip(n, min, max) + (1-rate)·n)/(ε + n)`.
public struct MinMaxNorm: Constraint {
    public let minValue: Float
    public let maxValue: Float
    public let rate: Float
    public let axes: [Int]
    public init(minValue: Float = 0, maxValue: Float = 1, rate: Float = 1, axis: Int = 0) {
        self.init(minValue: minValue, maxValue: maxValue, rate: rate, axes: [axis])
    }
    public init(minValue: Float, maxValue: Float, rate: Float, axes: [Int]) {
        self.minValue = minValue; self.maxValue = maxValue; self.rate = rate; self.axes = axes
    }
    public func callAsFunction(_ weight: Tensor) -> Tensor {
        let n = norms(weight, axes)
        let desired = n.clipped(min: minValue, max: maxValue) * rate + n * (1 - rate)
        return weight * (desired / (constraintEpsilon + n))
    }
    public var className: String { "MinMaxNorm" }
    public var config: [String: JSONValue] {
        ["min_value": JSONValue(minValue), "max_value": JSONValue(maxValue), "rate": JSONValue(rate), "axis": axisConfig(axes)]
    }
}

/// The constraints by Keras name (`keras.constraints.get`), with Keras's defaults.
public enum Constraints {
    public static func named(_ name: String) throws -> any Constraint {
        switch name {
        case "MaxNorm", "max_norm": return MaxNorm()
        case "NonNeg", "non_neg": return NonNeg()
        case "UnitNorm", "unit_norm": return UnitNorm()
        case "MinMaxNorm", "min_max_norm": return MinMaxNorm()
        default: throw LaminaError.unknown("Could not interpret constraint identifier: \(name)")
        }
    }
}
