import Lamina

/// The order of an optimizer's variables in Keras's files (`optimizer/vars/0…`), from
/// `base_optimizer.py` and each optimizer's `build` (checked with Keras 3.15):
///
/// 0. `iterations`; 1. `learning_rate`, unless it is a schedule; then the slots of each
/// trainable variable (in `model.trainable_variables` order): slots made by one
/// `add_optimizer_variables` call are interleaved per variable (Adam: m₀, v₀, m₁, v₁, …), later
/// calls follow as blocks (Adam's `velocity_hat`; RMSprop makes one call per slot); Nadam adds
/// its `u_product` scalar last.
struct KerasOptimizerLayout {
    enum Entry {
        case iterations, learningRate, uProduct
        /// Slot `index` (in ``Optimizer/slotNames`` order) of a model variable.
        case slot(Variable, Int)
    }

    let entries: [Entry]

    /// - Throws: for an optimizer class whose Keras layout is unknown.
    init(_ optimizer: Optimizer, trainable: [Variable]) throws {
        var entries: [Entry] = [.iterations]
        if case .constant = optimizer.learningRate { entries.append(.learningRate) }
        let n = optimizer.slotNames.count
        let groups: [[Int]]
        switch optimizer.className {
        case "RMSprop":
            groups = (0..<n).map { [$0] }
        case "SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "Nadam", "Lion":
            groups = n <= 2 ? (n == 0 ? [] : [Array(0..<n)]) : [[0, 1]] + (2..<n).map { [$0] }
        default:
            throw LaminaError(.unsupported, "the state of optimizer class \(optimizer.className) has no known Keras layout "
                + "(Lamina maps SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam and Lion)")
        }
        for group in groups {
            for v in trainable { for i in group { entries.append(.slot(v, i)) } }
        }
        if optimizer is Nadam { entries.append(.uProduct) }
        self.entries = entries
    }

    /// What entry `i` is, for messages: `iterations`, `momentum of dense/kernel`.
    static func describe(_ entry: Entry, _ optimizer: Optimizer) -> String {
        switch entry {
        case .iterations: return "iterations"
        case .learningRate: return "learning_rate"
        case .uProduct: return "u_product"
        case .slot(let v, let i): return "\(optimizer.slotNames[i]) of \(v.name)"
        }
    }

    /// Sets the optimizer's state from values read in this layout's order.
    static func apply(_ values: [(Entry, [Double])], to optimizer: Optimizer) {
        for (entry, v) in values {
            switch entry {
            case .iterations:
                if let x = v.first, x.isFinite { optimizer.iterations = Int(max(0, min(x, 1e15))) }
            case .learningRate:
                if let x = v.first { optimizer.learningRate = .constant(Float(x)) }
            case .uProduct:
                if let x = v.first, let nadam = optimizer as? Nadam { nadam.uProduct = Float(x) }
            case .slot(let variable, let s):
                let slot = optimizer.slotsFor(variable)[s]
                slot.assign(Tensor(v.map { Float($0) }, shape: slot.shape, on: slot.value.backend))
            }
        }
    }
}
