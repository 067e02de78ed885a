import Foundation

/// Rebuilding Sequential and Functional models from Keras-compatible configs
/// (`keras.models.model_from_json` / `from_config`).
extension Model {
    /// A model from its serialized config (`{"class_name": "Sequential" | "Functional", "config": …}`),
    /// with fresh weights. Layers are made by ``LayerRegistry``; nested models recursively.
    public static func fromConfig(_ serialized: JSONValue) throws -> Model {
        guard let cls = serialized["class_name"]?.string, let config = serialized["config"]?.object else {
            throw LaminaError.value("A serialized model needs \"class_name\" and \"config\". Received: \(serialized.description.prefix(200))")
        }
        switch cls {
        case "Sequential": return try sequential(config)
        case "Functional", "Model": return try functional(config)
        default:
            throw LaminaError.unknown("Cannot rebuild a model of class '\(cls)' from its config: only Sequential and Functional models "
                                      + "(made of registered layers) can be; a subclassed model is rebuilt by its own code, then loadWeights")
        }
    }

    /// A model from the JSON text of ``toJSON()``.
    public static func fromJSON(_ text: String) throws -> Model { try fromConfig(try JSONValue.parse(text)) }

    /// A layer (or nested model) from its serialized form. Errors name the layer: an unknown
    /// class, argument or activation reads `layer "conv" (Conv3D): Unknown layer class …`.
    static func makeLayer(_ serialized: JSONValue) throws -> Layer {
        let cls = serialized["class_name"]?.string
        if cls == "Sequential" || cls == "Functional" || cls == "Model" { return try fromConfig(serialized) }
        do { return try LayerRegistry.layer(from: serialized) } catch let e as LaminaError {
            let name = serialized["config"]?["name"]?.string ?? serialized["name"]?.string ?? "?"
            if e.message.hasPrefix("layer \"") { throw e }
            throw LaminaError(e.kind, "layer \"\(name)\" (\(cls ?? "no class_name")): \(e.message)")
        }
    }

    /// An InputLayer's dtype (a name, or a Keras DTypePolicy) as Lamina's: integer types become
    /// int32, floating-point types float32.
    static func inputDType(_ value: JSONValue?) -> DType {
        let name = value?.string ?? value?["config"]?["name"]?.string ?? "float32"
        if name == "bool" { return .bool }
        return name.hasPrefix("int") || name.hasPrefix("uint") ? .int32 : .float32
    }

    private static func sequential(_ c: [String: JSONValue]) throws -> Model {
        var input: KerasTensor?
        var layers: [Layer] = []
        for item in c["layers"]?.array ?? [] {
            if item["class_name"]?.string == "InputLayer" {
                let lc = item["config"]?.object ?? [:]
                guard let shape = (lc["batch_shape"] ?? lc["batch_input_shape"])?.shape else {
                    throw LaminaError.value("InputLayer config without batch_shape: \(item)")
                }
                input = Input(shape: Array(shape.dropFirst()), batchSize: shape.first ?? nil,
                              dtype: inputDType(lc["dtype"]), name: lc["name"]?.string)
            } else {
                layers.append(try makeLayer(item))
            }
        }
        if input == nil, let shape = c["build_input_shape"]?.shape {
            input = Input(shape: Array(shape.dropFirst()), batchSize: shape.first ?? nil)
        }
        return try Sequential(layers, input: input, name: c["name"]?.string)
    }

