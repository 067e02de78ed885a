extension Tensor: CustomStringConvertible {
    /// `Tensor(shape: (2, 3), dtype: float32, backend: cpu)` followed by the values, nested like
    /// NumPy, with long axes elided.
    public var description: String {
        var out = "Tensor(shape: \(ShapeMath.describe(shape)), dtype: \(dtype), backend: \(backend.name)"
        out += requiresGradient ? ", requiresGradient)\n" : ")\n"
        let values: [String] = dtype == .float32 ? scalars().map { Tensor.format($0) } : intScalars().map {
            dtype == .bool ? ($0 != 0 ? "true" : "false") : String($0)
        }
        out += Tensor.render(values, shape: shape, offset: 0, depth: 0)
        return out
    }

    static func format(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return String(v)
    }

    static func render(_ values: [String], shape: [Int], offset: Int, depth: Int) -> String {
        guard let n = shape.first else { return values.isEmpty ? "[]" : values[offset] }
        let inner = Array(shape.dropFirst())
        let stride = ShapeMath.count(inner)
        let shown: [Int] = n > 8 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array(0..<n)
        let parts = shown.map { i in
            i < 0 ? "..." : render(values, shape: inner, offset: offset + i * stride, depth: depth + 1)
        }
        let sep = inner.isEmpty ? ", " : ",\n" + String(repeating: " ", count: depth + 1)
        return "[" + parts.joined(separator: sep) + "]"
    }
}

