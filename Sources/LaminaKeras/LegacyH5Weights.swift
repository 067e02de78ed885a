import Lamina
import LaminaHDF5

/// The weights part of Keras 2 `.h5` files (`legacy_h5_format.load_weights_from_hdf5_group`).
enum LegacyH5Weights {
    /// A string-list attribute as Keras saves it: whole, or in chunks `name0`, `name1`, … when it
    /// was larger than HDF5's attribute limit. Empty (or numeric empty) arrays read as [].
    static func names(_ group: HDF5Object, _ attribute: String) throws -> [String] {
        if try group.hasAttribute(attribute) { return try strings(group, attribute) }
        var out: [String] = []
        var chunk = 0
        while chunk < 10_000, try group.hasAttribute("\(attribute)\(chunk)") {
            out += try strings(group, "\(attribute)\(chunk)")
            chunk += 1
        }
        return out
    }

    private static func strings(_ group: HDF5Object, _ attribute: String) throws -> [String] {
        do { return try group.stringArrayAttribute(attribute) } catch let e as HDF5Error where e.message.contains("is not a string") {
            // Keras writes an empty list as an empty float64 array.
            if try group.attributeElementCount(attribute) == 0 { return [] }
            throw e
        }
    }

    /// The datasets a layer group lists in `weight_names` (paths inside the group, such as
    /// `dense/kernel:0`), in order.
    static func datasets(_ group: HDF5Group) throws -> [HDF5Dataset] {
        try names(group, "weight_names").map { name in
            var g = group
            let parts = name.split(separator: "/").map(String.init)
            guard let last = parts.last else { throw HDF5Error(file: group.file.name, path: group.path, "empty weight name") }
            for p in parts.dropLast() { g = try g.group(p) }
            return try g.dataset(last)
        }
    }

    static func load(_ group: HDF5Group, into layer: Layer, file: String, skipMismatch: Bool) throws {
        let layers: [Layer] = (layer as? Model)?.layersInKerasOrder ?? [layer]
        let withWeights = layers.filter { !$0.weights.isEmpty }
        let saved = try names(group, "layer_names")
        var savedWithWeights: [(name: String, datasets: [HDF5Dataset])] = []
        for name in saved {
            let g = try group.group(name)
            let ds = try datasets(g)
            if !ds.isEmpty { savedWithWeights.append((name, ds)) }
        }
        guard savedWithWeights.count == withWeights.count else {
            throw KerasFileError.file(file, "HDF5 path \(group.path): layer count mismatch: model \"\(layer.name)\" has \(withWeights.count) "
                + "layers with weights (\(withWeights.map(\.name).joined(separator: ", "))), the file has \(savedWithWeights.count) "
                + "(\(savedWithWeights.map(\.name).joined(separator: ", ")))")
        }
        var problems: [String] = []
        var assignments: [(Variable, HDF5Dataset)] = []
        for (l, s) in zip(withWeights, savedWithWeights) {
            let vars = l.weights
            guard vars.count == s.datasets.count else {
                problems.append("\(group.path == "/" ? "" : group.path)/\(s.name): layer \"\(l.name)\" expects \(vars.count) weights, the file has \(s.datasets.count)")
                continue
            }
            var layerProblems: [String] = []
            for (v, d) in zip(vars, s.datasets) {
                if d.shape != v.shape {
                    layerProblems.append("\(d.path) (\(v.name) of layer \"\(l.name)\"): expected shape \(shapeText(v.shape)), found \(shapeText(d.shape))")
                } else if !d.elementType.isNumeric {
                    layerProblems.append("\(d.path): holds \(d.elementType) data, not numbers")
                }
            }
            problems += layerProblems
            if layerProblems.isEmpty { assignments += zip(vars, s.datasets).map { ($0, $1) } }
        }
        if !problems.isEmpty && !skipMismatch {
            throw KerasFileError.file(file, "the weights do not fit model \"\(layer.name)\" (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  - "
                + problems.joined(separator: "\n  - "))
        }
        let values = try assignments.map { try $0.1.tensor(dtype: $0.0.dtype, on: $0.0.value.backend) }
        for ((v, _), t) in zip(assignments, values) { v.assign(t) }
    }

    /// `optimizer_weights`: the optimizer's variables in Keras's order (`weight_names`), the same
    /// layout as `optimizer/vars` in `.weights.h5`.
    static func restoreOptimizer(_ group: HDF5Group, _ optimizer: Optimizer, model: Model, file: String) throws {
        let datasets = try self.datasets(group)
        let trainable = KerasObjectGraph.trainableVariables(model)
        let layout = try KerasOptimizerLayout(optimizer, trainable: trainable)
        guard datasets.count == layout.entries.count else {
            throw KerasFileError.file(file, "HDF5 path \(group.path): optimizer \(optimizer.className) of this model has \(layout.entries.count) "
                + "variables, the file has \(datasets.count) (load with compile: false to skip the optimizer state)")
        }
        optimizer.build(trainable)
        var values: [[Double]] = []
        for (entry, d) in zip(layout.entries, datasets) {
            var expected: [Int] = []
            if case .slot(let v, let s) = entry { expected = optimizer.slotsFor(v)[s].shape }
            guard d.shape == expected else {
                throw KerasFileError.file(file, "HDF5 path \(d.path) (\(KerasOptimizerLayout.describe(entry, optimizer))): expected shape "
                    + "\(shapeText(expected)), found \(shapeText(d.shape))")
            }
            values.append(try d.readDoubles())
        }
        KerasOptimizerLayout.apply(zip(layout.entries, values).map { ($0, $1) }, to: optimizer)
    }
}
