/// The base class of every layer, with Keras's lifecycle:
///
/// 1. `init` takes the configuration (units, activation, …) and creates no weights;
/// 2. ``build(_:)`` runs once, on the first call, when the input shapes are known, and creates the
///    weights with ``addWeight(name:shape:initializer:trainable:regularizer:constraint:)``;
/// 3. `call` computes the outputs; subclasses override the variant they need:
///    ``call(_:training:)`` for one tensor in and out, ``call(_:training:)-([Tensor],_)`` for several,
///    ``call(_:masks:training:)`` to see masks;
/// 4. ``computeOutputShape(_:)`` infers output shapes without running the math (by default it runs
///    the layer once on zeros with a batch of 1);
/// 5. ``config`` returns the constructor arguments as Keras-compatible JSON.
///
/// Shapes in this API are Keras shapes: `[Int?]` with `nil` (Keras `None`) for the batch and any
/// other unknown dimension.
open class Layer: CustomStringConvertible {
    /// The layer's name, unique in the session unless given (`dense`, `dense_1`, …).
    public var name: String
    /// Whether the layer's weights are updated by training (freezing sets this to false).
    public var trainable: Bool = true {
        didSet { for v in ownVariables where v.role == .trainable { v.variable.trainable = trainable } }
    }
    /// Whether ``build(_:)`` has run.
    public private(set) var isBuilt = false
    /// The input shapes the layer was built with.
    public private(set) var builtInputShapes: [[Int?]]?
    /// Checked against every input before each call once set (usually in `build`).
    public var inputSpec: [InputSpec?] = []

    struct OwnedVariable {
        enum Role { case trainable, nonTrainable }
        let variable: Variable
        let role: Role
        let regularizer: (any Regularizer)?
        let constraint: (any Constraint)?
    }
    private(set) var ownVariables: [OwnedVariable] = []

    /// - Parameter name: the layer's name; a unique one is made from the class name if nil.
    public init(name: String? = nil) {
        self.name = name ?? Naming.unique(Naming.snakeCase(Self.className))
    }

    /// The Keras class name used in configs and automatic names (`"Dense"`).
    open class var className: String { String(describing: self) }
    /// This instance's ``className``.
    public var className: String { Self.className }

    // MARK: Lifecycle (override points)

    /// Creates the weights for inputs of the given shapes. Called once, before the first call.
    open func build(_ inputShapes: [[Int?]]) throws {}

    /// One tensor in, one out. Override this for single-input layers.
    open func call(_ input: Tensor, training: Bool) throws -> Tensor {
        throw LaminaError(.unsupported, "Layer \"\(name)\" (\(className)) does not implement call(_:training:)")
    }

