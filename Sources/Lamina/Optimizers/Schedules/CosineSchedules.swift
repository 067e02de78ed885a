import Foundation

/// Cosine decay with optional linear warm-up (`keras.optimizers.schedules.CosineDecay`):
/// without `warmupTarget`, `lr = initial·((1-α)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + α)`;
/// with it, the rate first rises linearly from `initial` to `warmupTarget` over `warmupSteps`,
/// then decays from `warmupTarget` the same way over the next `decaySteps`.
public struct CosineDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let alpha: Float
    public let warmupTarget: Float?
    public let warmupSteps: Int
    public let name: String

    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil, warmupSteps: Int = 0,
                name: String = "CosineDecay") {
        precondition(decaySteps > 0, "Argument `decay_steps` must be > 0. Received: decay_steps=\(decaySteps)")
        self.initialLearningRate = initialLearningRate; self.decaySteps = decaySteps; self.alpha = alpha
        self.warmupTarget = warmupTarget; self.warmupSteps = warmupSteps; self.name = name
    }

    private func decayed(_ step: Float, from lr: Float) -> Float {
        let fraction = step / Float(decaySteps)
        let cosine = 0.5 * (1 + cosf(Float.pi * fraction))
        return lr * ((1 - alpha) * cosine + alpha)
    }

    public func callAsFunction(_ step: Int) -> Float {
        let s = Float(step), steps = Float(decaySteps)
        guard let target = warmupTarget else { return decayed(min(s, steps), from: initialLearningRate) }
        let warm = Float(warmupSteps)
        let clamped = min(s, steps + warm)
        if clamped < warm { return (target - initialLearningRate) * (clamped / warm) + initialLearningRate }
        return decayed(clamped - warm, from: target)
    }

    public var className: String { "CosineDecay" }
    public var config: [String: JSONValue] {
        ["initial_learning_rate": JSONValue(initialLearningRate), "decay_steps": JSONValue(decaySteps), "alpha": JSONValue(alpha),
         "name": .string(name), "warmup_target": JSONValue(warmupTarget), "warmup_steps": JSONValue(warmupSteps)]
    }
}

/// Cosine decay with warm restarts, SGDR (`keras.optimizers.schedules.CosineDecayRestarts`): the
/// i-th period lasts `firstDecaySteps·tMulⁱ` steps and starts from `initial·mMulⁱ`, each decaying
/// to `α` times its start.
public struct CosineDecayRestarts: LearningRateSchedule {
    public let initialLearningRate: Float
    public let firstDecaySteps: Int
    public let tMul: Float
    public let mMul: Float
    public let alpha: Float
    public let name: String

    public init(initialLearningRate: Float, firstDecaySteps: Int, tMul: Float = 2, mMul: Float = 1, alpha: Float = 0,
                name: String = "SGDRDecay") {
        precondition(firstDecaySteps > 0, "Argument `first_decay_steps` must be > 0. Received: first_decay_steps=\(firstDecaySteps)")
        self.initialLearningRate = initialLearningRate; self.firstDecaySteps = firstDecaySteps
        self.tMul = tMul; self.mMul = mMul; self.alpha = alpha; self.name = name
    }

    public func callAsFunction(_ step: Int) -> Float {
        var fraction = Float(step) / Float(firstDecaySteps)
        let restart: Float
        if tMul == 1 {
            restart = fraction.rounded(.down)
            fraction -= restart
        } else {
            restart = (logf(1 - fraction * (1 - tMul)) / logf(tMul)).rounded(.down)
            let sumR = (1 - powf(tMul, restart)) / (1 - tMul)
            fraction = (fraction - sumR) / powf(tMul, restart)
        }
        let cosine = 0.5 * powf(mMul, restart) * (1 + cosf(Float.pi * fraction))
        return initialLearningRate * ((1 - alpha) * cosine + alpha)
    }

    public var className: String { "CosineDecayRestarts" }
    public var config: [String: JSONValue] {
        ["initial_learning_rate": JSONValue(initialLearningRate), "first_decay_steps": JSONValue(firstDecaySteps),
         "t_mul": JSONValue(tMul), "m_mul": JSONValue(mMul), "alpha": JSONValue(alpha), "name": .string(name)]
    }
}
