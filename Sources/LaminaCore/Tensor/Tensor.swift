/// An n-dimensional array of `float32`, `int32` or `bool` elements that lives on a ``Backend``.
///
/// Tensors are values: every operation returns a new tensor and leaves its inputs alone (the
/// optimizer's fused in-place updates are the one documented exception). A tensor that depends on a
/// trainable ``Variable`` (or on a tensor made with ``requiringGradient()``) records how it was made,
/// so ``gradients(of:wrt:retainGraph:)`` can run reverse-mode differentiation back through it.
///
/// Shapes are row-major (C order); `[]` is a scalar.
public struct Tensor: @unchecked Sendable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The element type.
    public let dtype: DType
    /// The backend's memory holding the elements (contiguous, row-major).
    public let storage: any TensorStorage
    /// The backend that owns `storage` and runs operations on this tensor.
    public let backend: any Backend
    /// Where this value came from, for autodiff; nil for constants.
    var node: GradNode?

    /// Wraps backend storage. Backends call this to return results; users create tensors with the
    /// factory initialisers (`Tensor([1, 2, 3])`, `Tensor.zeros([2, 3])`, ...).
    public init(storage: any TensorStorage, shape: [Int], dtype: DType, backend: any Backend) {
        precondition(storage.count >= ShapeMath.count(shape),
                     "Tensor: storage of \(storage.count) elements is too small for shape \(ShapeMath.describe(shape))")
        self.storage = storage
        self.shape = shape
        self.dtype = dtype
        self.backend = backend
        self.node = nil
    }

    init(storage: any TensorStorage, shape: [Int], dtype: DType, backend: any Backend, node: GradNode?) {
        self.storage = storage
        self.shape = shape
        self.dtype = dtype
        self.backend = backend
        self.node = node
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { ShapeMath.count(shape) }
    /// Whether gradients flow through this tensor.
    public var requiresGradient: Bool { node != nil }

    /// The same values, cut off from the gradient graph.
    public func detached() -> Tensor {
        Tensor(storage: storage, shape: shape, dtype: dtype, backend: backend, node: nil)
    }

    /// The same values as a new leaf of the gradient graph, so gradients can be taken with respect
    /// to this tensor. Only floating-point tensors can require gradients.
    public func requiringGradient() -> Tensor {
        precondition(dtype.isFloatingPoint, "requiringGradient: only float32 tensors have gradients, got \(dtype)")
        return Tensor(storage: storage, shape: shape, dtype: dtype, backend: backend, node: GradNode(leaf: "input"))
    }

    /// The elements as `Float`s, in row-major order (ints and bools are converted).
    public func scalars() -> [Float] { backend.readFloats(self) }
    /// The elements as `Int32`s, in row-major order (floats are truncated toward zero).
    public func intScalars() -> [Int32] { backend.readInts(self) }
    /// The single element of a tensor with one element.
    public func item() -> Float {
        precondition(count == 1, "item(): the tensor has shape \(ShapeMath.describe(shape)), not a single element")
        return scalars()[0]
    }
}
