import LaminaCore
import Testing

// `HostBuffer.liveCount` is process-wide, so each measurement runs in a child process (see
// Support/ChildProcess.swift) where nothing else allocates, and the parent asserts on the counts.

/// A small MLP's parameters.
private struct MLP {
    let w1 = Variable(uniform([4, 8], -0.5, 0.5, seed: 1), name: "w1")
    let b1 = Variable(Tensor.zeros([8], on: reference), name: "b1")
    let w2 = Variable(uniform([8, 3], -0.5, 0.5, seed: 2), name: "w2")
    let b2 = Variable(Tensor.zeros([3], on: reference), name: "b2")
    var variables: [Variable] { [w1, b1, w2, b2] }

    func loss(_ x: Tensor, _ labels: Tensor) -> Tensor {
        let h = x.linear(weight: w1.value, bias: b1.value).relu()
        let logits = h.matmul(w2.value) + b2.value
        return logits.softmaxCrossEntropy(labels: labels).mean() + (w1.value * w1.value).sum() * 1e-3
    }
}

/// 50 forward/backward passes with SGD updates; everything is local, so it is all gone on return.
private func trainMLP(steps: Int) {
    let model = MLP()
    let x = uniform([6, 4], seed: 3)
    let labels = Tensor([0, 1, 2, 0, 1, 2] as [Int32], on: reference)
    for _ in 0..<steps {
        let loss = model.loss(x, labels)
        let grads = try! gradients(of: loss, wrt: model.variables)
        noGrad {
            for (v, g) in zip(model.variables, grads) { v.assign(v.value - g * 0.1) }
        }
    }
}

private func trainingLoopReturnsEveryBuffer() {
    onReference {
        let start = HostBuffer.liveCount
        trainMLP(steps: 1)
        report("afterOneStep", HostBuffer.liveCount - start)
        trainMLP(steps: 50)
        report("afterFiftySteps", HostBuffer.liveCount - start)
    }
}

/// The graph behind a loss holds the tensors its backward rules saved; it must be released when
/// the loss goes away, and by a backward pass without `retainGraph`.
private func graphIsReleased() {
    onReference {
        let model = MLP()
        let x = uniform([6, 4], seed: 3)
        let labels = Tensor([0, 1, 2, 0, 1, 2] as [Int32], on: reference)
        let baseline = HostBuffer.liveCount

        func lossAlive(retain: Bool?) -> (withGraph: Int, afterBackward: Int) {
            let loss = model.loss(x, labels)
            let withGraph = HostBuffer.liveCount
            if let retain { _ = try! gradients(of: loss, wrt: model.variables, retainGraph: retain) }
            return (withGraph, HostBuffer.liveCount)
        }

        let kept = lossAlive(retain: nil)
        report("lossAlive", kept.withGraph - baseline)
        report("lossDropped", HostBuffer.liveCount - baseline)
        let freed = lossAlive(retain: false)
        report("afterFreeingBackward", freed.afterBackward - baseline)
        report("afterFreeingBackwardDropped", HostBuffer.liveCount - baseline)
        let retained = lossAlive(retain: true)
        report("retainedWithGraph", retained.withGraph - baseline)
        report("retainedAfterBackward", retained.afterBackward - baseline)
        report("retainedDropped", HostBuffer.liveCount - baseline)
    }
}

/// Dropping a very long graph must not recurse once per node (RNNs over long sequences).
private func longGraphIsReleasedWithoutStackOverflow() {
    onReference {
        let start = HostBuffer.liveCount
        do {
            let x = Tensor([1]).requiringGradient()
            var y = x
            for _ in 0..<100_000 { y = y + 0.5 }
            let g = try! gradients(of: y.sum(), wrt: [x])[0]
            report("gradientIsOne", g.item() == 1)
        }
        report("leaked", HostBuffer.liveCount - start)
    }
}

@Suite("Leaks")
struct LeakTests {
    @Test func trainingLoopDoesNotLeak() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            trainingLoopReturnsEveryBuffer()
        }
        let m = measurements(result)
        #expect(m["afterOneStep"] == 0, "host buffers left after one training step: \(m)")
        #expect(m["afterFiftySteps"] == 0, "host buffers left after 50 training steps: \(m)")
    }

    @Test func gradientGraphIsReleased() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            graphIsReleased()
        }
        let m = measurements(result)
        // A live loss keeps the tensors its graph saved for the backward pass ...
        #expect((m["lossAlive"] ?? 0) > 5, "\(m)")
        // ... and they go when it is dropped.
        #expect(m["lossDropped"] == 0, "\(m)")
        // A backward pass without retainGraph frees them at once: only the loss's own buffer is left.
        #expect(m["afterFreeingBackward"] == 1, "\(m)")
        #expect(m["afterFreeingBackwardDropped"] == 0, "\(m)")
        // With retainGraph they stay until the loss goes.
        #expect(m["retainedAfterBackward"] != nil && m["retainedAfterBackward"] == m["retainedWithGraph"], "\(m)")
        #expect(m["retainedDropped"] == 0, "\(m)")
    }

    @Test func longGraphIsReleased() async {
        // Before GradNode released its inputs iteratively this crashed with SIGSEGV.
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            longGraphIsReleasedWithoutStackOverflow()
        }
        let m = measurements(result)
        #expect(m["gradientIsOne"] == 1, "\(m)")
        #expect(m["leaked"] == 0, "\(m)")
    }
}
