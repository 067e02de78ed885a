/// A learning rate that depends on the step (Keras `LearningRateSchedule`).
public protocol LearningRateSchedule: KerasObject {
    /// The rate at optimizer step `step` (0-based, as Keras's `iterations`).
    func callAsFunction(_ step: Int) -> Float
}

/// A fixed rate or a schedule.
public enum LearningRate: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case constant(Float)
    case schedule(any LearningRateSchedule)

    public init(floatLiteral value: Double) { self = .constant(Float(value)) }
    public init(integerLiteral value: Int) { self = .constant(Float(value)) }

    public func value(at step: Int) -> Float {
        switch self {
        case .constant(let v): return v
        case .schedule(let s): return s(step)
        }
    }
}

/// The base of every optimizer, with Keras's common behaviour (`optimizers/base_optimizer.py`):
/// an `iterations` counter, gradient clipping (`clipnorm`, `clipvalue`, `globalClipnorm`),
/// decoupled weight decay, and per-variable slots kept in a stable order for saving.
///
/// Subclasses give their slot names and the per-variable update, which should run as one fused
/// in-place backend op (e.g. ``Backend/adamUpdate(_:gradient:m:v:vHat:_:)``).
open class Optimizer: KerasObject {
    public var learningRate: LearningRate
    /// Number of steps taken (Keras `iterations`).
    public internal(set) var iterations = 0
    public var clipnorm: Float?
    public var clipvalue: Float?
    public var globalClipnorm: Float?
    public var weightDecay: Float?
    public let name: String

    /// Slots of each variable, by variable identity, and the variables in the order first seen.
    var slots: [ObjectIdentifier: [Variable]] = [:]
    public private(set) var trackedVariables: [Variable] = []

    public init(learningRate: LearningRate, weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, name: String) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
        self.name = name
    }

    /// Slot names for each variable (`["momentum"]`, `["m", "v"]`), in Keras's order.
    open var slotNames: [String] { [] }
    /// Initial value of slot `index` for `variable` (zeros by default).
    open func initialSlot(_ index: Int, for variable: Variable) -> Tensor { variable.value.detached().zerosLike() }

    /// Updates one variable in place. `slots` are this variable's slots, in ``slotNames`` order.
    open func update(_ variable: Variable, gradient: Tensor, learningRate: Float, slots: [Variable]) {}

    /// The learning rate for the step about to be taken.
    public var currentLearningRate: Float { learningRate.value(at: iterations) }

    /// Applies one step: clipping, weight decay, the update of each variable, `iterations += 1`.
    public func apply(_ gradients: [Tensor], to variables: [Variable]) {
        precondition(gradients.count == variables.count, "Optimizer.apply: \(gradients.count) gradients for \(variables.count) variables")
        noGrad {
            var grads = gradients
            if let c = clipvalue { grads = grads.map { $0.clipped(min: -c, max: c) } }
            if let c = clipnorm {
                grads = grads.map { g in
                    let n = g.squared().sum().sqrt()
                    return g * (Tensor.full(c, shape: [], on: g.backend) / n.maximum(Tensor.full(c, shape: [], on: g.backend)))
                }
            }
            if let c = globalClipnorm, !grads.isEmpty {
                let total = grads.map { $0.squared().sum() }.reduce(Tensor.zeros([], on: grads[0].backend), +).sqrt()
                let scale = Tensor.full(c, shape: [], on: total.backend) / total.maximum(Tensor.full(c, shape: [], on: total.backend))
                grads = grads.map { $0 * scale }
            }
            let lr = currentLearningRate
            for (v, g) in zip(variables, grads) {
                let s = slotsFor(v)
                if let wd = weightDecay, wd > 0 {
                    v.value.backend.copy(v.value - v.value * (wd * lr), into: v.value)
                }
                update(v, gradient: g, learningRate: lr, slots: s)
            }
            iterations += 1
        }
    }

    /// This variable's slots, created on first use.
    public func slotsFor(_ v: Variable) -> [Variable] {
        let id = ObjectIdentifier(v)
        if let s = slots[id] { return s }
        let s = slotNames.enumerated().map { i, n in Variable(initialSlot(i, for: v), name: n, trainable: false) }
        slots[id] = s
        trackedVariables.append(v)
        return s
    }

    /// Every optimizer variable in Keras's saving order: iterations and learning rate are kept
    /// as numbers; then each tracked variable's slots, interleaved.
    public var slotVariables: [Variable] { trackedVariables.flatMap { slots[ObjectIdentifier($0)] ?? [] } }

    /// Builds the slots for these variables now (Keras `optimizer.build`).
    public func build(_ variables: [Variable]) { for v in variables { _ = slotsFor(v) } }

    open var className: String { String(describing: type(of: self)) }
    open var config: [String: JSONValue] {
        var c: [String: JSONValue] = ["name": .string(name), "weight_decay": JSONValue(weightDecay), "clipnorm": JSONValue(clipnorm),
                                      "global_clipnorm": JSONValue(globalClipnorm), "clipvalue": JSONValue(clipvalue),
                                      "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": nil,
                                      "loss_scale_factor": nil, "gradient_accumulation_steps": nil]
        switch learningRate {
        case .constant(let v): c["learning_rate"] = JSONValue(v)
        case .schedule(let s): c["learning_rate"] = s.serialized(module: "keras.optimizers.schedules")
        }
        return c
    }
}
