extension Tensor {
    /// A float tensor from row-major `scalars`; `shape` defaults to `[scalars.count]`.
    public init(_ scalars: [Float], shape: [Int]? = nil, on backend: (any Backend)? = nil) {
        let s = shape ?? [scalars.count]
        precondition(ShapeMath.count(s) == scalars.count,
                     "Tensor: \(scalars.count) values do not fill shape \(ShapeMath.describe(s))")
        let b = backend ?? Backends.current
        self = scalars.withUnsafeBufferPointer { b.makeTensor(floats: $0, shape: s) }
    }

    /// An int32 (or bool) tensor from row-major `scalars`; `shape` defaults to `[scalars.count]`.
    public init(_ scalars: [Int32], shape: [Int]? = nil, dtype: DType = .int32, on backend: (any Backend)? = nil) {
        let s = shape ?? [scalars.count]
        precondition(ShapeMath.count(s) == scalars.count,
                     "Tensor: \(scalars.count) values do not fill shape \(ShapeMath.describe(s))")
        precondition(dtype != .float32, "Tensor: integer scalars need dtype .int32 or .bool")
        let b = backend ?? Backends.current
        self = scalars.withUnsafeBufferPointer { b.makeTensor(ints: $0, shape: s, dtype: dtype) }
    }

    /// A bool tensor.
    public init(_ flags: [Bool], shape: [Int]? = nil, on backend: (any Backend)? = nil) {
        self.init(flags.map { $0 ? 1 : 0 }, shape: shape, dtype: .bool, on: backend)
    }

    /// A float scalar (shape `[]`).
    public init(_ scalar: Float, on backend: (any Backend)? = nil) {
        self.init([scalar], shape: [], on: backend)
    }

    /// A float matrix from rows of equal length.
    public init(_ rows: [[Float]], on backend: (any Backend)? = nil) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "Tensor: rows have different lengths")
        self.init(rows.flatMap { $0 }, shape: [rows.count, cols], on: backend)
    }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ value: Float, shape: [Int], dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor.full: negative dimension in \(ShapeMath.describe(shape))")
        return (backend ?? Backends.current).full(value, shape: shape, dtype: dtype)
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        full(0, shape: shape, dtype: dtype, on: backend)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float32, on backend: (any Backend)? = nil) -> Tensor {
        full(1, shape: shape, dtype: dtype, on: backend)
    }

    /// Zeros with this tensor's shape, dtype and backend.
    public func zerosLike() -> Tensor { backend.full(0, shape: shape, dtype: dtype) }
    /// Ones with this tensor's shape, dtype and backend.
    public func onesLike() -> Tensor { backend.full(1, shape: shape, dtype: dtype) }

    /// `start, start+step, …` up to but excluding `end`, like `numpy.arange`.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1, dtype: DType = .float32,
                              on backend: (any Backend)? = nil) -> Tensor {
        precondition(step != 0, "Tensor.arange: step must not be 0")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        if dtype == .float32 { return Tensor((0..<n).map { start + Float($0) * step }, on: backend) }
        return Tensor((0..<n).map { Int32(start + Float($0) * step) }, dtype: dtype, on: backend)
    }

    /// The `rows × columns` identity matrix (ones on the main diagonal).
    public static func eye(_ rows: Int, _ columns: Int? = nil, on backend: (any Backend)? = nil) -> Tensor {
        let c = columns ?? rows
        var v = [Float](repeating: 0, count: rows * c)
        for i in 0..<Swift.min(rows, c) { v[i * c + i] = 1 }
        return Tensor(v, shape: [rows, c], on: backend)
    }

    /// A copy in new storage (no shared memory), keeping the gradient connection.
    public func copied() -> Tensor {
        let out = backend.full(0, shape: shape, dtype: dtype)
        backend.copy(self, into: out)
        return Tensor.record("copy", out, inputs: [self]) { g, _ in [g] }
    }

    /// Same storage seen with another shape of the same element count; records nothing.
    /// For backends and internal use; users call ``reshaped(_:)``.
    public func rawReshaped(_ newShape: [Int]) -> Tensor {
        precondition(ShapeMath.count(newShape) == count,
                     "reshape: cannot reshape a tensor of shape \(ShapeMath.describe(shape)) (\(count) elements) to \(ShapeMath.describe(newShape))")
        return Tensor(storage: storage, shape: newShape, dtype: dtype, backend: backend, node: nil)
    }
}
