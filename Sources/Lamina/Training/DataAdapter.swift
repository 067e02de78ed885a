/// In-memory arrays cut into batches along the first axis, shuffled each epoch if asked.
///
/// `rows` is the part of the arrays this source batches (all of them by default): a validation
/// split is two sources over the same arrays, not copies of them.
struct ArraySource: BatchSource {
    let x: [Tensor]
    let y: [Tensor]
    let sampleWeight: Tensor?
    let batchSize: Int
    let shuffle: Bool
    let rows: Range<Int>

    init(x: [Tensor], y: [Tensor], sampleWeight: Tensor?, batchSize: Int, shuffle: Bool, rows: Range<Int>? = nil) {
        self.x = x
        self.y = y
        self.sampleWeight = sampleWeight
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.rows = rows ?? 0..<(x.first?.shape.first ?? 0)
    }

    var count: Int { rows.count }
    var batchCount: Int? { (count + batchSize - 1) / batchSize }

    func batches(epoch: Int) -> AnySequence<Batch> {
        let n = count, size = batchSize, first = rows.lowerBound
        var order: [Int32]? = nil
        if shuffle {
            var g = RandomState.generator()
            var p = (0..<Int32(n)).map { $0 + Int32(first) }
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
                return t.slice(axis: 0, (first + lo)..<(first + hi))
            }
            return Batch(x: xs.map(take), y: ys.map(take), sampleWeight: sw.map(take))
        })
    }

    /// Splits off the last `fraction` of the samples, before any shuffling (Keras `validation_split`).
    func split(validationFraction fraction: Float) -> (ArraySource, ArraySource) {
        let at = rows.lowerBound + Int((Float(count) * (1 - fraction)).rounded(.down))
        let train = ArraySource(x: x, y: y, sampleWeight: sampleWeight, batchSize: batchSize, shuffle: shuffle,
                                rows: rows.lowerBound..<at)
        let val = ArraySource(x: x, y: y, sampleWeight: sampleWeight, batchSize: batchSize, shuffle: false,
                              rows: at..<rows.upperBound)
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
