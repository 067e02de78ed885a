#if canImport(Glibc)
import Glibc
#endif
import LaminaCore

// Each elementwise function is a type with a static `apply`, so the generic loops in
// CPU+Elementwise.swift are specialised per function and the compiler inlines and vectorises the
// body (a closure passed through the threaded loop would be an indirect call per element).

protocol BinaryKernel {
    associatedtype In
    associatedtype Out
    static func apply(_ a: In, _ b: In) -> Out
}

protocol UnaryKernel {
    static func apply(_ x: Float) -> Float
}

enum K {
    enum Add: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
    enum Sub: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
    enum Mul: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
    enum Div: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
    enum Pow: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { powf(a, b) } }
    enum Max: BinaryKernel {
        @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (a > b ? a : b) }
    }
    enum Min: BinaryKernel {
        @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a.isNaN || b.isNaN ? .nan : (a < b ? a : b) }
    }
    enum Mod: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - (a / b).rounded(.down) * b } }
    enum Eq<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a == b ? 1 : 0 } }
    enum Ne<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a != b ? 1 : 0 } }
    enum Lt<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a < b ? 1 : 0 } }
    enum Le<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a <= b ? 1 : 0 } }
    enum Gt<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a > b ? 1 : 0 } }
    enum Ge<T: Comparable>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a >= b ? 1 : 0 } }
    enum And<T: Numeric>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a != 0 && b != 0 ? 1 : 0 } }
    enum Or<T: Numeric>: BinaryKernel { @inline(__always) static func apply(_ a: T, _ b: T) -> Int32 { a != 0 || b != 0 ? 1 : 0 } }

    enum IAdd: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { a &+ b } }
    enum ISub: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { a &- b } }
    enum IMul: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { a &* b } }
    enum IDiv: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { floorDiv(a, b) } }
    enum IMod: BinaryKernel {
        @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { b == 0 ? 0 : a &- floorDiv(a, b) &* b }
    }
    enum IPow: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { ReferenceBackend.intPow(a, b) } }
    enum IMax: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { Swift.max(a, b) } }
    enum IMin: BinaryKernel { @inline(__always) static func apply(_ a: Int32, _ b: Int32) -> Int32 { Swift.min(a, b) } }

    enum Neg: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { -x } }
    enum Abs: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { Swift.abs(x) } }
    enum Sign: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : x) } }
    enum Square: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x * x } }
    enum Sqrt: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() } }
    enum Rsqrt: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { 1 / x.squareRoot() } }
    enum Reciprocal: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { 1 / x } }
    enum Relu: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? x : 0 } }
    enum Softplus: UnaryKernel {
        @inline(__always) static func apply(_ x: Float) -> Float { log1pf(expf(-Swift.abs(x))) + Swift.max(x, 0) }
    }
    enum Sin: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { sinf(x) } }
    enum Cos: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { cosf(x) } }
    enum Erf: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { erff(x) } }
    enum Log1p: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { log1pf(x) } }
    enum Expm1: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { expm1f(x) } }
    enum Floor: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x.rounded(.down) } }
    enum Ceil: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x.rounded(.up) } }
    enum Round: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x.rounded(.toNearestOrEven) } }
    enum Not: UnaryKernel { @inline(__always) static func apply(_ x: Float) -> Float { x == 0 ? 1 : 0 } }

    @inline(__always)
    static func floorDiv(_ a: Int32, _ b: Int32) -> Int32 {
        if b == 0 { return 0 }
        if b == -1 { return 0 &- a }
        let q = a / b
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q
    }
}
