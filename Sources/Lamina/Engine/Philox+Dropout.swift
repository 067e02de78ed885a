import LaminaCore

extension Philox {
    /// A seed for one random tensor op, from two draws of this generator: how layers with a
    /// `seed` give each call its own reproducible randomness.
    mutating func nextSeed() -> Int {
        Int(Int64(bitPattern: (UInt64(next()) << 32) | UInt64(next())))
    }

    /// An inverted-dropout mask of this shape (`rate` < 1): `1 / (1 - rate)` with probability
    /// `1 - rate`, else 0, drawn with ``nextSeed()``.
    mutating func dropoutMask(_ shape: [Int], rate: Float, on backend: (any Backend)? = nil) -> Tensor {
        let keep = Tensor.bernoulli(shape, probability: 1 - rate, seed: nextSeed(), on: backend)
        return Tensor.where(keep, Tensor.full(1 / (1 - rate), shape: [], on: backend), Tensor.full(0, shape: [], on: backend))
    }
}
