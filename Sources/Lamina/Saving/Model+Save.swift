import Foundation

/// The format version of whole-model `.lamina` files.
public let laminaModelFormatVersion = "1"

extension Model {
    /// Saves the whole model to one file: its Keras-compatible config (with the compile config),
    /// its weights, and the optimizer's state (iterations and slots), so a loaded model predicts
    /// identically and training resumes where it stopped. `.lamina` is a safetensors container;
    /// `.keras` is Keras's ZIP (needs the `LaminaKeras` product). The write is atomic.
    public func save(to path: String) throws {
        guard let format = SaveFormat.model(for: path) else {
            throw LaminaError.value("\(path): a whole model is saved as .lamina (or .keras); for weights only use saveWeights(to:) with .safetensors")
        }
        if format.isKerasHDF5 {
            guard format.canWrite else { throw SaveFormat.readOnly(path) }
            return try SaveFormat.handler(for: format, path: path).saveModel(self, to: path)
        }
        guard isBuilt else { throw LaminaError.state("Model \"\(name)\" is not built yet; call it or fit it before saving") }
        var tensors: [(String, Tensor)] = WeightPaths.collect(self).map { ("weights/" + $0.path, $0.variable.value.detached()) }
        var metadata = ["format": "lamina-model", "format_version": laminaModelFormatVersion, "lamina_version": laminaVersion,
                        "config": toJSON()]
        if let optimizer = compiled?.optimizer {
            metadata["optimizer_iterations"] = String(optimizer.iterations)
            let paths = Dictionary(WeightPaths.collect(self).map { (ObjectIdentifier($0.variable), $0.path) }, uniquingKeysWith: { a, _ in a })
            for v in optimizer.trackedVariables {
                guard let p = paths[ObjectIdentifier(v)] else { continue }
                for (slot, s) in zip(optimizer.slotNames, optimizer.slotsFor(v)) {
                    tensors.append(("optimizer/" + p + "/" + slot, s.value.detached()))
                }
            }
        }
        try writeAtomically(try SafeTensors.encode(tensors, metadata: metadata), to: path)
    }

    /// Restores optimizer iterations and slots saved by ``save(to:)`` (after compiling).
    func restoreOptimizerState(_ entries: [SafeTensors.Entry], metadata: [String: String], path: String) throws {
        guard let optimizer = compiled?.optimizer else { return }
        if let it = metadata["optimizer_iterations"].flatMap(Int.init) { optimizer.iterations = it }
        let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (p, v) in WeightPaths.collect(self) where v.trainable {
            let names = optimizer.slotNames.map { "optimizer/" + p + "/" + $0 }
            guard names.allSatisfy({ byName[$0] != nil }) else { continue }
            for (slot, name) in zip(optimizer.slotsFor(v), names) {
                guard let e = byName[name], e.shape == slot.shape else {
                    throw LaminaError.file(path, "optimizer slot '\(name)' has shape \(byName[name]?.shape ?? []) but the model needs \(slot.shape)")
                }
                slot.assign(e.tensor(on: slot.value.backend))
            }
        }
    }
}
