/// In-memory arrays cut into batches along the first axis, shuffled each epoch if asked.
struct ArraySource: BatchSource {
    let x: [Tensor]
    let y: [Tensor]
    let sampleWeight: Tensor?
    let batchSize: Int
    let shuffle: Bool

    var count: Int { x.first?.shape.first ?? 0 }
    var batchCount: Int? { (count + batchSize - 1) / batchSize }

    func batches(epoch: Int) -> AnySequence<Batch> {
        let n = count, size = batchSize
        var order: [Int32]? = nil
        if shuffle {
            var g = RandomState.generator()
            var p = (0..<Int32(n)).map { $0 }
            if n > 1 {
                for i in stride(from: n - 1, to: 0, by: -1) {
                    let j = Int(g.next() % UInt32(i + 1))
                    p.swapAt(i, j)
                }
            }
            order = p
        }
        let xs = x, ys = y, sw = sampleWeight
        return AnySequence((0..<((n + size - 1) / size)).lazy.map { b -> Batch in
            let lo = b * size, hi = min(n, lo + size)
            func take(_ t: Tensor) -> Tensor {
                if let order { return t.gather(Tensor(Array(order[lo..<hi]), on: t.backend), axis: 0) }
                return t.slice(axis: 0, lo..<hi)
            }
            return Batch(x: xs.map(take), y: ys.map(take), sampleWeight: sw.map(take))
        })
    }

    /// Splits off the last `fraction` of the samples, before any shuffling (Keras `validation_split`).
    func split(validationFraction fraction: Float) -> (ArraySource, ArraySource) {
        let n = count
        let at = Int((Float(n) * (1 - fraction)).rounded(.down))
        func part(_ t: Tensor, _ r: Range<Int>) -> Tensor { t.slice(axis: 0, r) }
        let train = ArraySource(x: x.map { part($0, 0..<at) }, y: y.map { part($0, 0..<at) },
                                sampleWeight: sampleWeight.map { part($0, 0..<at) }, batchSize: batchSize, shuffle: shuffle)
        let val = ArraySource(x: x.map { part($0, at..<n) }, y: y.map { part($0, at..<n) },
                              sampleWeight: sampleWeight.map { part($0, at..<n) }, batchSize: batchSize, shuffle: false)
        return (train, val)
    }
}

/// Per-sample weights from `classWeight` (Keras `class_weight`): the class of a sample is the
/// argmax of a one-hot row or the integer label itself; missing classes weigh 1.
func sampleWeights(classWeight: [Int: Float], y: Tensor) -> Tensor {
    let classes: [Int32]
    if y.rank >= 2 && y.shape[y.rank - 1] > 1 {
        classes = y.argmax(axis: -1).reshaped([-1]).intScalars()
    } else {
        classes = y.reshaped([-1]).intScalars()
    }
    return Tensor(classes.map { classWeight[Int($0)] ?? 1 }, on: y.backend)
}
