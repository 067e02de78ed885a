import LaminaCore
import Testing

/// Shape errors are programmer errors (`precondition`): the process stops, and the message on
/// standard error names the op and both shapes. Checked with exit tests in a child process.
@Suite("Error messages")
struct ErrorMessageTests {
    @Test func matmulShapeMismatchNamesOpAndShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = withBackend(ReferenceBackend.shared) { Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5])) }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("matmul"), "stderr: \(stderr)")
        #expect(stderr.contains("(2, 3)"), "stderr: \(stderr)")
        #expect(stderr.contains("(4, 5)"), "stderr: \(stderr)")
    }

    @Test func broadcastMismatchNamesOpAndShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = withBackend(ReferenceBackend.shared) { Tensor([1, 2, 3]) + Tensor([1, 2, 3, 4]) }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("add"), "stderr: \(stderr)")
        #expect(stderr.contains("(3,)"), "stderr: \(stderr)")
        #expect(stderr.contains("(4,)"), "stderr: \(stderr)")
        #expect(stderr.contains("broadcast"), "stderr: \(stderr)")
    }

    @Test func reshapeMismatchNamesShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = withBackend(ReferenceBackend.shared) { Tensor.zeros([2, 3]).reshaped([4, 2]) }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("reshape") && stderr.contains("(2, 3)") && stderr.contains("(4, 2)"), "stderr: \(stderr)")
    }

    @Test func gatherOutOfRangeNamesIndex() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = withBackend(ReferenceBackend.shared) { Tensor.zeros([3, 2]).gather(Tensor([3] as [Int32])) }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("gather") && stderr.contains("index 3") && stderr.contains("size 3"), "stderr: \(stderr)")
    }
}
