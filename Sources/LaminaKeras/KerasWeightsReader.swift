import Lamina
import LaminaHDF5

/// Reads Keras's `.weights.h5` layout into a built model (`saving_lib._load_state`): every
/// object of the model's object graph finds its `<path>/vars` group and its datasets `0`, `1`, ….
///
/// Everything is checked before anything is assigned: missing groups and datasets, variable
/// counts, shapes, and `vars` groups in the file that no layer of the model reads. All
/// problems are reported together with their HDF5 paths and the expected and found shapes.
/// With `skipMismatch` a layer with a problem keeps its values (as Keras skips the whole layer)
/// and the others load.
enum KerasWeightsReader {
    /// A variable and the dataset it loads from.
    private struct Match {
        let variable: Variable
        let dataset: HDF5Dataset
    }

    /// - Parameters:
    ///   - name: the file, for messages (`m.keras` or `m.weights.h5`).
    ///   - optimizer: restore its state from `optimizer/vars` too (when present in the file). A
    ///     file saved before the optimizer took a step holds only its iterations and learning rate,
    ///     which are restored alone.
    ///   - strictOptimizer: an optimizer state of another layout is a problem; otherwise (loading
    ///     weights) it is skipped, as Keras does.
    static func read(_ file: HDF5File, into layer: Layer, name: String, skipMismatch: Bool, optimizer: Optimizer? = nil,
                     strictOptimizer: Bool = true) throws {
        let root = try file.root
        let legacyRoot = try root.kind(of: "_layer_checkpoint_dependencies") == .group
        var problems: [String] = []
        var matches: [Match] = []
        var claimed = Set<String>()
        for node in KerasObjectGraph(layer).nodes {
            claimed.insert(node.varsPath)
            var nodeProblems: [String] = []
            var nodeMatches: [Match] = []
            let group = try varsGroup(root, node.varsPath, legacyRoot: legacyRoot)
            let expected = node.variables.enumerated().map { "\($0.element.name) \(shapeText($0.element.shape))" }
            let found = try group.map { g in try g.memberNames().filter { try g.kind(of: $0) == .dataset } } ?? []
            if found.count != node.variables.count {
                let what = group == nil ? "missing group" : "found \(found.count) variable\(found.count == 1 ? "" : "s")"
                nodeProblems.append("\(node.varsPath): layer \"\(node.layer.name)\" (\(node.layer.className)) expects \(node.variables.count) "
                    + "variable\(node.variables.count == 1 ? "" : "s")\(expected.isEmpty ? "" : " [" + expected.joined(separator: ", ") + "]"), \(what)")
            } else if let group {
                for (i, v) in node.variables.enumerated() {
                    guard try group.kind(of: String(i)) == .dataset else {
                        nodeProblems.append("\(node.varsPath)/\(i): missing dataset for \(v.name) (found datasets \(found.sorted()))")
                        continue
                    }
                    let d = try group.dataset(String(i))
                    if d.shape != v.shape {
                        nodeProblems.append("\(node.varsPath)/\(i) (\(v.name) of layer \"\(node.layer.name)\"): expected shape "
                            + "\(shapeText(v.shape)), found \(shapeText(d.shape))")
                    } else if !d.elementType.isNumeric {
                        nodeProblems.append("\(node.varsPath)/\(i) (\(v.name)): holds \(d.elementType) data, not numbers")
                    } else {
                        nodeMatches.append(Match(variable: v, dataset: d))
                    }
                }
            }
            problems += nodeProblems
            if nodeProblems.isEmpty { matches += nodeMatches }
        }
        for extra in try unclaimedVarsGroups(root, claimed: claimed) {
            problems.append("\(extra.path): \(extra.count) variable\(extra.count == 1 ? "" : "s") that no layer of \"\(layer.name)\" loads")
        }
        var optimizerMatches: [(KerasOptimizerLayout.Entry, HDF5Dataset)] = []
        if let optimizer, let vars = try root.groupIfPresent("optimizer")?.groupIfPresent("vars") {
            optimizerMatches = try optimizerState(vars, optimizer, trainable: KerasObjectGraph.trainableVariables(layer),
                                                  strict: strictOptimizer, problems: &problems)
        }
        if !problems.isEmpty && !skipMismatch {
            throw KerasFileError.file(name, "the weights do not fit model \"\(layer.name)\" (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  - "
                + problems.joined(separator: "\n  - "))
        }
        // Read everything first, then assign, so a read error changes nothing.
        let values = try matches.map { try $0.dataset.tensor(dtype: $0.variable.dtype, on: $0.variable.value.backend) }
        let optimizerValues = try optimizerMatches.map { ($0.0, try $0.1.readDoubles()) }
        for (m, t) in zip(matches, values) { m.variable.assign(t) }
        if let optimizer, !optimizerMatches.isEmpty { KerasOptimizerLayout.apply(optimizerValues, to: optimizer) }
    }

