/// The Philox4x32-10 counter-based generator (Salmon et al., 2011), as used by TensorFlow, JAX
/// and PyTorch. Pure integer arithmetic, so a seed gives the same stream on every platform.
public struct Philox: Sendable {
    private var key: (UInt32, UInt32)
    private var counter: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    private var buffer: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    private var used = 4

    public init(seed: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// The next 32 random bits.
    public mutating func next() -> UInt32 {
        if used == 4 { refill() }
        defer { used += 1 }
        switch used {
        case 0: return buffer.0
        case 1: return buffer.1
        case 2: return buffer.2
        default: return buffer.3
        }
    }

    private mutating func refill() {
        var c = counter
        var k = key
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c.0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k.0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k.1, UInt32(truncatingIfNeeded: p0))
            k = (k.0 &+ 0x9E37_79B9, k.1 &+ 0xBB67_AE85)
        }
        buffer = c
        used = 0
        counter.0 &+= 1
        if counter.0 == 0 { counter.1 &+= 1 }
    }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextUniform() -> Float { Float(next() >> 8) * 0x1p-24 }

    /// Uniform in (0, 1] as a Double with 53 random bits.
    mutating func nextOpenUnitDouble() -> Double {
        let bits = (UInt64(next()) << 21) ^ UInt64(next() >> 11)
        return (Double(bits) + 1) * 0x1p-53
    }

    /// A standard normal sample (Box–Muller, in Double).
    public mutating func nextNormal() -> Float {
        let u1 = nextOpenUnitDouble(), u2 = nextOpenUnitDouble()
        let r = (-2 * libmLog(u1)).squareRoot()
        return Float(r * libmCos(2 * Double.pi * u2))
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func libmLog(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func libmCos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func libmLog(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) func libmCos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
