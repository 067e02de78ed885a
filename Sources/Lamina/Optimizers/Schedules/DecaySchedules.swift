import Foundation

// Keras's step-decay schedules (`optimizers/schedules/learning_rate_schedule.py`), computed in
// Float32 operation by operation as Keras does, so they match it to the last bit or two.

/// `initialLearningRate · decayRate^(step / decaySteps)`, the exponent floored when `staircase`
/// (`keras.optimizers.schedules.ExponentialDecay`).
public struct ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let decayRate: Float
    public let staircase: Bool
    public let name: String

    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false, name: String = "ExponentialDecay") {
        precondition(decaySteps > 0, "Argument `decay_steps` must be > 0. Received: decay_steps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate; self.decaySteps = decaySteps; self.decayRate = decayRate
        self.staircase = staircase; self.name = name
    }

    public func callAsFunction(_ step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return initialLearningRate * powf(decayRate, p)
    }

    public var className: String { "ExponentialDecay" }
    public var config: [String: JSONValue] {
        ["initial_learning_rate": JSONValue(initialLearningRate), "decay_steps": JSONValue(decaySteps),
         "decay_rate": JSONValue(decayRate), "staircase": .bool(staircase), "name": .string(name)]
    }
}

/// `values[0]` while `step ≤ boundaries[0]`, `values[i]` while `boundaries[i-1] < step ≤ boundaries[i]`,
/// and the last value after the last boundary (`keras.optimizers.schedules.PiecewiseConstantDecay`).
public struct PiecewiseConstantDecay: LearningRateSchedule {
    public let boundaries: [Int]
    public let values: [Float]
    public let name: String

    public init(boundaries: [Int], values: [Float], name: String = "PiecewiseConstant") {
        precondition(boundaries.count == values.count - 1, "The length of boundaries should be 1 less than the length of values. "
                         + "Received: boundaries=\(boundaries) of length \(boundaries.count), and values=\(values) of length \(values.count).")
        self.boundaries = boundaries; self.values = values; self.name = name
    }

    public func callAsFunction(_ step: Int) -> Float {
        for (i, b) in boundaries.enumerated() where step <= b { return values[i] }
        return values[values.count - 1]
    }

    public var className: String { "PiecewiseConstantDecay" }
    public var config: [String: JSONValue] {
        ["boundaries": JSONValue(boundaries), "values": .array(values.map { JSONValue($0) }), "name": .string(name)]
    }
}

/// `(initial - end)·(1 - step/decaySteps)^power + end`, with the step held at `decaySteps`
/// afterwards, or with `cycle` the decay period stretched to the next multiple of `decaySteps`
/// (`keras.optimizers.schedules.PolynomialDecay`).
public struct PolynomialDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let endLearningRate: Float
    public let power: Float
    public let cycle: Bool
    public let name: String

    public init(initialLearningRate: Float, decaySteps: Int, endLearningRate: Float = 0.0001, power: Float = 1, cycle: Bool = false,
                name: String = "PolynomialDecay") {
        precondition(decaySteps > 0, "Argument `decay_steps` must be > 0. Received: decay_steps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate; self.decaySteps = decaySteps; self.endLearningRate = endLearningRate
        self.power = power; self.cycle = cycle; self.name = name
    }

    public func callAsFunction(_ step: Int) -> Float {
        var s = Float(step), steps = Float(decaySteps)
        if cycle {
            steps *= s == 0 ? 1 : (s / steps).rounded(.up)
        } else {
            s = min(s, steps)
        }
        let p = s / steps
        return (initialLearningRate - endLearningRate) * powf(1 - p, power) + endLearningRate
    }

    public var className: String { "PolynomialDecay" }
    public var config: [String: JSONValue] {
        ["initial_learning_rate": JSONValue(initialLearningRate), "decay_steps": JSONValue(decaySteps),
         "end_learning_rate": JSONValue(endLearningRate), "power": JSONValue(power), "cycle": .bool(cycle), "name": .string(name)]
    }
}

/// `initialLearningRate / (1 + decayRate · step/decaySteps)`, the ratio floored when `staircase`
/// (`keras.optimizers.schedules.InverseTimeDecay`).
public struct InverseTimeDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let decayRate: Float
    public let staircase: Bool
    public let name: String

    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false, name: String = "InverseTimeDecay") {
        precondition(decaySteps > 0, "Argument `decay_steps` must be > 0. Received: decay_steps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate; self.decaySteps = decaySteps; self.decayRate = decayRate
        self.staircase = staircase; self.name = name
    }

    public func callAsFunction(_ step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p = p.rounded(.down) }
        return initialLearningRate / (1 + decayRate * p)
    }

    public var className: String { "InverseTimeDecay" }
    public var config: [String: JSONValue] {
        ["initial_learning_rate": JSONValue(initialLearningRate), "decay_steps": JSONValue(decaySteps),
         "decay_rate": JSONValue(decayRate), "staircase": .bool(staircase), "name": .string(name)]
    }
}
