/// Shape arithmetic shared by the tensor API and the backends: element counts, strides,
/// axis normalisation and NumPy broadcasting.
public enum ShapeMath {
    /// Number of elements of a shape (1 for a scalar, 0 if any dimension is 0).
    @inlinable
    public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// Row-major (C order) strides, in elements.
    @inlinable
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc &*= shape[i]
        }
        return s
    }

    /// The broadcast shape of two shapes under NumPy rules, or nil if they do not broadcast.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// Strides of `shape` seen through the broadcast `outShape`: 0 where a dimension is broadcast.
    public static func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = outShape.count - shape.count
        var s = [Int](repeating: 0, count: outShape.count)
        for i in 0..<shape.count where shape[i] != 1 || outShape[i + offset] == 1 {
            s[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return s
    }

    /// Normalises a possibly negative axis for a tensor of rank `rank`.
    public static func normalizeAxis(_ axis: Int, rank: Int, op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < max(rank, 1) || (rank == 0 && a == 0),
                     "\(op): axis \(axis) is out of range for a tensor of rank \(rank)")
        return a
    }

    /// Normalises, sorts and de-duplicates a list of axes; nil means every axis.
    public static func normalizeAxes(_ axes: [Int]?, rank: Int, op: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let n = axes.map { normalizeAxis($0, rank: rank, op: op) }
        precondition(Set(n).count == n.count, "\(op): repeated axis in \(axes)")
        return n.sorted()
    }

    /// The shape left after removing `axes` (sorted, normalised).
    public static func reducedShape(_ shape: [Int], axes: [Int], keepDims: Bool) -> [Int] {
        var out: [Int] = []
        for (i, d) in shape.enumerated() {
            if axes.contains(i) { if keepDims { out.append(1) } } else { out.append(d) }
        }
        return out
    }

    /// Renders a shape the way Keras does in messages: `(2, 3)`.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
