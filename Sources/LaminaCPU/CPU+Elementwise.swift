import CLaminaCPU
import LaminaCore

#if canImport(Glibc)
import Glibc
#endif

extension CPUBackend {
    // MARK: Unary

    public func unary(_ op: UnaryOp, _ x: Tensor) -> Tensor {
        let out = empty(x.shape, x.dtype)
        let n = x.count
        if x.dtype != .float32 {
            let s = i(x), d = i(out)
            for k in 0..<n {
                let v = s[k]
                switch op {
                case .neg: d[k] = 0 &- v
                case .abs: d[k] = v < 0 ? 0 &- v : v
                case .sign: d[k] = v > 0 ? 1 : (v < 0 ? -1 : 0)
                case .square: d[k] = v &* v
                case .logicalNot: d[k] = v == 0 ? 1 : 0
                default: d[k] = v
                }
            }
            return out
        }
        let s = UnsafePointer(f(x)), d = f(out)
        switch op {
        case .neg: CPUBackend.map(K.Neg.self, s, d, n)
        case .abs: CPUBackend.map(K.Abs.self, s, d, n)
        case .sign: CPUBackend.map(K.Sign.self, s, d, n)
        case .square: CPUBackend.map(K.Square.self, s, d, n)
        case .exp: CPUBackend.mapVector(lamina_vexp, s, d, n)
        case .log: CPUBackend.mapVector(lamina_vlog, s, d, n)
        case .sqrt: CPUBackend.map(K.Sqrt.self, s, d, n)
        case .rsqrt: CPUBackend.map(K.Rsqrt.self, s, d, n)
        case .reciprocal: CPUBackend.map(K.Reciprocal.self, s, d, n)
        case .tanh: CPUBackend.mapVector(lamina_vtanh, s, d, n)
        case .sigmoid: CPUBackend.mapVector(lamina_vsigmoid, s, d, n)
        case .relu: CPUBackend.map(K.Relu.self, s, d, n)
        case .softplus: CPUBackend.map(K.Softplus.self, s, d, n)
        case .sin: CPUBackend.map(K.Sin.self, s, d, n)
        case .cos: CPUBackend.map(K.Cos.self, s, d, n)
        case .erf: CPUBackend.map(K.Erf.self, s, d, n)
        case .log1p: CPUBackend.map(K.Log1p.self, s, d, n)
        case .expm1: CPUBackend.map(K.Expm1.self, s, d, n)
        case .floor: CPUBackend.map(K.Floor.self, s, d, n)
        case .ceil: CPUBackend.map(K.Ceil.self, s, d, n)
        case .round: CPUBackend.map(K.Round.self, s, d, n)
        case .logicalNot: CPUBackend.map(K.Not.self, s, d, n)
        }
        return out
    }

    static func map<F: UnaryKernel>(_: F.Type, _ s: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        Parallel.forEach(n, grain: 16_384) { r in
            for k in r { d[k] = F.apply(s[k]) }
        }
    }

    /// Runs one of the C vector-math kernels (CLaminaCPU/vecmath.c) over chunks on all threads.
    static func mapVector(_ kernel: @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void,
                          _ s: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        Parallel.forEach(n, grain: 16_384) { r in kernel(s + r.lowerBound, d + r.lowerBound, r.count) }
    }

    // MARK: Binary

