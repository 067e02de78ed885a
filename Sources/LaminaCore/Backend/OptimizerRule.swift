#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hyper-parameters of one in-place Adam step, with Keras's update rule:
/// `alpha = lr·√(1-β2^t)/(1-β1^t)`, `m += (g-m)(1-β1)`, `v += (g²-v)(1-β2)`,
/// `w -= alpha·m/(√v̂+ε)` with `v̂ = max(v̂, v)` under AMSGrad and `v̂ = v` otherwise.
public struct AdamHyperparameters: Sendable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// The 1-based step number `t`.
    public var step: Int
    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, step: Int) {
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.step = step
    }

    /// `lr·√(1-β2^t)/(1-β1^t)`, computed in Double.
    public var adamStepSize: Float {
        let t = Double(step)
        return Float(Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t)))
    }
}

/// The hyper-parameters of one in-place Nadam step (Keras `optimizers/nadam.py`), with its
/// momentum-cache schedule `u_t = β1·(1 - ½·0.96^t)`:
/// `m += (g-m)(1-β1)`, `v += (g²-v)(1-β2)`,
/// `m̂ = u_{t+1}·m/(1-Π_{t+1}) + (1-u_t)·g/(1-Π_t)`, `v̂ = v/(1-β2^t)`, `w -= lr·m̂/(√v̂+ε)`,
/// where `Π_t = u_1·…·u_t` is the optimizer's running `u_product` (already including `u_t`).
public struct NadamHyperparameters: Sendable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// The 1-based step number `t`.
    public var step: Int
    /// `Π_t`, the product of the momentum cache up to and including this step.
    public var uProduct: Float
    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, step: Int, uProduct: Float) {
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.step = step; self.uProduct = uProduct
    }

    /// The momentum cache `u_t = β1·(1 - ½·0.96^t)`, in Float32 as Keras computes it.
    public static func momentumCache(beta1: Float, step: Int) -> Float {
        beta1 * (1 - 0.5 * powf(0.96, Float(step)))
    }

    /// The per-step scalars of the update: `m̂ = cM·m + cG·g`, `v̂ = cV·v`.
    public var coefficients: (cM: Float, cG: Float, cV: Float) {
        let ut = Self.momentumCache(beta1: beta1, step: step), ut1 = Self.momentumCache(beta1: beta1, step: step + 1)
        let uProduct1 = uProduct * ut1
        let beta2Power = powf(beta2, Float(step))
        return (ut1 / (1 - uProduct1), (1 - ut) / (1 - uProduct), 1 / (1 - beta2Power))
    }
}

/// One optimizer's update rule with this step's hyper-parameters, for
/// ``Backend/optimizerUpdate(_:param:gradient:slots:decay:)``. Each case lists the slots it reads
/// and writes, in order (the order of Keras's optimizer variables). All rules follow Keras 3's
/// `optimizers/*.py` exactly (ε placement included).
public enum OptimizerRule: Sendable, Equatable {
    /// SGD. Slots: `[]`, or `[momentum]` when `momentum != 0`:
    /// `m = μ·m - lr·g; w += m` (Nesterov: `w += μ·m - lr·g`); without momentum `w -= lr·g`.
    case sgd(learningRate: Float, momentum: Float, nesterov: Bool)
    /// Adam (and AdamW). Slots: `[m, v]`, or `[m, v, vHat]` with AMSGrad. See ``AdamHyperparameters``.
    case adam(AdamHyperparameters, amsgrad: Bool)
    /// RMSprop. Slots: `[velocity]`, then `momentum` if `momentum > 0`, then `averageGradient` if
    /// centered. `v = ρv + (1-ρ)g²`; centered: `a = ρa + (1-ρ)g`, `d = v - a² + ε`, else `d = v + ε`;
    /// `inc = lr·g/√d`; with momentum `mom = μ·mom + inc; w -= mom`, else `w -= inc`.
    case rmsprop(learningRate: Float, rho: Float, momentum: Float, epsilon: Float, centered: Bool)
    /// Adagrad. Slots: `[accumulator]`: `acc += g²; w -= lr·g/√(acc+ε)`.
    case adagrad(learningRate: Float, epsilon: Float)
    /// Adadelta. Slots: `[accumulatedGrad, accumulatedDeltaVar]`: `ag = ρ·ag + (1-ρ)g²`,
    /// `Δ = -√(ad+ε)·g/√(ag+ε)`, `ad = ρ·ad + (1-ρ)Δ²`, `w += lr·Δ`.
    case adadelta(learningRate: Float, rho: Float, epsilon: Float)
    /// Adamax. Slots: `[m, u]`: `m += (g-m)(1-β1)`, `u = max(β2·u, |g|)`,
    /// `w -= lr·m/((1-β1^t)(u+ε))`; `step` is the 1-based `t`.
    case adamax(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, step: Int)
    /// Nadam. Slots: `[m, v]`. See ``NadamHyperparameters``.
    case nadam(NadamHyperparameters)
    /// Lion. Slots: `[m]`: `w -= lr·sign(β1·m + (1-β1)g)`, then `m = β2·m + (1-β2)g`.
    case lion(learningRate: Float, beta1: Float, beta2: Float)

    /// How many slot tensors the rule reads and writes.
    public var slotCount: Int {
        switch self {
        case .sgd(_, let momentum, _): return momentum != 0 ? 1 : 0
        case .adam(_, let amsgrad): return amsgrad ? 3 : 2
        case .rmsprop(_, _, let momentum, _, let centered): return 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0)
        case .adagrad, .lion: return 1
        case .adadelta, .adamax, .nadam: return 2
        }
    }

    /// The Keras name of the optimizer (`"sgd"`, `"rmsprop"`, …), for messages and test names.
    public var name: String {
        switch self {
        case .sgd: return "sgd"
        case .adam: return "adam"
        case .rmsprop: return "rmsprop"
        case .adagrad: return "adagrad"
        case .adadelta: return "adadelta"
        case .adamax: return "adamax"
        case .nadam: return "nadam"
        case .lion: return "lion"
        }
    }

    /// For Adamax: `lr / (1-β1^t)`, in Float32 as Keras computes `1-β1^t`.
    public static func adamaxStepSize(learningRate: Float, beta1: Float, step: Int) -> Float {
        learningRate / (1 - powf(beta1, Float(step)))
    }
}
