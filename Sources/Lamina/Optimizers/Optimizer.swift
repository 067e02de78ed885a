import Foundation

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
/// an `iterations` counter; gradient clipping by `clipnorm` (each gradient's L2 norm), else
/// `globalClipnorm` (the norm of all gradients together), else `clipvalue` (elementwise) — at
/// most one of them may be set; decoupled weight decay `w -= w·weightDecay·lr` before the update
/// (skipping variables given to ``excludeFromWeightDecay(variables:names:)``); and per-variable
/// slots kept in a stable order for saving.
///
/// A subclass gives its slot names and its ``rule(learningRate:)``: the base then runs each
/// variable's step — weight decay included — as one fused in-place backend op,
/// ``Backend/optimizerUpdate(_:param:gradient:slots:decay:)``. An optimizer with no backend rule
/// returns nil there and overrides ``update(_:gradient:learningRate:slots:)`` instead.
open class Optimizer: KerasObject {
    public var learningRate: LearningRate
    /// Number of steps taken (Keras `iterations`); settable to restore a saved optimizer.
    public var iterations = 0
    public var clipnorm: Float?
    public var clipvalue: Float?
    public var globalClipnorm: Float?
    public var weightDecay: Float?
    public let name: String

    /// Slots of each variable, by variable identity, and the variables in the order first seen.
    var slots: [ObjectIdentifier: [Variable]] = [:]
    public private(set) var trackedVariables: [Variable] = []
    private var excludedFromDecay = Set<ObjectIdentifier>()
    private var excludedNamePattern: String?

    /// Keras raises when more than one of `clipnorm`, `clipvalue` and `globalClipnorm` is set;
    /// so does this initializer (a precondition).
    public init(learningRate: LearningRate, weightDecay: Float? = nil, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, name: String) {
        precondition([clipnorm, clipvalue, globalClipnorm].filter { $0 != nil }.count <= 1,
                     "Only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set. Received: clipnorm=\(String(describing: clipnorm)), "
                         + "clipvalue=\(String(describing: clipvalue)), globalClipnorm=\(String(describing: globalClipnorm))")
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
        self.name = name
    }

    /// Slot names for each variable (`["momentum"]`, `["momentum", "velocity"]`), in Keras's order.
    open var slotNames: [String] { [] }
    /// Initial value of slot `index` for `variable` (zeros by default).
    open func initialSlot(_ index: Int, for variable: Variable) -> Tensor { variable.value.detached().zerosLike() }

    /// The fused backend rule for the step about to be taken (`iterations` is still the number of
    /// steps before it), or nil if the optimizer overrides ``update(_:gradient:learningRate:slots:)``.
    open func rule(learningRate: Float) -> OptimizerRule? { nil }

    /// Updates one variable in place, for optimizers without a backend ``rule(learningRate:)``.
    /// `slots` are this variable's slots, in ``slotNames`` order. Weight decay is already applied.
    open func update(_ variable: Variable, gradient: Tensor, learningRate: Float, slots: [Variable]) {}

    /// Called once per step, before any variable is updated (Nadam advances its momentum cache here).
    open func prepareStep() {}

    /// The learning rate for the step about to be taken.
    public var currentLearningRate: Float { learningRate.value(at: iterations) }

    /// Keeps weight decay off these variables, and off every variable whose name matches one of
    /// the regular expressions in `names` (Keras `exclude_from_weight_decay`; call before the first step).
    public func excludeFromWeightDecay(variables: [Variable] = [], names: [String] = []) {
        precondition(trackedVariables.isEmpty, "`excludeFromWeightDecay()` can only be configured before the optimizer is built.")
        excludedFromDecay.formUnion(variables.map(ObjectIdentifier.init))
        excludedNamePattern = names.isEmpty ? nil : names.joined(separator: "|")
    }

    func usesWeightDecay(_ v: Variable) -> Bool {
        if excludedFromDecay.contains(ObjectIdentifier(v)) { return false }
        if let p = excludedNamePattern, v.name.range(of: p, options: .regularExpression) != nil { return false }
        return true
    }

    /// The gradients after Keras's `_clip_gradients`.
    public func clipped(_ gradients: [Tensor]) -> [Tensor] {
        if let c = clipnorm, c > 0 {
            return gradients.map { g in
                let norm = g.squared().sum().sqrt()
                return g * c / norm.maximum(scalar(c, like: norm))
            }
        }
        if let c = globalClipnorm, c > 0, let first = gradients.first {
            let total = gradients.map { $0.squared().sum() }.reduce(scalar(0, like: first), +).sqrt()
            // Keras's clip_by_global_norm: NaN when the norm is not finite.
            let scale = (1 / total).minimum(scalar(1 / c, like: total)) * c + (total - total)
            return gradients.map { $0 * scale }
        }
        if let c = clipvalue, c > 0 { return gradients.map { $0.clipped(min: -c, max: c) } }
        return gradients
    }

    private func scalar(_ v: Float, like t: Tensor) -> Tensor { Tensor.full(v, shape: [], on: t.backend) }

    /// Applies one step: clipping, weight decay and the update of each variable, then
    /// `iterations += 1` (nothing at all for an empty list, as Keras).
    public func apply(_ gradients: [Tensor], to variables: [Variable]) {
        precondition(gradients.count == variables.count, "Optimizer.apply: \(gradients.count) gradients for \(variables.count) variables")
        guard !gradients.isEmpty else { return }
        noGrad {
            let grads = clipped(gradients)
            let lr = currentLearningRate
            for v in variables { _ = slotsFor(v) }
            prepareStep()
            let stepRule = rule(learningRate: lr)
            for (v, g) in zip(variables, grads) {
                let s = slotsFor(v)
                let decay: Float = weightDecay.map { usesWeightDecay(v) ? $0 * lr : 0 } ?? 0
                let w = v.value
                if let stepRule {
                    w.backend.optimizerUpdate(stepRule, param: w, gradient: g, slots: s.map(\.value), decay: decay)
                } else {
                    if decay != 0 { w.backend.copy(w - w * decay, into: w) }
                    update(v, gradient: g, learningRate: lr, slots: s)
                }
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
