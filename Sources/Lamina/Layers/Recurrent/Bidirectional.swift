/// Runs a recurrent layer forwards and a copy backwards over the same sequence and merges the
/// results (`keras.layers.Bidirectional`).
///
/// - `layer`: an ``RNN``; the forward layer is rebuilt from its config (named `forward_<name>`),
///   the backward one too with `goBackwards` flipped (named `backward_<name>`) unless
///   `backwardLayer` is given. Weights live under the sublayers `forward_layer` and `backward_layer`.
/// - `mergeMode`: `"concat"` (`[…, 2·units]`), `"sum"`, `"mul"`, `"ave"`, or nil (both outputs).
/// - With `returnSequences` the backward outputs are flipped back into input order, and masked
///   steps output zeros (Keras forces `zero_output_for_mask` there).
/// - Inputs: the sequence, then optionally initial states: the forward layer's, then the backward's.
/// - Outputs: the merged output (or two), then with `returnState` the forward then backward states.
public final class Bidirectional: Layer {
    public let forwardLayer: RNN
    public let backwardLayer: RNN
    public let mergeMode: String?

    public init(_ layer: RNN, mergeMode: String? = "concat", backwardLayer: RNN? = nil, name: String? = nil) throws {
        guard mergeMode == nil || ["sum", "mul", "ave", "concat"].contains(mergeMode!) else {
            throw LaminaError.value("Invalid merge mode. Received: \(mergeMode!). Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}")
        }
        var fc = layer.fullConfig
        fc["name"] = .string("forward_" + Bidirectional.dropPrefix(layer.name, "forward_"))
        forwardLayer = try Bidirectional.rebuild(layer, fc)
        if let backwardLayer {
            self.backwardLayer = backwardLayer
        } else {
            var bc = layer.fullConfig
            bc["go_backwards"] = .bool(!layer.goBackwards)
            bc["name"] = .string("backward_" + Bidirectional.dropPrefix(layer.name, "backward_"))
            self.backwardLayer = try Bidirectional.rebuild(layer, bc)
        }
        guard forwardLayer.goBackwards != self.backwardLayer.goBackwards else {
            throw LaminaError.value("Forward layer and backward layer should have different `go_backwards` value. Received: forward_layer.go_backwards \(forwardLayer.goBackwards), backward_layer.go_backwards=\(self.backwardLayer.goBackwards)")
        }
        for (a, x, y) in [("stateful", forwardLayer.stateful, self.backwardLayer.stateful),
                          ("return_sequences", forwardLayer.returnSequences, self.backwardLayer.returnSequences),
                          ("return_state", forwardLayer.returnState, self.backwardLayer.returnState)] where x != y {
            throw LaminaError.value("Forward layer and backward layer are expected to have the same value for attribute \"\(a)\", got \"\(x)\" for forward layer and \"\(y)\" for backward layer")
        }
        self.mergeMode = mergeMode
        forwardLayer.zeroOutputForMask = forwardLayer.returnSequences
        self.backwardLayer.zeroOutputForMask = self.backwardLayer.returnSequences
        super.init(name: name)
    }

    static func dropPrefix(_ s: String, _ p: String) -> String { s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s }

    static func rebuild(_ layer: RNN, _ config: [String: JSONValue]) throws -> RNN {
        guard let copy = try LayerRegistry.layer(className: layer.className, config: config) as? RNN else {
            throw LaminaError.value("Bidirectional: \(layer.className) did not rebuild as a recurrent layer")
        }
        return copy
    }

    public override class var className: String { "Bidirectional" }
    public override var supportsMasking: Bool { true }
    public var returnSequences: Bool { forwardLayer.returnSequences }
    public var returnState: Bool { forwardLayer.returnState }

    public override var sublayers: [(name: String, layer: Layer)] {
        [("forward_layer", forwardLayer), ("backward_layer", backwardLayer)]
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        let s = [inputShapes[0]]
        try forwardLayer.ensureBuilt(s)
        try backwardLayer.ensureBuilt(s)
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        let x = inputs[0], extra = Array(inputs.dropFirst())
        let half = extra.count / 2
        let mask = masks.first ?? nil
        let y = try forwardLayer.callAsFunction([x] + extra.prefix(half), masks: [mask] + extra.prefix(half).map { _ in nil }, training: training)
        let yr = try backwardLayer.callAsFunction([x] + extra.suffix(from: half), masks: [mask] + extra.suffix(from: half).map { _ in nil }, training: training)
        var back = yr[0]
        if returnSequences {
            let steps = back.shape[1]
            back = steps == 0 ? back : Tensor.concat((0..<steps).reversed().map { back.slice(axis: 1, $0..<($0 + 1)) }, axis: 1)
        }
        let merged: [Tensor]
        switch mergeMode {
        case "concat": merged = [Tensor.concat([y[0], back], axis: -1)]
        case "sum": merged = [y[0] + back]
        case "ave": merged = [(y[0] + back) / 2]
        case "mul": merged = [y[0] * back]
        default: merged = [y[0], back]
        }
        return merged + (returnState ? Array(y.dropFirst()) + Array(yr.dropFirst()) : [])
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let m: Tensor? = returnSequences ? (masks.first ?? nil) : nil
        let outs = mergeMode == nil ? [m, m] : [m]
        return outs + (returnState ? (forwardLayer.cell.stateSizes + backwardLayer.cell.stateSizes).map { _ in nil } : [])
    }

    public override var config: [String: JSONValue] {
        func ser(_ l: Layer) -> JSONValue {
            ["module": "keras.layers", "class_name": .string(l.className), "config": .object(l.fullConfig), "registered_name": nil]
        }
        return ["merge_mode": mergeMode.map { .string($0) } ?? .null, "layer": ser(forwardLayer), "backward_layer": ser(backwardLayer)]
    }
}
