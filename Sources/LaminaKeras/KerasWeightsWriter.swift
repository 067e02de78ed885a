import Lamina
import LaminaHDF5

/// Writes Keras's `.weights.h5` layout (`saving_lib.H5IOStore`): a `vars` group per object of
/// the object graph with a `name` attribute (the layer's name) and datasets `0`, `1`, …; the
/// optimizer's state under `optimizer/vars`.
enum KerasWeightsWriter {
    /// Writes the variables of `layer` (a model or a single layer) into `file`, and the state of
    /// `optimizer` (building its slots for the trainable variables if needed, as Keras's
    /// `compile_from_config` would on loading).
    static func write(_ layer: Layer, optimizer: Optimizer?, into file: HDF5File) throws {
        let root = try file.root
        for node in KerasObjectGraph(layer).nodes {
            var group = root
            for part in node.path.split(separator: "/") { group = try group.groupCreatingIfNeeded(String(part)) }
            let vars = try group.createGroup("vars")
            try vars.setStringAttribute("name", node.layer.name)
            for (i, v) in node.variables.enumerated() { try v.value.write(to: vars, name: String(i)) }
        }
        if let optimizer { try writeOptimizer(optimizer, trainable: KerasObjectGraph.trainableVariables(layer), into: root) }
    }

    private static func writeOptimizer(_ optimizer: Optimizer, trainable: [Variable], into root: HDF5Group) throws {
        let layout = try KerasOptimizerLayout(optimizer, trainable: trainable)
        optimizer.build(trainable)
        let vars = try root.createGroup("optimizer").createGroup("vars")
        try vars.setStringAttribute("name", optimizer.name)
        for (i, entry) in layout.entries.enumerated() {
            let name = String(i)
            switch entry {
            case .iterations: try vars.createDataset(name, int64: [Int64(optimizer.iterations)], shape: [])
            case .learningRate: try vars.createDataset(name, float32: [optimizer.currentLearningRate], shape: [])
            case .uProduct: try vars.createDataset(name, float32: [(optimizer as? Nadam)?.uProduct ?? 1], shape: [])
            case .slot(let v, let s): try optimizer.slotsFor(v)[s].value.write(to: vars, name: name)
            }
        }
    }
}