    /// The group at `path` (`layers/dense/vars`), or nil; Keras 2.13 files name `layers`
    /// `_layer_checkpoint_dependencies`.
    private static func varsGroup(_ root: HDF5Group, _ path: String, legacyRoot: Bool) throws -> HDF5Group? {
        func walk(_ parts: [Substring]) throws -> HDF5Group? {
            var g: HDF5Group? = root
            for p in parts { g = try g?.kind(of: String(p)) == .group ? g?.group(String(p)) : nil }
            return g
        }
        let parts = path.split(separator: "/")
        if let g = try walk(parts) { return g }
        if legacyRoot { return try walk(parts.map { $0 == "layers" ? "_layer_checkpoint_dependencies" : $0 }) }
        return nil
    }

    /// `vars` groups holding datasets that no node claimed (the optimizer's aside).
    private static func unclaimedVarsGroups(_ root: HDF5Group, claimed: Set<String>) throws -> [(path: String, count: Int)] {
        var out: [(String, Int)] = []
        var budget = 100_000
        func visit(_ g: HDF5Group, _ path: String, depth: Int) throws {
            guard depth < 64 else { return }
            for name in try g.memberNames() {
                budget -= 1
                guard budget > 0, try g.kind(of: name) == .group else { continue }
                let childPath = path.isEmpty ? name : path + "/" + name
                if childPath == "optimizer" { continue }
                let child = try g.group(name)
                if name == "vars" {
                    let n = try child.memberNames().count
                    let normalized = childPath.replacingOccurrences(of: "_layer_checkpoint_dependencies", with: "layers")
                    if n > 0 && !claimed.contains(childPath) && !claimed.contains(normalized) { out.append((childPath, n)) }
                } else {
                    try visit(child, childPath, depth: depth + 1)
                }
            }
        }
        try visit(root, "", depth: 0)
        return out
    }

    /// Matches `optimizer/vars` to the optimizer's Keras layout (building its slots).
    private static func optimizerState(_ vars: HDF5Group, _ optimizer: Optimizer, trainable: [Variable], strict: Bool,
                                       problems: inout [String]) throws -> [(KerasOptimizerLayout.Entry, HDF5Dataset)] {
        let layout = try KerasOptimizerLayout(optimizer, trainable: trainable)
        let count = try vars.memberNames().count
        let unbuilt = layout.entries.prefix { if case .slot = $0 { return false }; return true }.count
        guard count == layout.entries.count || count == unbuilt else {
            if strict {
                problems.append("optimizer/vars: optimizer \(optimizer.className) of this model has \(layout.entries.count) variables "
                    + "(iterations\(layout.entries.count > 1 ? ", learning rate and slots" : "")), the file has \(count) "
                    + "(a different optimizer configuration; load with compile: false to skip the optimizer state)")
            }
            return []
        }
        optimizer.build(trainable)
        var out: [(KerasOptimizerLayout.Entry, HDF5Dataset)] = []
        for (i, entry) in layout.entries.prefix(count).enumerated() {
            let d = try vars.dataset(String(i))
            let expected: [Int]
            switch entry {
            case .slot(let v, let s): expected = optimizer.slotsFor(v)[s].shape
            default: expected = []
            }
            guard d.shape == expected, d.elementType.isNumeric else {
                problems.append("optimizer/vars/\(i) (\(KerasOptimizerLayout.describe(entry, optimizer))): expected shape "
                    + "\(shapeText(expected)), found \(shapeText(d.shape)) \(d.elementType)")
                continue
            }
            out.append((entry, d))
        }
        return out
    }
}

/// `(4, 6)`, `(6,)`, `()`.
func shapeText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
