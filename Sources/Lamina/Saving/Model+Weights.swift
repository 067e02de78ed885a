import Foundation

/// The format version Lamina writes in the metadata of its weight files.
public let laminaWeightsFormatVersion = "1"

extension Layer {
    /// Saves every weight of the model (or layer) to a safetensors file, named by stable paths
    /// (`dense/kernel`, `dense_1/bias`, …) with the format version in the metadata; or, for a
    /// path ending in `.weights.h5`, Keras's HDF5 weights file (needs the `LaminaKeras` product).
    /// The write is atomic: a crash mid-save leaves any previous file intact.
    public func saveWeights(to path: String) throws {
        guard isBuilt else { throw LaminaError.state("Layer \"\(name)\" is not built yet, so it has no weights to save; call it or fit it first") }
        if let format = SaveFormat.weights(for: path), format.isKerasHDF5 {
            guard format.canWrite else { throw SaveFormat.readOnly(path) }
            return try SaveFormat.handler(for: format, path: path).saveWeights(of: self, to: path)
        }
        let named = WeightPaths.collect(self).map { ($0.path, $0.variable.value.detached()) }
        let data = try SafeTensors.encode(named, metadata: ["format": "lamina", "format_version": laminaWeightsFormatVersion,
                                                            "lamina_version": laminaVersion, "class_name": className])
        try writeAtomically(data, to: path)
    }

    /// Loads weights saved by ``saveWeights(to:)`` into this model; `.weights.h5` and Keras 2 `.h5`
    /// files go through the `LaminaKeras` product. Every name and shape is checked
    /// and all mismatches are reported together, naming the file; nothing is changed unless
    /// everything fits (or `skipMismatch` is set, which loads what fits and skips the rest).
    public func loadWeights(from path: String, skipMismatch: Bool = false) throws {
        if let format = SaveFormat.weights(for: path), format.isKerasHDF5 {
            return try SaveFormat.handler(for: format, path: path).loadWeights(into: self, from: path, skipMismatch: skipMismatch)
        }
        let (entries, metadata) = try SafeTensors.read(path)
        if metadata["format"] == "lamina-model" {
            // A whole-model file: its weights are under "weights/".
            let ws = entries.filter { $0.name.hasPrefix("weights/") }.map {
                SafeTensors.Entry(name: String($0.name.dropFirst(8)), dtype: $0.dtype, shape: $0.shape, bytes: $0.bytes)
            }
            try assignWeights(ws, path: path, skipMismatch: skipMismatch)
            return
        }
        if let v = metadata["format_version"], v != laminaWeightsFormatVersion {
            throw LaminaError.file(path, "weights format version \(v); this Lamina reads version \(laminaWeightsFormatVersion)")
        }
        try assignWeights(entries, path: path, skipMismatch: skipMismatch)
    }

    func assignWeights(_ entries: [SafeTensors.Entry], path: String, skipMismatch: Bool) throws {
        guard isBuilt else {
            throw LaminaError.state("Layer \"\(name)\" is not built yet; call it once (or give its Input) before loading weights from \(path)")
        }
        let expected = WeightPaths.collect(self)
        let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        var matches: [(Variable, SafeTensors.Entry)] = []
        for (p, v) in expected {
            guard let e = byName[p] else { problems.append("missing weight '\(p)' (expected shape \(ShapeMath.describe(v.shape)))"); continue }
            if e.shape != v.shape || e.dtype != v.dtype {
                problems.append("weight '\(p)': expected \(v.dtype) \(ShapeMath.describe(v.shape)), found \(e.dtype) \(ShapeMath.describe(e.shape))")
                continue
            }
            matches.append((v, e))
        }
        let known = Set(expected.map(\.path))
        for e in entries where !known.contains(e.name) {
            problems.append("unexpected weight '\(e.name)' of shape \(ShapeMath.describe(e.shape)) (no such weight in \"\(name)\")")
        }
        if !problems.isEmpty && !skipMismatch {
            throw LaminaError.file(path, "the weights do not fit model \"\(name)\" (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n  - "
                                   + problems.joined(separator: "\n  - "))
        }
        for (v, e) in matches { v.assign(e.tensor(on: v.value.backend)) }
    }
}
