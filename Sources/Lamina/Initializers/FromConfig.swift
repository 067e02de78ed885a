/// Rebuilding initializers, regularizers and constraints from Keras's serialized form
/// (`{"class_name": "GlorotUniform", "config": {"seed": null}}`) or from a name string.
extension Initializers {
    public static func fromConfig(_ v: JSONValue) throws -> any Initializer {
        if let s = v.string { return try named(s) }
        guard let cls = v["class_name"]?.string else { throw LaminaError.value("A serialized initializer needs a \"class_name\". Received: \(v)") }
        let c = v["config"]?.object ?? [:]
        let seed = c["seed"]?.int
        switch cls {
        case "Constant": return Constant(value: c["value"]?.float ?? 0)
        case "Identity", "IdentityInitializer": return IdentityInitializer(gain: c["gain"]?.float ?? 1)
        case "RandomNormal": return RandomNormal(mean: c["mean"]?.float ?? 0, stddev: c["stddev"]?.float ?? 0.05, seed: seed)
        case "TruncatedNormal": return TruncatedNormal(mean: c["mean"]?.float ?? 0, stddev: c["stddev"]?.float ?? 0.05, seed: seed)
        case "RandomUniform": return RandomUniform(minval: c["minval"]?.float ?? -0.05, maxval: c["maxval"]?.float ?? 0.05, seed: seed)
        case "Orthogonal", "OrthogonalInitializer": return Orthogonal(gain: c["gain"]?.float ?? 1, seed: seed)
        case "GlorotUniform": return GlorotUniform(seed: seed)
        case "GlorotNormal": return GlorotNormal(seed: seed)
        case "HeUniform": return HeUniform(seed: seed)
        case "HeNormal": return HeNormal(seed: seed)
        case "LecunUniform": return LecunUniform(seed: seed)
        case "LecunNormal": return LecunNormal(seed: seed)
        case "VarianceScaling":
            guard let mode = VarianceScaling.Mode(rawValue: c["mode"]?.string ?? "fan_in"),
                  let dist = VarianceScaling.Distribution(rawValue: c["distribution"]?.string ?? "truncated_normal") else {
                throw LaminaError.value("Bad VarianceScaling config: \(v)")
            }
            return VarianceScaling(scale: c["scale"]?.double ?? 1, mode: mode, distribution: dist, seed: seed)
        case "STFT":
            return STFT(side: STFT.Side(rawValue: c["side"]?.string ?? "real") ?? .real,
                        window: c["window"]?.string.flatMap(STFT.Window.init(rawValue:)),
                        scaling: c["scaling"]?.string.flatMap(STFT.Scaling.init(rawValue:)), periodic: c["periodic"]?.bool ?? false)
        default: return try named(cls)
        }
    }
}

extension Regularizers {
    public static func fromConfig(_ v: JSONValue) throws -> any Regularizer {
        if let s = v.string { return try named(s) }
        let c = v["config"]?.object ?? [:]
        switch v["class_name"]?.string ?? "" {
        case "L1": return L1(l1: c["l1"]?.float ?? 0.01)
        case "L2": return L2(l2: c["l2"]?.float ?? 0.01)
        case "L1L2": return L1L2(l1: c["l1"]?.float ?? 0, l2: c["l2"]?.float ?? 0)
        case let other: throw LaminaError.unknown("Unknown regularizer class in config: '\(other)'")
        }
    }
}

extension Constraints {
    public static func fromConfig(_ v: JSONValue) throws -> any Constraint {
        if let s = v.string { return try named(s) }
        let c = v["config"]?.object ?? [:]
        let axes = c["axis"].flatMap { $0.int.map { [$0] } ?? $0.ints } ?? [0]
        switch v["class_name"]?.string ?? "" {
        case "MaxNorm": return MaxNorm(maxValue: c["max_value"]?.float ?? 2, axes: axes)
        case "NonNeg": return NonNeg()
        case "UnitNorm": return UnitNorm(axes: axes)
        case "MinMaxNorm":
            return MinMaxNorm(minValue: c["min_value"]?.float ?? 0, maxValue: c["max_value"]?.float ?? 1, rate: c["rate"]?.float ?? 1, axes: axes)
        case let other: throw LaminaError.unknown("Unknown constraint class in config: '\(other)'")
        }
    }
}
