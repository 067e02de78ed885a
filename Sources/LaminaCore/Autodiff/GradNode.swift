/// One recorded operation in the gradient graph.
///
/// A node holds strong references to its inputs' nodes only (never to its outputs), and its
/// backward closure captures detached tensors, so the graph has no retain cycles and is freed as
/// soon as the last tensor that depends on it goes away.
final class GradNode {
    /// The operation's name, for error messages.
    let op: String
    private(set) var inputs: [GradNode?]
    /// Maps the gradient of the output to the gradients of the inputs (nil where an input needs
    /// none). Nil for leaves, and for interior nodes once a backward pass has released them.
    var backward: ((Tensor) -> [Tensor?])?
    let isLeaf: Bool

    init(leaf name: String) {
        op = name
        inputs = []
        backward = nil
        isLeaf = true
    }

    init(op: String, inputs: [GradNode?], backward: @escaping (Tensor) -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
        isLeaf = false
    }

    /// Releases the inputs iteratively. Left to ARC, dropping a long chain (an RNN unrolled over
    /// many steps) recurses once per node and overflows the stack.
    deinit {
        var pending = inputs.compactMap { $0 }
        inputs = []
        while var node = pending.popLast() {
            // Only unlink nodes that die with this one; a node still used elsewhere stays intact.
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs.compactMap { $0 })
                node.inputs = []
            }
        }
    }
}

/// Whether operations are being recorded for autodiff on this task (see ``noGrad(_:)``).
public enum GradMode {
    @TaskLocal static var enabled = true
    /// True unless inside ``noGrad(_:)``.
    public static var isEnabled: Bool { enabled }
}

/// Runs `body` without recording any operation for autodiff (inference, optimizer updates).
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$enabled.withValue(false, operation: body)
}

extension Tensor {
    /// Attaches a backward rule to `result` if any input takes part in autodiff.
    ///
    /// `rule` receives the upstream gradient and which inputs need a gradient, and returns one
    /// gradient (or nil) per input. Rules must capture only detached tensors.
    static func record(_ op: String, _ result: Tensor, inputs: [Tensor],
                       rule: @escaping (_ gradient: Tensor, _ needs: [Bool]) -> [Tensor?]) -> Tensor {
        guard GradMode.enabled, inputs.contains(where: { $0.node != nil }) else { return result }
        let needs = inputs.map { $0.node != nil }
        var out = result
        out.node = GradNode(op: op, inputs: inputs.map(\.node)) { g in rule(g, needs) }
        return out
    }
}
