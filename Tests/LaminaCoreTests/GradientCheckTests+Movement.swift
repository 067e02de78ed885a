import LaminaCore
import Testing

/// Central-difference checks of the movement and indexing backward rules.
@Suite("Gradient check: movement and indexing")
struct MovementGradientTests {
    let x = uniform([2, 3, 4], seed: 51)

    @Test func reshape() {
        checkGradients("reshape", { $0[0].reshaped([6, 4]) }, inputs: [x])
        checkGradients("reshape -1", { $0[0].reshaped([4, -1]) }, inputs: [x])
        checkGradients("flattened", { $0[0].flattened() }, inputs: [x])
        checkGradients("expandingDims", { $0[0].expandingDims(at: -2) }, inputs: [x])
        checkGradients("squeezing", { $0[0].squeezing() }, inputs: [uniform([3, 1, 2, 1], seed: 52)])
        checkGradients("squeezing axes", { $0[0].squeezing(axes: [-1]) }, inputs: [uniform([3, 1, 2, 1], seed: 53)])
        checkGradients("copied", { $0[0].copied() * 2 }, inputs: [x])
    }

    @Test func permuteAndTranspose() {
        checkGradients("permute [2, 0, 1]", { $0[0].permuted([2, 0, 1]) }, inputs: [x])
        checkGradients("permute [1, 2, 0]", { $0[0].permuted([1, 2, 0]) }, inputs: [x])
        checkGradients("permute negative axes", { $0[0].permuted([-1, 0, -2]) }, inputs: [x])
        checkGradients("transposed 3-D", { $0[0].transposed() }, inputs: [x])
        checkGradients("transposed 2-D", { $0[0].transposed() }, inputs: [uniform([3, 5], seed: 54)])
    }

    @Test func broadcastTo() {
        checkGradients("broadcast [3, 1] → [2, 3, 4]", { $0[0].broadcast(to: [2, 3, 4]) }, inputs: [uniform([3, 1], seed: 55)])
        checkGradients("broadcast [4] → [2, 3, 4]", { $0[0].broadcast(to: [2, 3, 4]) }, inputs: [uniform([4], seed: 56)])
        checkGradients("broadcast [] → [2, 3]", { $0[0].broadcast(to: [2, 3]) }, inputs: [uniform([], seed: 57)])
        checkGradients("broadcast [2, 1, 4] → [2, 3, 4]", { $0[0].broadcast(to: [2, 3, 4]) }, inputs: [uniform([2, 1, 4], seed: 58)])
    }

    @Test func stridedSlice() {
        checkGradients("slice", { $0[0].slice(start: [0, 1, 0], size: [2, 2, 2], strides: [1, 1, 2]) }, inputs: [x])
        checkGradients("slice offset strides", { $0[0].slice(start: [1, 0, 1], size: [1, 2, 2], strides: [1, 2, 2]) }, inputs: [x])
        checkGradients("slice axis range", { $0[0].slice(axis: -1, 1..<4, stride: 2) }, inputs: [x])
        checkGradients("slice overlapping reuse", { t in
            t[0].slice(axis: 1, 0..<2) * t[0].slice(axis: 1, 1..<3)
        }, inputs: [x])
    }

    @Test func padded() {
        checkGradients("pad zeros", { $0[0].padded([(1, 0), (0, 2), (1, 1)]) }, inputs: [x])
        checkGradients("pad value", { $0[0].padded([(2, 1), (0, 0)], value: 3) }, inputs: [uniform([3, 2], seed: 59)])
    }

    @Test func concatStackSplit() {
        let a = uniform([2, 3], seed: 61), b = uniform([2, 1], seed: 62), c = uniform([2, 2], seed: 63)
        checkGradients("concat axis 1", { Tensor.concat($0, axis: 1) }, inputs: [a, b, c])
        checkGradients("concat axis 0", { Tensor.concat([$0[0], $0[1].transposed()], axis: 0) }, inputs: [a, uniform([3, 4], seed: 64)])
        checkGradients("concat axis -1 with constant", { Tensor.concat([$0[0], b], axis: -1) }, inputs: [a])
        checkGradients("concat same tensor twice", { Tensor.concat([$0[0], $0[0] * 2], axis: 0) }, inputs: [a])
        checkGradients("stack axis 0", { Tensor.stack($0, axis: 0) }, inputs: [a, uniform([2, 3], seed: 65)])
        checkGradients("stack axis -1", { Tensor.stack($0, axis: -1) }, inputs: [a, uniform([2, 3], seed: 66), uniform([2, 3], seed: 67)])
        checkGradients("split sizes", { t in
            let p = t[0].split(sizes: [1, 3], axis: -1)
            return Tensor.concat([p[1], p[0] * 3], axis: -1)
        }, inputs: [x])
        checkGradients("split parts", { t in
            let p = t[0].split(parts: 3, axis: 1)
            return p[0] * p[2] - p[1]
        }, inputs: [x])
    }

    @Test func gather() {
        let table = uniform([4, 3], seed: 71)
        let repeated = Tensor([2, 0, 2, 3, 2] as [Int32], on: reference)
        checkGradients("gather axis 0 repeated", { $0[0].gather(repeated, axis: 0) }, inputs: [table])
        let negative = Tensor([-1, 1, -4, -1] as [Int32], shape: [2, 2], on: reference)
        checkGradients("gather axis 0 negative 2-D indices", { $0[0].gather(negative) }, inputs: [table])
        let columns = Tensor([1, 1, 0, -1, 2] as [Int32], on: reference)
        checkGradients("gather axis 1 repeated", { $0[0].gather(columns, axis: 1) }, inputs: [table])
        checkGradients("gather axis 1 of 3-D", { $0[0].gather(Tensor([2, 0, 2] as [Int32], on: reference), axis: 1) }, inputs: [x])
        checkGradients("gather axis -1", { $0[0].gather(Tensor([3, 3, 0] as [Int32], shape: [3, 1], on: reference), axis: -1) },
                       inputs: [x])
    }
}
