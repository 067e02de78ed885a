/// A plain stack of layers, each with one input and one output (`keras.Sequential`).
///
/// ```swift
/// let model = try Sequential {
///     Input(shape: [28, 28, 1])
///     try Conv2D(32, 3, activation: .relu)
///     try MaxPooling2D()
///     try Flatten()
///     Dense(10, activation: .softmax)
/// }
/// ```
/// With an `Input` first the model is built at once; otherwise on its first call or `fit`.
public final class Sequential: Model {
    /// The layers, without the InputLayer (as Keras lists them).
    public private(set) var stack: [Layer] = []
    private var input: KerasTensor?

    /// From a list of layers (optionally led by an `Input`).
    public init(_ layers: [Layer] = [], input: KerasTensor? = nil, name: String? = nil) throws {
        super.init(name: name ?? Naming.unique("sequential"))
        self.input = input
        stack = layers
        try rebuildGraph()
    }

    /// From a result builder of `Input(...)` and layers; layers whose initializers throw are
    /// written with `try` (`try Conv2D(32, 3, activation: .relu)`).
    public convenience init(name: String? = nil, @SequentialBuilder _ content: () throws -> [SequentialItem]) throws {
        var input: KerasTensor?
        var layers: [Layer] = []
        for item in try content() {
            switch item {
            case .input(let t):
                guard layers.isEmpty, input == nil else {
                    throw LaminaError.value("Sequential: an Input can only come first")
                }
                input = t
            case .layer(let l): layers.append(l)
            }
        }
        try self.init(layers, input: input, name: name)
    }

    public override class var className: String { "Sequential" }
    public override var layers: [Layer] { stack }
    public override var sublayers: [(name: String, layer: Layer)] { stack.map { ("layers", $0) } }

    /// Appends a layer (and rebuilds the graph if the input shape is known).
    public func add(_ layer: Layer) throws {
        stack.append(layer)
        do { try rebuildGraph() } catch {
            stack.removeLast()
            try? rebuildGraph()
            throw error
        }
    }

    /// Removes the last layer.
    @discardableResult
    public func pop() throws -> Layer {
        guard let last = stack.popLast() else { throw LaminaError.value("Sequential \"\(name)\": there are no layers to pop") }
        try rebuildGraph()
        return last
    }

    /// The input shape, once known (including the batch dimension).
    public var inputShape: [Int?]? { input?.shape }

    private func rebuildGraph() throws {
        guard let input else { graph = nil; return }
        var x = input
        for l in stack { x = try l(x) }
        graph = try FunctionalGraph(inputs: [input], outputs: [x], modelName: name)
        markBuilt([input.shape])
    }

    public override func build(_ inputShapes: [[Int?]]) throws {
        guard graph == nil, let shape = inputShapes.first else { return }
        input = Input(shape: Array(shape.dropFirst()), batchSize: shape.first ?? nil)
        try rebuildGraph()
    }

    public override func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) throws -> [Tensor] {
        if graph == nil, let first = inputs.first {
            try build([first.kerasShape])
        }
        return try super.call(inputs, masks: masks, training: training)
    }
}

/// An element of a ``Sequential`` builder.
public enum SequentialItem {
    case input(KerasTensor)
    case layer(Layer)
}

@resultBuilder
public enum SequentialBuilder {
    public static func buildExpression(_ layer: Layer) -> [SequentialItem] { [.layer(layer)] }
    public static func buildExpression(_ input: KerasTensor) -> [SequentialItem] { [.input(input)] }
    public static func buildExpression(_ layers: [Layer]) -> [SequentialItem] { layers.map { .layer($0) } }
    public static func buildBlock(_ parts: [SequentialItem]...) -> [SequentialItem] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [SequentialItem]?) -> [SequentialItem] { part ?? [] }
    public static func buildEither(first: [SequentialItem]) -> [SequentialItem] { first }
    public static func buildEither(second: [SequentialItem]) -> [SequentialItem] { second }
    public static func buildArray(_ parts: [[SequentialItem]]) -> [SequentialItem] { parts.flatMap { $0 } }
}