    /// Several tensors in and out. Override for layers with several inputs or outputs; the
    /// default passes a single input to ``call(_:training:)``.
    open func call(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw LaminaError.value("Layer \"\(name)\" (\(className)) expects 1 input, but it received \(inputs.count) input tensors")
        }
        return [try call(inputs[0], training: training)]
    }

    /// The most general call, with the masks of the inputs (nil where none). Override to use
    /// masks; the default ignores them.
    open func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        try call(inputs, training: training)
    }

    /// Whether the layer passes masks on (``computeMask(_:masks:)``); layers that do not, drop them,
    /// and warn once (as Keras does) when they are called with a masked input.
    open var supportsMasking: Bool { false }

    /// Set once this layer has warned that it drops a mask.
    private var warnedAboutDroppedMask = false

    /// The masks of the outputs: by default the first input's mask if the layer supports masking.
    open func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        supportsMasking ? [masks.first ?? nil] : [nil]
    }

    /// Output shapes for the given input shapes, without the real data. The default traces the
    /// layer on zeros (unknown dimensions set to 1) and puts the unknown batch back.
    open func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let zeros = inputShapes.map { Tensor.zeros($0.map { $0 ?? 1 }) }
        let outputs = try noGrad { try callForShapes(zeros) }
        return zip(outputs.indices, outputs).map { _, t in
            var s: [Int?] = t.shape
            if !s.isEmpty, let first = inputShapes.first, !first.isEmpty, first[0] == nil { s[0] = nil }
            return s
        }
    }

    func callForShapes(_ inputs: [Tensor]) throws -> [Tensor] {
        try ensureBuilt(inputs.map { $0.kerasShape })
        return try call(inputs, masks: inputs.map { _ in nil }, training: false)
    }

    /// The constructor arguments, as Keras writes them in `get_config` (without `name`,
    /// `trainable` and `dtype`, which ``fullConfig`` adds).
    open var config: [String: JSONValue] { [:] }

    /// Keras's `build_config`, which `build_from_config` uses to rebuild the layer before its
    /// weights load: `{"input_shape": …}` (a list of shapes for several inputs); layers whose
    /// Keras `build` takes named shapes override it with `{"shapes_dict": {…}}`. Nil until built.
    open var buildConfig: JSONValue? {
        guard let shapes = builtInputShapes else { return nil }
        return ["input_shape": shapes.count == 1 ? JSONValue(shape: shapes[0]) : .array(shapes.map { JSONValue(shape: $0) })]
    }

    /// The keyword arguments of a Keras call recorded in a Functional config's node (other than
    /// input tensors), applied before the layer is called when a model is rebuilt from its
    /// config. The default accepts `training` (Lamina calls every layer with the model's
    /// training flag) and null or false values; anything else is an error naming the argument.
    open func applyCallArguments(_ arguments: [String: JSONValue]) throws {
        for (key, value) in arguments.sorted(by: { $0.key < $1.key }) where key != "training" && !value.isNull && value != false {
            throw LaminaError(.unsupported, "Layer \"\(name)\" (\(className)) is called with the argument \(key)=\(value.description.prefix(120)), "
                + "which Lamina does not support in a model config")
        }
    }

    /// The call keyword arguments this layer records in Functional configs (read back by
    /// ``applyCallArguments(_:)``): none by default.
    open var callArguments: [String: JSONValue] { [:] }

    /// How Keras passes this layer's inputs, for Functional configs: `separate` (each input its
    /// own positional argument, as `MultiHeadAttention(query, value, key)`) or one argument (the
    /// input, or the list of inputs, as `Add()([a, b])`, the default), and which inputs go as
    /// keyword arguments (`attention_mask=`). ``inputsFromCall(positional:keywords:)`` is the inverse.
    open func callSignature<T>(_ inputs: [T]) -> (positional: [T], keywords: [String: T], separate: Bool) {
        (inputs, [:], false)
    }

    /// The inputs of a call recorded in a config, in ``call`` order, from its positional input
    /// tensors and its keyword input tensors; the default takes the positional ones and
    /// rejects keyword tensors, naming them.
    open func inputsFromCall<T>(positional: [T], keywords: [String: T]) throws -> [T] {
        if let key = keywords.keys.sorted().first {
            throw LaminaError(.unsupported, "Layer \"\(name)\" (\(className)) is called with a tensor as its argument \(key)=, which Lamina does not support in a model config")
        }
        return positional
    }

    /// `config` plus `name`, `trainable` and `dtype` (the float32 policy, unless `config` gives
    /// the layer's own dtype, as ``InputLayer`` does).
    public var fullConfig: [String: JSONValue] {
        var c = config
        c["name"] = .string(name)
        c["trainable"] = .bool(trainable)
        if c["dtype"] == nil {
            c["dtype"] = ["module": "keras", "class_name": "DTypePolicy", "config": ["name": "float32"], "registered_name": nil]
        }
        return c
    }

    // MARK: Weights

    /// Creates a weight of this layer. Call from ``build(_:)``; weights are kept in creation
    /// order, which is also Keras's saving order (trainable first, then non-trainable).
    @discardableResult
    public func addWeight(name: String, shape: [Int], initializer: any Initializer = Initializers.zeros,
                          trainable: Bool = true, regularizer: (any Regularizer)? = nil,
                          constraint: (any Constraint)? = nil) -> Variable {
        let v = Variable(initializer(shape), name: name, trainable: trainable && self.trainable)
        ownVariables.append(OwnedVariable(variable: v, role: trainable ? .trainable : .nonTrainable,
                                          regularizer: regularizer, constraint: constraint))
        return v
    }

    /// Child layers, with the names Keras uses for them in weight files (attribute names).
    /// Found by reflection over stored properties (`Layer`, `[Layer]`, optional layers);
    /// override to list them explicitly.
    open var sublayers: [(name: String, layer: Layer)] {
        var found: [(String, Layer)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var mirrors: [Mirror] = []
        while let m = mirror, m.subjectType != Layer.self {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label else { continue }
                let clean = label.hasPrefix("$__lazy_storage_$_") ? String(label.dropFirst(18)) : label
                if let l = child.value as? Layer { found.append((clean, l)) }
                else if let ls = child.value as? [Layer] { for l in ls { found.append((clean, l)) } }
            }
        }
        return found
    }

    /// This layer's own variables and its sublayers', trainable first (Keras `trainable_weights`).
    public var trainableWeights: [Variable] {
        guard trainable else { return [] }
        return ownVariables.filter { $0.role == .trainable }.map(\.variable) + sublayers.flatMap { $0.layer.trainableWeights }
    }

    /// Variables not updated by the optimizer (moving statistics, frozen weights).
    public var nonTrainableWeights: [Variable] {
        let mine = ownVariables.filter { $0.role == .nonTrainable || !trainable }.map(\.variable)
        return mine + sublayers.flatMap { trainable ? $0.layer.nonTrainableWeights : $0.layer.weights }
    }

    /// All variables: trainable, then non-trainable (Keras `weights`).
    public var weights: [Variable] { uniqued(trainableWeights + nonTrainableWeights) }

    /// This layer's own variables in creation order (sublayers' not included).
    public var variablesInCreationOrder: [Variable] { ownVariables.map(\.variable) }

    /// This layer's own variables in Keras's saving order: those created trainable, then those
    /// created non-trainable, each in creation order (Keras `_trainable_variables +
    /// _non_trainable_variables`; freezing the layer later does not change it).
    public var variablesInSavingOrder: [Variable] {
        ownVariables.filter { $0.role == .trainable }.map(\.variable) + ownVariables.filter { $0.role == .nonTrainable }.map(\.variable)
    }

    /// Regularization penalty of this layer's weights and its sublayers' (a scalar), or nil.
    public func regularizationLoss() -> Tensor? {
        var terms: [Tensor] = ownVariables.compactMap { o in o.regularizer.map { $0(o.variable.value) } }
        terms += sublayers.compactMap { $0.layer.regularizationLoss() }
        return terms.isEmpty ? nil : terms.dropFirst().reduce(terms[0], +)
    }

    /// Applies weight constraints after an optimizer step.
    func applyConstraints() {
        for o in ownVariables {
            if let c = o.constraint { o.variable.assign(noGrad { c(o.variable.value) }) }
        }
        for s in sublayers { s.layer.applyConstraints() }
    }

    /// The weights' values, in ``weights`` order.
    public func getWeights() -> [Tensor] { weights.map { $0.value.detached() } }

    /// Replaces the weights' values, in ``weights`` order; shapes must match.
    public func setWeights(_ values: [Tensor]) throws {
        let ws = weights
        guard values.count == ws.count else {
            throw LaminaError.value("Layer \"\(name)\": setWeights expected \(ws.count) arrays, but received \(values.count)")
        }
        for (i, (w, v)) in zip(ws, values).enumerated() where w.shape != v.shape {
            throw LaminaError.shape("Layer \"\(name)\": weight \(i) (\(w.name)) has shape \(ShapeMath.describe(w.shape)), but the value given has shape \(ShapeMath.describe(v.shape))")
        }
        for (w, v) in zip(ws, values) { w.assign(v.cast(to: w.dtype)) }
    }

    /// Number of scalars in all weights.
    public func countParams() -> Int { weights.reduce(0) { $0 + ShapeMath.count($1.shape) } }

    // MARK: Calling

    /// Builds the layer for these shapes if it is not built yet, then checks them against its
    /// input spec.
    public func ensureBuilt(_ shapes: [[Int?]]) throws {
        if !isBuilt {
            try build(shapes)
            isBuilt = true
            builtInputShapes = shapes
        }
        for (i, (shape, spec)) in zip(shapes, inputSpec).enumerated() {
            try spec?.check(shape, layer: name, input: i)
        }
    }

    /// Marks the layer built (for layers built by other means, e.g. loading).
    public func markBuilt(_ shapes: [[Int?]]) {
        isBuilt = true
        builtInputShapes = shapes
    }

    /// Runs the layer on tensors: builds it on first use, checks shapes, calls.
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        let outs = try callAsFunction([input], training: training)
        return outs[0]
    }

    /// Runs the layer on several tensors.
    public func callAsFunction(_ inputs: [Tensor], masks: [Tensor?]? = nil, training: Bool = false) throws -> [Tensor] {
        try ensureBuilt(inputs.map(\.kerasShape))
        let outputs = try call(inputs, masks: masks ?? inputs.map { _ in nil }, training: training)
        if let masks, !supportsMasking, !warnedAboutDroppedMask, masks.contains(where: { $0 != nil }) {
            warnedAboutDroppedMask = true
            Warnings.warn("Layer '\(name)' (of type \(className)) was passed an input with a mask attached to it. However, this layer "
                + "does not support masking and will therefore destroy the mask information. Downstream layers will not see the mask.")
        }
        return outputs
    }

    /// Runs the layer on one tensor with its Keras mask (`[batch, T]`, true = keep), as Keras
    /// passes `mask=` to a layer: `try rnn(x, mask: try embedding.computeMask(ids))`. For a
    /// Softmax the mask marks the positions to keep (true or > 0.5).
    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool = false) throws -> Tensor {
        try callAsFunction([input], masks: [mask], training: training)[0]
    }

    /// The Keras mask this layer gives its output for `input` (without an incoming mask):
    /// `ids != 0` for `Embedding(maskZero: true)`, nil for layers that make no mask.
    public func computeMask(_ input: Tensor) throws -> Tensor? {
        try computeMask([input], masks: [nil]).first ?? nil
    }

    open var description: String { "<\(className) name=\(name), built=\(isBuilt)>" }
}

func uniqued(_ vs: [Variable]) -> [Variable] {
    var seen = Set<ObjectIdentifier>()
    return vs.filter { seen.insert(ObjectIdentifier($0)).inserted }
}