    private static func functional(_ c: [String: JSONValue]) throws -> Model {
        struct Pending { let layer: Layer; let nodes: [JSONValue] }
        var layers: [String: Layer] = [:]
        var pending: [(String, Pending)] = []
        var outputs: [String: [[KerasTensor]]] = [:]   // layer name → node index → outputs
        for item in c["layers"]?.array ?? [] {
            let name = item["name"]?.string ?? item["config"]?["name"]?.string ?? ""
            if item["class_name"]?.string == "InputLayer" {
                let lc = item["config"]?.object ?? [:]
                guard let shape = (lc["batch_shape"] ?? lc["batch_input_shape"])?.shape else {
                    throw LaminaError.value("InputLayer '\(name)' config without batch_shape")
                }
                let t = Input(shape: Array(shape.dropFirst()), batchSize: shape.first ?? nil,
                              dtype: inputDType(lc["dtype"]), name: name)
                layers[name] = t.layer
                outputs[name] = [[t]]
                continue
            }
            let layer = try makeLayer(item)
            layers[name] = layer
            pending.append((name, Pending(layer: layer, nodes: item["inbound_nodes"]?.array ?? [])))
        }
        func tensor(_ history: JSONValue) -> KerasTensor? {
            guard let h = history.array, h.count == 3, let n = h[0].string, let node = h[1].int, let index = h[2].int,
                  let produced = outputs[n], node < produced.count, index < produced[node].count else { return nil }
            return produced[node][index]
        }
        func histories(_ v: JSONValue) -> [JSONValue] {
            // args is [tensor] or [[tensor, tensor]]; a keras tensor record has class_name __keras_tensor__.
            if v["class_name"]?.string == "__keras_tensor__" { return [v["config"]?["keras_history"] ?? nil] }
            return (v.array ?? []).flatMap(histories)
        }
        // Call layers on their inputs as they become available, node by node, in order.
        var next = [Int](repeating: 0, count: pending.count)
        var progress = true
        while progress {
            progress = false
            for (i, (name, p)) in pending.enumerated() where next[i] < p.nodes.count {
                let node = p.nodes[next[i]]
                let ins = histories(node["args"] ?? []).map(tensor)
                let kwargs = node["kwargs"]?.object ?? [:]
                let tensorKwargs = kwargs.filter { !histories($0.value).isEmpty }
                let keywordIns = tensorKwargs.mapValues { histories($0).first.flatMap(tensor) }
                guard !ins.isEmpty, ins.allSatisfy({ $0 != nil }), keywordIns.values.allSatisfy({ $0 != nil }) else { continue }
                try p.layer.applyCallArguments(kwargs.filter { tensorKwargs[$0.key] == nil })
                let callInputs = try p.layer.inputsFromCall(positional: ins.map { $0! }, keywords: keywordIns.mapValues { $0! })
                let outs = try p.layer(callInputs)
                outputs[name, default: []].append(outs)
                next[i] += 1
                progress = true
            }
        }
        if let stuck = pending.indices.first(where: { next[$0] < pending[$0].1.nodes.count }) {
            throw LaminaError.value("Functional config: the inputs of layer '\(pending[stuck].0)' (node \(next[stuck])) are never produced")
        }
        func ends(_ v: JSONValue?) throws -> [KerasTensor] {
            guard let v, let a = v.array else { return [] }
            let list: [JSONValue] = a.first?.string != nil ? [v] : a
            return try list.map { h in
                guard let t = tensor(h) else { throw LaminaError.value("Functional config: unknown input/output \(h)") }
                return t
            }
        }
        return try Model(inputs: try ends(c["input_layers"]), outputs: try ends(c["output_layers"]), name: c["name"]?.string)
    }

    /// Loads a model saved with ``save(to:)`` (`.lamina`), or by Python Keras (`.keras`, Keras 2
    /// `.h5`; these need the `LaminaKeras` product): rebuilds it from its config, loads its weights and,
    /// when `compile` is true and it was compiled, restores the compile settings and the optimizer's
    /// state so training resumes where it stopped.
    public static func load(from path: String, compile: Bool = true) throws -> Model {
        guard let format = SaveFormat.model(for: path) else {
            throw LaminaError.value("\(path): Model.load reads whole-model files (.lamina, .keras, Keras 2 .h5); for weights use loadWeights(from:)")
        }
        if format.isKerasHDF5 { return try SaveFormat.handler(for: format, path: path).loadModel(from: path, compile: compile) }
        let (entries, metadata) = try SafeTensors.read(path)
        guard metadata["format"] == "lamina-model", let text = metadata["config"] else {
            throw LaminaError.file(path, "not a Lamina model file (no model config in its metadata); weights files load with loadWeights(from:)")
        }
        if let v = metadata["format_version"], v != laminaModelFormatVersion {
            throw LaminaError.file(path, "model format version \(v); this Lamina reads version \(laminaModelFormatVersion)")
        }
        let config: JSONValue
        do { config = try JSONValue.parse(text) } catch { throw LaminaError.file(path, "the model config is not valid JSON") }
        let model = try fromConfig(config)
        let weights = entries.filter { $0.name.hasPrefix("weights/") }.map {
            SafeTensors.Entry(name: String($0.name.dropFirst(8)), dtype: $0.dtype, shape: $0.shape, bytes: $0.bytes)
        }
        try model.assignWeights(weights, path: path, skipMismatch: false)
        if compile, let cc = config["compile_config"], cc != .null {
            try model.compile(fromConfig: cc)
            try model.restoreOptimizerState(entries, metadata: metadata, path: path)
        }
        return model
    }

    /// Applies a Keras `compile_config`.
    public func compile(fromConfig cc: JSONValue) throws {
        let optimizer = try Optimizers.fromConfig(cc["optimizer"] ?? "rmsprop")
        let lossValue = cc["loss"] ?? nil
        let losses: [any LossConvertible] = try (lossValue.array ?? [lossValue]).map { try LossBox(Losses.fromConfig($0)) }
        func metric(_ v: JSONValue) throws -> any MetricConvertible {
            if let s = v.string { return s }
            let cls = v["class_name"]?.string ?? ""
            if let m = try? Metrics.named(cls) { m.name = v["config"]?["name"]?.string ?? m.name; return m }
            return try Metrics.named(v["config"]?["name"]?.string ?? cls)
        }
        var metrics: [[any MetricConvertible]] = []
        if let ms = cc["metrics"]?.array {
            metrics = ms.contains(where: { $0.array != nil }) ? try ms.map { try ($0.array ?? [$0]).map(metric) } : [try ms.map(metric)]
        }
        try compile(optimizer: optimizer, losses: losses, metrics: metrics, lossWeights: cc["loss_weights"]?.array?.compactMap(\.float))
    }
}

/// Wraps any loss value so it can be passed where `LossConvertible` is expected.
struct LossBox: LossConvertible {
    let loss: any Loss
    init(_ loss: any Loss) { self.loss = loss }
    func makeLoss() throws -> any Loss { loss }
}
