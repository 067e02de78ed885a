/// A model: layers with training and inference built in (`compile`, `fit`, `evaluate`,
/// `predict`, saving). Three ways to make one, as in Keras:
///
/// - **Functional**: `try Model(inputs: inputs, outputs: outputs)` over symbolic tensors, with any
///   number of inputs and outputs, shared layers and nested models;
/// - **Sequential**: a stack of layers, ``Sequential``;
/// - **Subclassing**: a subclass that creates its layers as stored properties and overrides
///   ``Layer/call(_:training:)``; its layers are found for weights and saving automatically.
///
/// A model is itself a layer, so it can be called on tensors or used inside another model.
open class Model: Layer {
    var graph: FunctionalGraph?
    /// Training configuration set by `compile`.
    public internal(set) var compiled: CompileConfig?
    /// Set by a callback (e.g. EarlyStopping) to end `fit` after the current epoch.
    public var stopTraining = false
    /// Cached trainable weights during fit.
    var trainingCache: TrainingCache?

    /// A Functional model from symbolic inputs to outputs.
    public init(inputs: [KerasTensor], outputs: [KerasTensor], name: String? = nil) throws {
        super.init(name: name ?? Naming.unique("functional"))
        graph = try FunctionalGraph(inputs: inputs, outputs: outputs, modelName: self.name)
        markBuilt(inputs.map(\.shape))
    }

    /// A Functional model with one input and one output.
    public convenience init(inputs: KerasTensor, outputs: KerasTensor, name: String? = nil) throws {
        try self.init(inputs: [inputs], outputs: [outputs], name: name)
    }

    /// For subclasses (and ``Sequential``).
    public override init(name: String? = nil) {
        super.init(name: name)
    }

    open override class var className: String { "Model" }
    /// `Functional` for graph models, else the class name.
    public var kerasClassName: String {
        if self is Sequential { return "Sequential" }
        return graph != nil && type(of: self) == Model.self ? "Functional" : Self.className
    }

    /// The symbolic inputs and outputs of a Functional (or built Sequential) model.
    public var inputs: [KerasTensor] { graph?.inputs ?? [] }
    public var outputs: [KerasTensor] { graph?.outputs ?? [] }

    /// The model's layers: for Functional models every layer including InputLayers, in graph
    /// order; for subclassed models the layers found in stored properties.
    open var layers: [Layer] {
        if let graph { return graph.layers }
        return sublayers.map(\.layer)
    }

    /// Layers by name.
    public func getLayer(_ name: String) throws -> Layer {
        guard let l = layers.first(where: { $0.name == name }) else {
            throw LaminaError.value("No such layer: \(name). Existing layers are: \(layers.map(\.name))")
        }
        return l
    }

    open override var sublayers: [(name: String, layer: Layer)] {
        if let graph { return graph.layers.map { ("layers", $0) } }
        return super.sublayers
    }

    open override func build(_ inputShapes: [[Int?]]) throws {
        if graph != nil { return }
        // A subclassed model builds its layers by running once on zeros.
        markBuilt(inputShapes)
        let zeros = inputShapes.map { Tensor.zeros($0.map { $0 ?? 1 }) }
        _ = try noGrad { try call(zeros, masks: zeros.map { _ in nil }, training: false) }
    }

    open override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        guard let graph else { return try call(inputs, training: training) }
        try checkInputs(inputs)
        return try graph.run(inputs, masks: masks, training: training).outputs
    }

    /// Runs the model on a batch and returns its outputs with their Keras masks (nil where an
    /// output has none): what `fit` and `evaluate` hand the losses and metrics, as Keras attaches
    /// the mask to `y_pred` (e.g. `Embedding(maskZero: true)` → `LSTM(returnSequences: true)` →
    /// `Dense`: the padding mask `[B, T]`). Functional and Sequential models report the graph's
    /// output masks; subclassed models (and subclasses that override `call`) report none.
    func callWithMasks(_ inputs: [Tensor], training: Bool) throws -> (outputs: [Tensor], masks: [Tensor?]) {
        try ensureBuilt(inputs.map(\.kerasShape))
        if let graph, type(of: self) == Model.self || self is Sequential {
            try checkInputs(inputs)
            return try graph.run(inputs, training: training)
        }
        let outputs = try call(inputs, masks: inputs.map { _ in nil }, training: training)
        return (outputs, outputs.map { _ in nil })
    }

    /// Functional and Sequential models pass masks through their graph (``computeMask(_:masks:)``).
    /// (Keras 3 drops the mask at a nested Functional model, with a warning.)
    open override var supportsMasking: Bool { graph != nil }

    open override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard let graph else { return try super.computeMask(inputs, masks: masks) }
        return try noGrad { try graph.run(inputs, masks: masks, training: false).masks }
    }

    open override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let graph else { return try super.computeOutputShape(inputShapes) }
        if inputShapes == graph.inputs.map(\.shape) { return graph.outputs.map(\.shape) }
        return try super.computeOutputShape(inputShapes)
    }

    /// Throws if the tensors do not fit the model's inputs (count, rank, known dimensions).
    func checkInputs(_ values: [Tensor]) throws { try checkInputShapes(values.map(\.shape)) }

    /// Throws if inputs of these shapes do not fit the model's inputs.
    func checkInputShapes(_ shapes: [[Int]]) throws {
        guard let graph else { return }
        guard shapes.count == graph.inputs.count else {
            throw LaminaError.value("Model \"\(name)\" expects \(graph.inputs.count) input(s), but it received \(shapes.count) input tensors")
        }
        for (i, (t, v)) in zip(graph.inputs, shapes).enumerated() {
            let ok = t.shape.count == v.count && zip(t.shape, v).allSatisfy { $0 == nil || $0 == $1 }
            if !ok {
                throw LaminaError.shape("Input \(i) (\"\(t.layer.name)\") of model \"\(name)\" is incompatible: expected shape \(describeShape(t.shape)), "
                    + "but received input with shape \(describeShape(v.map { Optional($0) }))")
            }
        }
    }
}
