import CLaminaCPU
import LaminaCore

/// The ops that end in a ReLU (Backend+ReluFused.swift) as single passes of elementwise.c:
/// per-channel `x·scale + shift` (+ ReLU) and `max(a + b, 0)`. Batch normalization with a ReLU is
/// in CPU+BatchNorm.swift.
extension CPUBackend {
    public func channelAffine(_ x: Tensor, scale: Tensor, shift: Tensor, relu: Bool) -> Tensor {
        let c = x.shape.last ?? 0
        guard x.dtype == .float32, c > 0, scale.count == c, shift.count == c else {
            return compositeChannelAffine(x, scale: scale, shift: shift, relu: relu)
        }
        let rows = x.count / c, out = empty(x.shape, .float32)
        let px = UnsafePointer(f(x)), ps = UnsafePointer(f(scale)), pt = UnsafePointer(f(shift)), po = f(out)
        Parallel.forEach(rows, grain: Swift.max(1, 32_768 / c)) { r in
            lamina_rows_affine(px + r.lowerBound * c, ps, pt, po + r.lowerBound * c, r.count, c, relu ? 1 : 0)
        }
        return out
    }

    public func addRelu(_ a: Tensor, _ b: Tensor) -> Tensor {
        guard a.shape == b.shape, a.dtype == .float32, b.dtype == .float32 else { return compositeAddRelu(a, b) }
        let out = empty(a.shape, .float32)
        let pa = UnsafePointer(f(a)), pb = UnsafePointer(f(b)), po = f(out)
        Parallel.forEach(a.count, grain: 32_768) { r in
            lamina_add_relu(pa + r.lowerBound, pb + r.lowerBound, po + r.lowerBound, r.count)
        }
        return out
    }
}
