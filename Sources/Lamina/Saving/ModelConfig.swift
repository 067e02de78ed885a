/// Keras-compatible JSON configs of models (`model.get_config()` / `keras.saving.serialize_keras_object`):
/// Sequential lists its layers; Functional lists every layer with its `inbound_nodes`
/// (`__keras_tensor__` records with `keras_history: [layer, node, tensor]`) and the
/// `input_layers` / `output_layers`.
extension Layer {
    /// `{"module", "class_name", "config", "registered_name", "build_config"}` for this layer.
    public func serialized() -> JSONValue {
        if let m = self as? Model { return m.serializedModel() }
        var out: [String: JSONValue] = ["module": .string(kerasModule), "class_name": .string(className),
                                        "config": .object(fullConfig), "registered_name": nil]
        if !(self is InputLayer), let build = buildConfig { out["build_config"] = build }
        return .object(out)
    }

    /// The Keras module a built-in layer class lives in.
    public var kerasModule: String { "keras.layers" }
}

extension Model {
    func serializedModel() -> JSONValue {
        var config: [String: JSONValue] = ["name": .string(name), "trainable": .bool(trainable),
                                           "dtype": fullConfig["dtype"] ?? nil]
        let cls = kerasClassName
        if let seq = self as? Sequential {
            var layers: [JSONValue] = []
            if let shape = seq.inputShape {
                layers.append(["module": "keras.layers", "class_name": "InputLayer", "registered_name": nil,
                               "config": ["batch_shape": JSONValue(shape: shape), "dtype": .string((seq.inputs.first?.dtype ?? .float32).rawValue), "sparse": false,
                                          "ragged": false, "name": .string(seq.inputs.first?.layer.name ?? "input_layer")]])
            }
            layers += seq.stack.map { $0.serialized() }
            config["layers"] = .array(layers)
            if let shape = seq.inputShape { config["build_input_shape"] = JSONValue(shape: shape) }
        } else if let graph {
            config["layers"] = .array(graph.layers.map { layer in functionalLayerRecord(layer, graph: graph) })
            func history(_ t: KerasTensor) -> JSONValue {
                [.string(t.layer.name), JSONValue(graph.nodeIndex(of: t.node)), JSONValue(t.outputIndex)]
            }
            config["input_layers"] = graph.inputs.count == 1 ? history(graph.inputs[0]) : .array(graph.inputs.map(history))
            config["output_layers"] = graph.outputs.count == 1 ? history(graph.outputs[0]) : .array(graph.outputs.map(history))
        } else {
            for (k, v) in self.config { config[k] = v }
        }
        var out: [String: JSONValue] = ["module": cls == "Functional" ? "keras.src.models.functional" : (cls == "Sequential" ? "keras" : .string(kerasModule)),
                                        "class_name": .string(cls), "config": .object(config), "registered_name": cls == "Functional" || cls == "Sequential" ? nil : .string("Custom>" + cls)]
        if let shapes = builtInputShapes {
            out["build_config"] = ["input_shape": shapes.count == 1 ? JSONValue(shape: shapes[0]) : .array(shapes.map { JSONValue(shape: $0) })]
        }
        if let compiled { out["compile_config"] = compiled.serialized() }
        return .object(out)
    }

    private func functionalLayerRecord(_ layer: Layer, graph: FunctionalGraph) -> JSONValue {
        var record = layer.serialized().object ?? [:]
        record["name"] = .string(layer.name)
        let nodes = ([graph.inputs.map(\.node)].flatMap { $0 } + graph.nodes).filter { $0.layer === layer && !$0.inputs.isEmpty }
        record["inbound_nodes"] = .array(nodes.map { node in
            let records: [JSONValue] = node.inputs.map { t in
                ["class_name": "__keras_tensor__",
                 "config": ["shape": JSONValue(shape: t.shape), "dtype": .string(t.dtype.rawValue),
                            "keras_history": [.string(t.layer.name), JSONValue(graph.nodeIndex(of: t.node)), JSONValue(t.outputIndex)]]]
            }
            let (args, keywords, separate) = layer.callSignature(records)
            let kwargs = node.arguments.merging(layer.callArguments) { a, _ in a }.merging(keywords) { a, _ in a }
            return ["args": separate || args.count == 1 ? .array(args) : .array([.array(args)]), "kwargs": .object(kwargs)]
        })
        return .object(record)
    }

    /// The model's config as Keras JSON text (`model.to_json()`).
    public func toJSON() -> String { serializedModel().description }
}

extension CompileConfig {
    /// Keras's `compile_config`.
    func serialized() -> JSONValue {
        ["optimizer": optimizer.serialized(module: "keras.optimizers"),
         "loss": losses.count == 1 ? losses[0].serialized(module: "keras.losses") : .array(losses.map { $0.serialized(module: "keras.losses") }),
         "loss_weights": lossWeights.allSatisfy { $0 == 1 } ? nil : .array(lossWeights.map { JSONValue($0) }),
         "metrics": metricSpecs.count == 1 ? .array(metricSpecs[0].map(serializeMetricSpec)) : .array(metricSpecs.map { .array($0.map(serializeMetricSpec)) }),
         "weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false]
    }

    private func serializeMetricSpec(_ m: any MetricConvertible) -> JSONValue {
        if let s = m as? String { return .string(s) }
        if let metric = m as? Metric { return metric.serialized(module: "keras.metrics") }
        return nil
    }
}
