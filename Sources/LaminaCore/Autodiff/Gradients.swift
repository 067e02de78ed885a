/// Errors from a backward pass.
public enum AutodiffError: Error, CustomStringConvertible, Equatable {
    /// The loss is not a single float element.
    case nonScalarLoss(shape: [Int])
    /// The graph behind the loss was already released by an earlier backward pass.
    case graphFreed(op: String)

    public var description: String {
        switch self {
        case .nonScalarLoss(let s):
            return "gradients(of:): the loss must be a scalar float tensor. Received: shape \(ShapeMath.describe(s))"
        case .graphFreed(let op):
            return "gradients(of:): the graph through '\(op)' was freed by an earlier backward pass; "
                + "pass retainGraph: true to the first call to differentiate it again"
        }
    }
}

/// Reverse-mode gradients of a scalar `loss` with respect to each tensor in `wrt`.
///
/// Each `wrt` tensor must be a leaf (a ``Variable``'s value or a tensor made with
/// ``Tensor/requiringGradient()``). A tensor the loss does not depend on gets zeros. The graph is
/// released as it is walked unless `retainGraph` is true; differentiating it again then throws
/// ``AutodiffError/graphFreed(op:)``. No operation is recorded during the pass.
public func gradients(of loss: Tensor, wrt: [Tensor], retainGraph: Bool = false) throws -> [Tensor] {
    guard loss.count == 1, loss.dtype == .float32 else { throw AutodiffError.nonScalarLoss(shape: loss.shape) }
    guard let root = loss.node else {
        return wrt.map { loss.backend.full(0, shape: $0.shape, dtype: .float32) }
    }
    let order = try topologicalOrder(from: root)
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): loss.backend.full(1, shape: loss.shape, dtype: .float32)]
    let wanted = Set(wrt.compactMap { $0.node.map(ObjectIdentifier.init) })
    try noGrad {
        for node in order.reversed() {
            let id = ObjectIdentifier(node)
            guard !node.isLeaf, let g = grads[id] else { continue }
            guard let rule = node.backward else { throw AutodiffError.graphFreed(op: node.op) }
            if !retainGraph { node.backward = nil }
            if !wanted.contains(id) { grads[id] = nil }
            let inputGrads = rule(g)
            for (input, ig) in zip(node.inputs, inputGrads) {
                guard let input, let ig else { continue }
                let key = ObjectIdentifier(input)
                if let existing = grads[key] { grads[key] = existing + ig } else { grads[key] = ig }
            }
        }
    }
    return wrt.map { t in
        if let n = t.node, let g = grads[ObjectIdentifier(n)] { return g }
        return t.backend.full(0, shape: t.shape, dtype: .float32)
    }
}

/// Gradients with respect to variables (their current values), in the same order.
public func gradients(of loss: Tensor, wrt variables: [Variable], retainGraph: Bool = false) throws -> [Tensor] {
    try gradients(of: loss, wrt: variables.map(\.value), retainGraph: retainGraph)
}

/// Nodes reachable from `root`, inputs before the nodes that use them (iterative DFS, so long
/// recurrent graphs do not overflow the stack).
private func topologicalOrder(from root: GradNode) throws -> [GradNode] {
    var order: [GradNode] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(GradNode, Int)] = [(root, 0)]
    visited.insert(ObjectIdentifier(root))
    while let (node, next) = stack.popLast() {
        if next < node.inputs.count {
            stack.append((node, next + 1))
            if let child = node.inputs[next], visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
        } else {
            order.append(node)
        }
    }
    return order
}
