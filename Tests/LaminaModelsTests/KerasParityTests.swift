import Foundation
import LaminaModels
import Testing

/// Step-level parity with Keras 3: from the same initial weights, on the same batches, Lamina's
/// training losses and final weights follow Keras's step by step. The fixture
/// `Fixtures/parity_resnet8_cifar.npz` was written by `Scripts/parity/keras_steps.py`
/// (Keras 3.15.1, JAX 0.10.2 backend, CPU):
///
///     KERAS_BACKEND=jax python Scripts/parity/keras_steps.py --model resnet8 --steps 30 \
///         --batch-size 32 --final last --with-float64 \
///         --out Tests/LaminaModelsTests/Fixtures/parity_resnet8_cifar.npz
///
/// ResNet-8 is `CIFARResNet(depth: 8)`: the layers of ResNet-20 (convolution without bias,
/// batch normalization, ReLU, identity and stride-2 projection shortcuts, global average
/// pooling, softmax Dense) with one block per stage, so that the fixture stays small (346 KB).
///
/// Batch normalization + adam training is chaotic: float32 rounding alone (Keras in float32
/// against the same run in float64) moves the losses by ~1e-5 after 5 steps and ~1e-3 after 20.
/// So the test asserts a tight match on the first steps, and afterwards that Lamina stays as
/// close to the float64 run as Keras's own float32 run does. A real difference (the loss
/// reduction, a gradient, adam's bias correction, batch normalization's batch statistics) moves
/// the first steps' losses by far more than 1e-4; moving statistics with another momentum or
/// variance move the final moving_mean / moving_variance by far more than the bound.
@Suite(.serialized) struct KerasParityTests {
    static func cifarTrain() throws -> (x: Tensor, y: Tensor) {
        try Datasets.cifar10(directory: RepoData.root + "/Data/cifar10").train
    }

    @Test func resNet8TrainsStepByStepAsKeras() throws {
        let run = try KerasParityRun(path: RepoData.fixtures + "/parity_resnet8_cifar.npz")
        #expect(run.steps == 30 && run.batchSize == 32 && run.kerasLosses.count == 30)
        let float64 = try #require(run.float64Losses)
        let (x, y) = try Self.cifarTrain()
        let r = try run.run(try CIFARResNet(depth: 8), x: x, labels: y)
        // Forward pass of the initial model (inference mode: moving statistics).
        #expect(r.pred0Difference < 1e-5)
        // Moving statistics after the first step (9 layers × mean, variance): their change is
        // (1 - momentum)·(batch statistic - initial value), from identical inputs and weights.
        #expect(r.step1MovingDifferences.count == 18)
        for d in r.step1MovingDifferences {
            #expect(d.relative < 1e-4, "\(d.name) after one step: relative difference of the change \(d.relative)")
        }
        // The first steps, before rounding differences grow (measured: < 1e-6, then 2e-5 at step 4).
        let losses = "losses \(r.losses) vs Keras \(run.kerasLosses)"
        #expect(r.lossRelativeDifferences.prefix(3).allSatisfy { $0 < 1e-5 }, "\(losses)")
        #expect(r.lossRelativeDifferences.prefix(5).allSatisfy { $0 < 1e-4 }, "\(losses)")
        // All 30 steps: Lamina's mean distance to the float64 run is within 2× Keras float32's
        // (measured: 3.5e-4 against 4.1e-4), and no step is off by more than 5e-3.
        func meanRelative(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) / abs($1) }.reduce(0, +) / Double(a.count) }
        let lamina = meanRelative(r.losses.map(Double.init), float64), keras = meanRelative(run.kerasLosses, float64)
        #expect(lamina < 2 * keras, "mean relative distance to the float64 run: Lamina \(lamina), Keras float32 \(keras)")
        #expect((r.lossRelativeDifferences.max() ?? .infinity) < 5e-3, "\(losses)")
        // The weights after 30 steps: the first convolution, the last batch normalization's
        // gamma, beta and moving statistics, and the classifier. Each within 3× (+1e-3) of Keras
        // float32's distance to the float64 run (measured: at most 1.3× of it).
        #expect(r.finalDifferences.count == 1 + 4 + 2)
        for d in r.finalDifferences {
            let toFloat64 = try #require(d.toFloat64), kerasToFloat64 = try #require(d.kerasToFloat64)
            #expect(toFloat64 < 3 * kerasToFloat64 + 1e-3,
                    "\(d.name): relative difference to the float64 run \(toFloat64), Keras float32's \(kerasToFloat64), to Keras \(d.relative)")
        }
    }

    /// A larger parity run written by `Scripts/parity/keras_steps.py` (not committed: ResNet-20 and
    /// the seed CNN have megabytes of weights): `LAMINA_PARITY=resnet20:/tmp/parity/resnet20.npz`
    /// (or `cnn:…`, `resnet8:…`) prints the per-step losses of both and their differences.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LAMINA_PARITY"] != nil))
    func parityRunFromEnvironment() throws {
        let spec = ProcessInfo.processInfo.environment["LAMINA_PARITY"]!.split(separator: ":", maxSplits: 1).map(String.init)
        let run = try KerasParityRun(path: spec[1])
        let model: Model
        let data: (x: Tensor, y: Tensor)
        switch spec[0] {
        case "cnn":
            model = try SimpleCNN()
            let mnist = try Datasets.mnist(directory: RepoData.root + "/Data/mnist").train
            data = (mnist.x.reshaped([-1, 28, 28, 1]), mnist.y)
        case "resnet20": model = try ResNet20(); data = try Self.cifarTrain()
        default: model = try CIFARResNet(depth: 8); data = try Self.cifarTrain()
        }
        let r = try run.run(model, x: data.x, labels: data.y)
        print("pred0 max |Lamina - Keras| = \(r.pred0Difference)")
        for (s, (l, k)) in zip(r.losses, run.kerasLosses).enumerated() {
            print(String(format: "step %2d  lamina %.6f  keras %.6f  rel %.2e", s, l, k, r.lossRelativeDifferences[s]))
        }
        for d in r.step1MovingDifferences { print("step1 \(d.name) rel \(d.relative)") }
        for d in r.finalDifferences {
            print("final \(d.key) \(d.name) rel \(d.relative) toF64 \(d.toFloat64 ?? .nan) kerasToF64 \(d.kerasToFloat64 ?? .nan)")
        }
        #expect(r.pred0Difference < 1e-4)
        #expect((r.lossRelativeDifferences.prefix(3).max() ?? .infinity) < 1e-3)
    }
}
