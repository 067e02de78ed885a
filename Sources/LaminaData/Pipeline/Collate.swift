import LaminaCore

/// Element types that can be stacked into a batch tensor `[N, ...]`.
public protocol Collatable: Sendable {
    /// Stacks `items` along a new first axis.
    /// - Throws: ``DataError`` if the items' shapes differ (naming the first that differs).
    static func collate(_ items: [Self]) throws -> Tensor
}

extension Image: Collatable {
    /// float32 `[N, H, W, C]` with values 0…255.
    public static func collate(_ items: [Image]) throws -> Tensor {
        guard let first = items.first else { return Tensor.zeros([0]) }
        var values = [Float](); values.reserveCapacity(items.count * first.pixels.count)
        for (i, im) in items.enumerated() {
            guard im.height == first.height, im.width == first.width, im.channels == first.channels else {
                throw DataError("batch", "image \(i) is \(im.height)×\(im.width)×\(im.channels) but image 0 is \(first.height)×\(first.width)×\(first.channels); resize or crop images to one size before batching")
            }
            values.append(contentsOf: im.pixels.lazy.map { Float($0) })
        }
        return Tensor(values, shape: [items.count, first.height, first.width, first.channels])
    }
}

extension Tensor: Collatable {
    /// `[N] + shape`, keeping the dtype.
    public static func collate(_ items: [Tensor]) throws -> Tensor {
        guard let first = items.first else { return Tensor.zeros([0]) }
        for (i, t) in items.enumerated() where t.shape != first.shape || t.dtype != first.dtype {
            throw DataError("batch", "sample \(i) has shape \(t.shape) (\(t.dtype)) but sample 0 has \(first.shape) (\(first.dtype)); a transform must give every sample the same shape")
        }
        let shape = [items.count] + first.shape
        if first.dtype == .float32 { return Tensor(items.flatMap { $0.scalars() }, shape: shape) }
        return Tensor(items.flatMap { $0.intScalars() }, shape: shape, dtype: first.dtype)
    }
}

extension Int: Collatable {
    /// Class indices: int32 `[N]`.
    public static func collate(_ items: [Int]) throws -> Tensor { Tensor(items.map { Int32(truncatingIfNeeded: $0) }, shape: [items.count]) }
}

extension Int32: Collatable {
    public static func collate(_ items: [Int32]) throws -> Tensor { Tensor(items, shape: [items.count]) }
}

extension Float: Collatable {
    public static func collate(_ items: [Float]) throws -> Tensor { Tensor(items, shape: [items.count]) }
}

extension Array: Collatable where Element == Float {
    /// Feature vectors of equal length: float32 `[N, D]`.
    public static func collate(_ items: [[Float]]) throws -> Tensor {
        let d = items.first?.count ?? 0
        for (i, v) in items.enumerated() where v.count != d {
            throw DataError("batch", "sample \(i) has \(v.count) features but sample 0 has \(d)")
        }
        return Tensor(items.flatMap { $0 }, shape: [items.count, d])
    }
}