    public func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        if let out = rowsBroadcast(op, a, b) { return out }
        let shape = ShapeMath.broadcast(a.shape, b.shape)!
        let loop = StridedLoop(shape: shape, inputs: [a.shape, b.shape])
        let out = empty(shape, op.isComparison ? .bool : a.dtype)
        if a.dtype == .float32 {
            let pa = UnsafePointer(f(a)), pb = UnsafePointer(f(b))
            if op.isComparison {
                let po = i(out)
                switch op {
                case .equal: CPUBackend.run(K.Eq<Float>.self, loop, pa, pb, po)
                case .notEqual: CPUBackend.run(K.Ne<Float>.self, loop, pa, pb, po)
                case .less: CPUBackend.run(K.Lt<Float>.self, loop, pa, pb, po)
                case .lessEqual: CPUBackend.run(K.Le<Float>.self, loop, pa, pb, po)
                case .greater: CPUBackend.run(K.Gt<Float>.self, loop, pa, pb, po)
                case .greaterEqual: CPUBackend.run(K.Ge<Float>.self, loop, pa, pb, po)
                case .logicalAnd: CPUBackend.run(K.And<Float>.self, loop, pa, pb, po)
                default: CPUBackend.run(K.Or<Float>.self, loop, pa, pb, po)
                }
                return out
            }
            let po = f(out)
            switch op {
            case .add: CPUBackend.run(K.Add.self, loop, pa, pb, po)
            case .sub: CPUBackend.run(K.Sub.self, loop, pa, pb, po)
            case .mul: CPUBackend.run(K.Mul.self, loop, pa, pb, po)
            case .div: CPUBackend.run(K.Div.self, loop, pa, pb, po)
            case .pow: CPUBackend.run(K.Pow.self, loop, pa, pb, po)
            case .maximum: CPUBackend.run(K.Max.self, loop, pa, pb, po)
            case .minimum: CPUBackend.run(K.Min.self, loop, pa, pb, po)
            case .mod: CPUBackend.run(K.Mod.self, loop, pa, pb, po)
            default: break
            }
            return out
        }
        let pa = UnsafePointer(i(a)), pb = UnsafePointer(i(b)), po = i(out)
        switch op {
        case .add: CPUBackend.run(K.IAdd.self, loop, pa, pb, po)
        case .sub: CPUBackend.run(K.ISub.self, loop, pa, pb, po)
        case .mul: CPUBackend.run(K.IMul.self, loop, pa, pb, po)
        case .div: CPUBackend.run(K.IDiv.self, loop, pa, pb, po)
        case .mod: CPUBackend.run(K.IMod.self, loop, pa, pb, po)
        case .pow: CPUBackend.run(K.IPow.self, loop, pa, pb, po)
        case .maximum: CPUBackend.run(K.IMax.self, loop, pa, pb, po)
        case .minimum: CPUBackend.run(K.IMin.self, loop, pa, pb, po)
        case .equal: CPUBackend.run(K.Eq<Int32>.self, loop, pa, pb, po)
        case .notEqual: CPUBackend.run(K.Ne<Int32>.self, loop, pa, pb, po)
        case .less: CPUBackend.run(K.Lt<Int32>.self, loop, pa, pb, po)
        case .lessEqual: CPUBackend.run(K.Le<Int32>.self, loop, pa, pb, po)
        case .greater: CPUBackend.run(K.Gt<Int32>.self, loop, pa, pb, po)
        case .greaterEqual: CPUBackend.run(K.Ge<Int32>.self, loop, pa, pb, po)
        case .logicalAnd: CPUBackend.run(K.And<Int32>.self, loop, pa, pb, po)
        case .logicalOr: CPUBackend.run(K.Or<Int32>.self, loop, pa, pb, po)
        }
        return out
    }

    /// `[..., c] op [c]` (or `[c] op [..., c]`) for add, sub, mul, div on floats: one C pass over
    /// the rows (lamina_rows_op), split across threads; nil for anything else.
    func rowsBroadcast(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor? {
        let code: Int32
        switch op {
        case .add: code = Int32(LAMINA_ROWS_ADD)
        case .sub: code = Int32(LAMINA_ROWS_SUB)
        case .mul: code = Int32(LAMINA_ROWS_MUL)
        case .div: code = Int32(LAMINA_ROWS_DIV)
        default: return nil
        }
        guard a.dtype == .float32, a.rank >= 2 || b.rank >= 2 else { return nil }
        func isVector(_ v: Tensor, of m: Tensor) -> Bool {
            guard m.rank >= 2, let c = m.shape.last, c > 1, v.count == c, v.rank <= m.rank, v.shape.last == c else { return false }
            return v.shape.dropLast().allSatisfy { $0 == 1 }
        }
        let vectorFirst: Bool
        if isVector(b, of: a) { vectorFirst = false } else if isVector(a, of: b) { vectorFirst = true } else { return nil }
        let m = vectorFirst ? b : a, v = vectorFirst ? a : b, c = m.shape[m.rank - 1], rows = m.count / c
        let out = empty(m.shape, .float32)
        let pm = UnsafePointer(f(m)), pv = UnsafePointer(f(v)), po = f(out)
        Parallel.forEach(rows, grain: Swift.max(1, 32_768 / c)) { r in
            lamina_rows_op(code, pm + r.lowerBound * c, pv, po + r.lowerBound * c, r.count, c, vectorFirst ? 1 : 0)
        }
        return out
    }

    public func reluBackward(_ dy: Tensor, input x: Tensor) -> Tensor {
        guard dy.shape == x.shape, dy.dtype == .float32, x.dtype == .float32 else { return compositeReluBackward(dy, input: x) }
        let out = empty(x.shape, .float32)
        let pd = UnsafePointer(f(dy)), px = UnsafePointer(f(x)), po = f(out)
        Parallel.forEach(x.count, grain: 32_768) { r in
            lamina_relu_backward(pd + r.lowerBound, px + r.lowerBound, po + r.lowerBound, r.count)
        }
        return out
    }

    /// The broadcast loop of a binary op, with the inner run specialised for the common stride
    /// patterns (both contiguous, one broadcast scalar) so the compiler vectorises them.
    static func run<F: BinaryKernel>(_: F.Type, _ loop: StridedLoop, _ a: UnsafePointer<F.In>, _ b: UnsafePointer<F.In>,
                                     _ o: UnsafeMutablePointer<F.Out>) {
        let sa = loop.innerStride(0), sb = loop.innerStride(1)
        loop.forEachRun { out, offs, n in
            let x = a + offs[0], y = b + offs[1], z = o + out
            if sa == 1 && sb == 1 {
                for k in 0..<n { z[k] = F.apply(x[k], y[k]) }
            } else if sa == 1 && sb == 0 {
                let c = y[0]
                for k in 0..<n { z[k] = F.apply(x[k], c) }
            } else if sa == 0 && sb == 1 {
                let c = x[0]
                for k in 0..<n { z[k] = F.apply(c, y[k]) }
            } else {
                for k in 0..<n { z[k] = F.apply(x[k * sa], y[k * sb]) }
            }
        }
    }

    // MARK: Select and cast

    public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = ShapeMath.broadcast(ShapeMath.broadcast(a.shape, b.shape)!, condition.shape)!
        let loop = StridedLoop(shape: shape, inputs: [condition.shape, a.shape, b.shape])
        let out = empty(shape, a.dtype)
        let sc = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2)
        let pa = buffer(a).ints, pb = buffer(b).ints, po = buffer(out).ints
        if condition.dtype == .float32 {
            let pc = f(condition)
            loop.forEachRun { out, offs, n in
                for k in 0..<n { po[out + k] = pc[offs[0] + k * sc] != 0 ? pa[offs[1] + k * sa] : pb[offs[2] + k * sb] }
            }
        } else {
            let pc = i(condition)
            loop.forEachRun { out, offs, n in
                for k in 0..<n { po[out + k] = pc[offs[0] + k * sc] != 0 ? pa[offs[1] + k * sa] : pb[offs[2] + k * sb] }
            }
        }
        return out
    }

    public func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        let out = empty(x.shape, dtype)
        let n = x.count
        switch (x.dtype, dtype) {
        case (.float32, .float32), (.int32, .int32), (.bool, .bool):
            copy(x, into: out)
        case (.float32, .int32):
            let s = f(x), d = i(out)
            for k in 0..<n { d[k] = CPUBackend.toInt32(s[k]) }
        case (.float32, .bool):
            let s = f(x), d = i(out)
            for k in 0..<n { d[k] = s[k] != 0 ? 1 : 0 }
        case (_, .float32):
            let s = i(x), d = f(out)
            for k in 0..<n { d[k] = Float(s[k]) }
        case (.int32, .bool):
            let s = i(x), d = i(out)
            for k in 0..<n { d[k] = s[k] != 0 ? 1 : 0 }
        case (.bool, .int32):
            copy(x, into: out)
        }
        return out
    }
}
