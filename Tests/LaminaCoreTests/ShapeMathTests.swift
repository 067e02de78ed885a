import LaminaCore
import Testing

@Suite struct ShapeMathTests {
    @Test func broadcastFollowsNumPy() {
        #expect(ShapeMath.broadcast([2, 3, 4], [3, 1]) == [2, 3, 4])
        #expect(ShapeMath.broadcast([1], [5, 1]) == [5, 1])
        #expect(ShapeMath.broadcast([], [2, 2]) == [2, 2])
        #expect(ShapeMath.broadcast([0, 3], [1, 3]) == [0, 3])
        #expect(ShapeMath.broadcast([3], [4]) == nil)
        #expect(ShapeMath.broadcast([2, 3], [3, 2]) == nil)
    }

    @Test func stridesAndBroadcastStrides() {
        #expect(ShapeMath.strides([2, 3, 4]) == [12, 4, 1])
        #expect(ShapeMath.strides([]) == [])
        #expect(ShapeMath.broadcastStrides([3, 1], to: [2, 3, 4]) == [0, 1, 0])
        #expect(ShapeMath.broadcastStrides([4], to: [2, 3, 4]) == [0, 0, 1])
    }

    @Test func describeMatchesKeras() {
        #expect(ShapeMath.describe([2, 3]) == "(2, 3)")
        #expect(ShapeMath.describe([4]) == "(4,)")
        #expect(ShapeMath.describe([]) == "()")
    }

    @Test func reducedShapes() {
        #expect(ShapeMath.reducedShape([2, 3, 4], axes: [1], keepDims: false) == [2, 4])
        #expect(ShapeMath.reducedShape([2, 3, 4], axes: [0, 2], keepDims: true) == [1, 3, 1])
        #expect(ShapeMath.normalizeAxes([-1, 0], rank: 3, op: "t") == [0, 2])
    }
}
