import Synchronization

/// The process-wide random state behind initializers, dropout and shuffling.
public enum RandomState {
    /// Starts empty and is seeded (1337) on first use inside the lock: a statically initialised
    /// `Mutex(Philox(seed:))` lost its first mutation here (Swift 6.3), so the first two
    /// generators were identical.
    static let global = Mutex<Philox?>(nil)
    static let defaultSeed: UInt64 = 1337

    /// A new generator for one use, drawn from the global stream (or from `seed` when given, which
    /// leaves the global stream alone).
    public static func generator(seed: Int? = nil) -> Philox {
        if let seed { return Philox(seed: UInt64(bitPattern: Int64(seed))) }
        return global.withLock { state in
            var g = state ?? Philox(seed: defaultSeed)
            let seed = (UInt64(g.next()) << 32) | UInt64(g.next())
            state = g
            return Philox(seed: seed)
        }
    }
}

/// Seeds every random draw Lamina makes (initializers, dropout, shuffling), so two runs of the
/// same program give bit-identical weights and losses (`keras.utils.set_random_seed`).
public func setRandomSeed(_ seed: Int) {
    RandomState.global.withLock { $0 = Philox(seed: UInt64(bitPattern: Int64(seed))) }
}

extension Tensor {
    /// Uniform samples in `[low, high)`. The numbers are generated on the host by Philox, so every
    /// backend sees the same values for the same seed.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: Int? = nil,
                                     on backend: (any Backend)? = nil) -> Tensor {
        var g = RandomState.generator(seed: seed)
        let n = ShapeMath.count(shape)
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n { v[i] = low + (high - low) * g.nextUniform() }
        return Tensor(v, shape: shape, on: backend)
    }

    /// Normal samples with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, seed: Int? = nil,
                                    on backend: (any Backend)? = nil) -> Tensor {
        var g = RandomState.generator(seed: seed)
        let n = ShapeMath.count(shape)
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n { v[i] = mean + standardDeviation * g.nextNormal() }
        return Tensor(v, shape: shape, on: backend)
    }

    /// Normal samples redrawn until they fall within two standard deviations of the mean
    /// (as `keras.random.truncated_normal`).
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, seed: Int? = nil,
                                       on backend: (any Backend)? = nil) -> Tensor {
        var g = RandomState.generator(seed: seed)
        let n = ShapeMath.count(shape)
        var v = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var z = g.nextNormal()
            while Swift.abs(z) > 2 { z = g.nextNormal() }
            v[i] = mean + standardDeviation * z
        }
        return Tensor(v, shape: shape, on: backend)
    }

    /// A bool tensor, true with probability `probability` (dropout masks).
    public static func bernoulli(_ shape: [Int], probability: Float, seed: Int? = nil, on backend: (any Backend)? = nil) -> Tensor {
        var g = RandomState.generator(seed: seed)
        let n = ShapeMath.count(shape)
        var v = [Int32](repeating: 0, count: n)
        for i in 0..<n { v[i] = g.nextUniform() < probability ? 1 : 0 }
        return Tensor(v, shape: shape, dtype: .bool, on: backend)
    }
}
