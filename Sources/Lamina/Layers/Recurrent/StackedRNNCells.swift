/// Several cells run one after another at each step, each feeding the next
/// (`keras.layers.StackedRNNCells`). The states are the cells' states concatenated in order; the
/// output is the last cell's.
public final class StackedRNNCells: RNNCell {
    public let cells: [RNNCell]

    public init(_ cells: [RNNCell], name: String? = nil) throws {
        guard !cells.isEmpty else { throw LaminaError.value("StackedRNNCells needs at least one cell") }
        self.cells = cells
        super.init(name: name)
    }

    public override class var className: String { "StackedRNNCells" }
    public override var stateSizes: [Int] { cells.flatMap(\.stateSizes) }
    public override var outputSize: Int { cells.last!.outputSize }
    public override var outputStateIndex: Int { cells.dropLast().reduce(0) { $0 + $1.stateSizes.count } + cells.last!.outputStateIndex }
    public override var sublayers: [(name: String, layer: Layer)] { cells.map { ("cells", $0) } }

    public override func build(_ inputShapes: [[Int?]]) throws {
        var shape = inputShapes.first ?? [nil, nil]
        for c in cells {
            try c.ensureBuilt([shape])
            shape = [shape.first ?? nil, c.outputSize]
        }
    }

    public override func prepareDropoutMasks(batch: Int, inputSize: Int, training: Bool) {
        var d = inputSize
        for c in cells {
            c.prepareDropoutMasks(batch: batch, inputSize: d, training: training)
            d = c.outputSize
        }
    }

    public override func clearDropoutMasks() { for c in cells { c.clearDropoutMasks() } }

    public override func step(_ input: Tensor, states: [Tensor], training: Bool) throws -> (output: Tensor, states: [Tensor]) {
        var x = input, k = 0, out: [Tensor] = []
        for c in cells {
            let n = c.stateSizes.count
            let r = try c.step(x, states: Array(states[k..<(k + n)]), training: training)
            x = r.output
            out += r.states
            k += n
        }
        return (x, out)
    }

    public override var config: [String: JSONValue] {
        ["cells": .array(cells.map { c in
            ["module": "keras.layers", "class_name": .string(c.className), "config": .object(c.fullConfig), "registered_name": nil]
        })]
    }
}
