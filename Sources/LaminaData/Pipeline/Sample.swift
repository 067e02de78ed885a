import LaminaCore

/// One example of a dataset: the input `x` and the target `y` (for instance an ``Image`` and
/// its class index).
public struct Sample<X: Sendable, Y: Sendable>: Sendable {
    public var x: X
    public var y: Y
    public init(x: X, y: Y) { self.x = x; self.y = y }
}

/// Where a sample sits: its index in the source dataset (before shuffling) and the epoch.
/// Random transforms draw from ``generator(seed:)``, so a sample's randomness depends only on
/// (seed, epoch, index): the same with or without worker threads, in any order.
public struct SampleContext: Sendable {
    /// The sample's index in the unshuffled source.
    public let index: Int
    /// The epoch being produced (0-based).
    public let epoch: Int

    public init(index: Int, epoch: Int) { self.index = index; self.epoch = epoch }

    /// A generator for this sample, epoch and `seed`.
    public func generator(seed: UInt64) -> Philox {
        Philox(seed: mix(seed, UInt64(truncatingIfNeeded: epoch), UInt64(truncatingIfNeeded: index)))
    }
}

/// SplitMix64-style mixing of a few words into one seed.
func mix(_ words: UInt64...) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for w in words {
        h ^= w &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
    }
    return h
}

/// A seed drawn from the global generator (for transforms and layers created without one).
func freshSeed() -> UInt64 {
    var g = RandomState.generator()
    return UInt64(g.next()) << 32 | UInt64(g.next())
}
