/// Keras's fan computation (`random_initializers.py compute_fans`): for a 2-D shape `(in, out)`;
/// for N-D kernels the receptive field multiplies both.
public func computeFans(_ shape: [Int]) -> (fanIn: Double, fanOut: Double) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (Double(shape[0]), Double(shape[0]))
    case 2: return (Double(shape[0]), Double(shape[1]))
    default:
        let receptive = Double(shape.dropLast(2).reduce(1, *))
        return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
    }
}

/// Scale-aware random initialization (Keras `VarianceScaling`): samples with variance
/// `scale / n`, where n is fan-in, fan-out or their average.
public struct VarianceScaling: Initializer {
    public enum Mode: String, Sendable { case fanIn = "fan_in", fanOut = "fan_out", fanAvg = "fan_avg" }
    public enum Distribution: String, Sendable { case truncatedNormal = "truncated_normal", untruncatedNormal = "untruncated_normal", uniform }

    public let scale: Double
    public let mode: Mode
    public let distribution: Distribution
    public let seed: Int?
    public let className: String

    public init(scale: Double = 1, mode: Mode = .fanIn, distribution: Distribution = .truncatedNormal, seed: Int? = nil) {
        self.init(scale: scale, mode: mode, distribution: distribution, seed: seed, className: "VarianceScaling")
    }

    init(scale: Double, mode: Mode, distribution: Distribution, seed: Int?, className: String) {
        self.scale = scale; self.mode = mode; self.distribution = distribution; self.seed = seed; self.className = className
    }

    public func callAsFunction(_ shape: [Int]) -> Tensor {
        let (fanIn, fanOut) = computeFans(shape)
        let n: Double
        switch mode {
        case .fanIn: n = max(1, fanIn)
        case .fanOut: n = max(1, fanOut)
        case .fanAvg: n = max(1, (fanIn + fanOut) / 2)
        }
        let s = scale / n
        switch distribution {
        case .truncatedNormal:
            return Tensor.truncatedNormal(shape, standardDeviation: Float(s.squareRoot() / 0.87962566103423978), seed: seed)
        case .untruncatedNormal:
            return Tensor.randomNormal(shape, standardDeviation: Float(s.squareRoot()), seed: seed)
        case .uniform:
            let limit = Float((3 * s).squareRoot())
            return Tensor.randomUniform(shape, low: -limit, high: limit, seed: seed)
        }
    }

    public var config: [String: JSONValue] {
        if className != "VarianceScaling" { return ["seed": JSONValue(seed)] }
        return ["scale": JSONValue(scale), "mode": .string(mode.rawValue), "distribution": .string(distribution.rawValue), "seed": JSONValue(seed)]
    }
}

/// Uniform in ±√(6 / (fanIn + fanOut)) — Keras's default kernel initializer.
public func GlorotUniform(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanAvg, distribution: .uniform, seed: seed, className: "GlorotUniform")
}
/// Truncated normal with stddev √(2 / (fanIn + fanOut)).
public func GlorotNormal(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanAvg, distribution: .truncatedNormal, seed: seed, className: "GlorotNormal")
}
/// Uniform in ±√(6 / fanIn).
public func HeUniform(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 2, mode: .fanIn, distribution: .uniform, seed: seed, className: "HeUniform")
}
/// Truncated normal with stddev √(2 / fanIn).
public func HeNormal(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 2, mode: .fanIn, distribution: .truncatedNormal, seed: seed, className: "HeNormal")
}
/// Uniform in ±√(3 / fanIn).
public func LecunUniform(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanIn, distribution: .uniform, seed: seed, className: "LecunUniform")
}
/// Truncated normal with stddev √(1 / fanIn).
public func LecunNormal(seed: Int? = nil) -> VarianceScaling {
    VarianceScaling(scale: 1, mode: .fanIn, distribution: .truncatedNormal, seed: seed, className: "LecunNormal")
}
