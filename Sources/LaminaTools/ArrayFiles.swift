import Lamina

/// Arrays from `.npy`/`.npz` files arranged as a model's inputs (or targets): several `.npy`
/// files in the model's order, or one `.npz` keyed by name. Each array is checked against the
/// model's shape and cast to its dtype, and every problem names the file and the model input.
public struct ArrayFiles {
    /// What the model expects in one position.
    public struct Slot {
        /// The input (or output) name: the `.npz` key that selects the array.
        public var name: String
        /// The expected shape with `nil` for free dimensions (the batch), or nil to accept any.
        public var shape: [Int?]?
        /// The dtype arrays are cast to, or nil to keep theirs.
        public var dtype: DType?
        public init(name: String, shape: [Int?]?, dtype: DType?) { self.name = name; self.shape = shape; self.dtype = dtype }
    }

    /// The model's inputs as slots (names, shapes and dtypes of its Input layers).
    public static func inputs(of model: Model) -> [Slot] {
        uniqueNames(model.inputs.map(\.layer.name)).enumerated().map { i, name in
            Slot(name: name, shape: model.inputs[i].shape, dtype: model.inputs[i].dtype)
        }
    }

    /// The model's outputs as slots, named by the layers producing them (shapes and dtypes are not enforced).
    public static func outputs(of model: Model) -> [Slot] {
        let names = model.outputs.isEmpty ? [model.name] : model.outputs.map(\.layer.name)
        return uniqueNames(names).map { Slot(name: $0, shape: nil, dtype: nil) }
    }

    /// Loads `paths` for `slots`; `role` ("input", "target") is used in messages.
    /// - Throws: ``DataError`` naming the file for a count, name, shape, sample-count or dtype
    ///   mismatch, or an array without samples.
    public static func load(_ paths: [String], for slots: [Slot], role: String = "input") throws -> [Tensor] {
        let sources: [(source: String, tensor: Tensor)]
        if paths.count == 1, paths[0].hasSuffix(".npz") {
            sources = try select(NPZ.readTensors(paths[0]), from: paths[0], for: slots, role: role)
        } else {
            if let npz = paths.first(where: { $0.hasSuffix(".npz") }) {
                throw DataError(npz, "an .npz file must be the only \(role) file (it holds every \(role) by name); got \(paths.count) files")
            }
            guard paths.count == slots.count else {
                throw DataError(paths.first ?? "(no file)", "the model has \(slots.count) \(role)\(slots.count == 1 ? "" : "s") "
                                + "(\(slots.map { "'\($0.name)'" }.joined(separator: ", "))) but \(paths.count) \(role) file\(paths.count == 1 ? " was" : "s were") given")
            }
            sources = try paths.map { ($0, try NPY.readTensor($0)) }
        }
        var samples: (Int, String)?
        return try zip(slots, sources).map { slot, s in
            let t = try conform(s.tensor, to: slot, source: s.source, role: role)
            if t.shape.first == 0 {
                throw DataError(s.source, "the array has no samples (shape \(describeShape(t.shape.map { Optional($0) }))): nothing to predict or evaluate")
            }
            if let n = t.shape.first {
                if let (m, other) = samples, m != n { throw DataError(s.source, "has \(n) samples but \(other) has \(m)") }
                samples = samples ?? (n, s.source)
            }
            return t
        }
    }

    /// The arrays of an `.npz` in slot order: by name; or, when the names do not match, a single
    /// array for a single slot, or `np.savez`'s positional `arr_0`, `arr_1`, … in order.
    static func select(_ arrays: [(name: String, tensor: Tensor)], from path: String, for slots: [Slot],
                       role: String) throws -> [(source: String, tensor: Tensor)] {
        let byName = Dictionary(arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let matched = slots.compactMap { slot in byName[slot.name].map { ("\(path): array '\(slot.name)'", $0) } }
        if matched.count == slots.count { return matched }
        let positional = arrays.count == slots.count && arrays.enumerated().allSatisfy { $1.name == "arr_\($0)" }
        if positional || (slots.count == 1 && arrays.count == 1) {
            return arrays.map { ("\(path): array '\($0.name)'", $0.tensor) }
        }
        let missing = slots.filter { byName[$0.name] == nil }.map { "'\($0.name)'" }
        throw DataError(path, "no array for the model \(role)\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); "
                        + "the file holds \(arrays.map { "'\($0.name)'" }.joined(separator: ", ")). Name the arrays after the model's "
                        + "\(role)s (\(slots.map { "'\($0.name)'" }.joined(separator: ", "))) or pass one .npy file per \(role)")
    }

    /// `t` checked against the slot's shape and cast to its dtype.
    static func conform(_ t: Tensor, to slot: Slot, source: String, role: String) throws -> Tensor {
        if let shape = slot.shape {
            let fits = shape.count == t.shape.count && zip(shape, t.shape).allSatisfy { $0 == nil || $0 == $1 }
            guard fits else {
                throw DataError(source, "model \(role) '\(slot.name)' expects shape \(describeShape(shape)), "
                                + "but the array has shape \(describeShape(t.shape.map { Optional($0) }))")
            }
        }
        guard let dtype = slot.dtype, dtype != t.dtype else { return t }
        func reject(_ what: String) -> DataError {
            DataError(source, "model \(role) '\(slot.name)' takes \(dtype) values, but the array holds \(what)")
        }
        switch dtype {
        case .float32:
            return t.cast(to: .float32)
        case .int32:
            let v = t.scalars()
            if let i = v.firstIndex(where: { $0.rounded() != $0 || abs($0) > 2_147_483_520 }) {
                throw reject("\(t.dtype) values that are not integers (\(v[i]) at flat index \(i))")
            }
            return t.cast(to: .int32)
        case .bool:
            let v = t.scalars()
            if let i = v.firstIndex(where: { $0 != 0 && $0 != 1 }) { throw reject("\(t.dtype) values other than 0 and 1 (\(v[i]) at flat index \(i))") }
            return t.cast(to: .bool)
        }
    }

    /// Names made unique with `_1`, `_2`, … (a layer can produce several outputs).
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { n in
            defer { seen[n, default: 0] += 1 }
            guard let k = seen[n] else { return n }
            return "\(n)_\(k)"
        }
    }
}
