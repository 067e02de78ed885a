import Foundation
import Lamina

/// A linearly separable problem: class 1 when x0 + x1 > 1 (x uniform in [0, 1)²).
enum Separable {
    static func data(_ n: Int = 200, seed: Int = 3) -> (Tensor, Tensor) {
        let x = Tensor.randomUniform([n, 2], seed: seed)
        let y = x.sum(axis: 1).greater(1).cast(to: .int32)
        return (x, y)
    }

    static func model(learningRate: Float = 0.1, seed: Int = 5) throws -> Model {
        setRandomSeed(seed)
        let m = try Sequential { Input(shape: [2]); Dense(2, activation: .softmax) }
        try m.compile(optimizer: SGD(learningRate: .constant(learningRate)), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        return m
    }
}

/// Collects what a sink receives.
final class Captured: @unchecked Sendable {
    var text = ""
    var sink: TextSink { TextSink { [self] in self.text += $0 } }
}

func temporaryDirectory(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "lamina-cb-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func sameWeights(_ a: [Tensor], _ b: [Tensor]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.shape == $1.shape && $0.scalars() == $1.scalars() }
}

struct Interrupted: Error {}
