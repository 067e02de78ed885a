import Lamina
import Testing

/// A Functional graph runs BatchNormalization → ReLU and Add → ReLU as one fused op each, and at
/// inference folds BatchNormalization into the Conv2D before it (Engine/GraphFusion.swift).
/// Outputs, gradients and the moving statistics must equal running the same layers one by one;
/// an intermediate output that is also a model output is not fused away.
@Suite struct ReluFusionTests {
    /// conv → BN → ReLU → conv → BN, + shortcut → ReLU; optionally the first BN's output is also a model output.
    func block(exposeBN: Bool) throws -> (Model, [Layer]) {
        let input = Input(shape: [6, 6, 4])
        let conv1 = try Conv2D(4, kernelSize: [3, 3], padding: "same", useBias: false), bn1 = BatchNormalization(), relu1 = ActivationLayer(.relu)
        let conv2 = try Conv2D(4, kernelSize: [3, 3], padding: "same", useBias: false), bn2 = BatchNormalization(), add = Add(), relu2 = try ReLU()
        let b1 = try bn1(try conv1(input))
        let y = try bn2(try conv2(try relu1(b1)))
        let out = try relu2(try add([y, input])[0])
        let model = try Model(inputs: [input], outputs: exposeBN ? [out, b1] : [out], name: "block")
        return (model, [conv1, bn1, relu1, conv2, bn2, add, relu2])
    }

    func eager(_ layers: [Layer], _ x: Tensor, training: Bool) throws -> Tensor {
        let b1 = try layers[1](try layers[0](x), training: training)
        let y = try layers[4](try layers[3](try layers[2](b1, training: training), training: training), training: training)
        return try layers[6](try layers[5]([y, x], training: training)[0], training: training)
    }

    @Test(arguments: [false, true])
    func fusedPairsMatchLayerByLayer(exposeBN: Bool) throws {
        let (model, layers) = try block(exposeBN: exposeBN)
        let x = Tensor.randomUniform([3, 6, 6, 4], low: -1, high: 1, seed: 11)
        let weights = model.trainableWeights
        let bn = [layers[1], layers[4]].map { $0 as! BatchNormalization }
        // Statistics and affine weights away from their initial 0/1, so folding them is visible.
        for (k, layer) in bn.enumerated() {
            layer.gamma!.assign(Tensor.randomUniform([4], low: 0.5, high: 1.5, seed: 20 + k))
            layer.beta!.assign(Tensor.randomUniform([4], low: -0.5, high: 0.5, seed: 30 + k))
            layer.movingMean!.assign(Tensor.randomUniform([4], low: -0.3, high: 0.3, seed: 40 + k))
            layer.movingVariance!.assign(Tensor.randomUniform([4], low: 0.5, high: 2, seed: 50 + k))
        }
        for training in [true, false] {
            let start = bn.map { ($0.movingMean!.value.scalars(), $0.movingVariance!.value.scalars()) }
            func restore() {
                for (layer, (m, v)) in zip(bn, start) {
                    layer.movingMean!.assign(Tensor(m)); layer.movingVariance!.assign(Tensor(v))
                }
            }
            let fused = try model.callAsFunction([x], training: training)[0]
            let statsFused = bn.map { $0.movingMean!.value.scalars() + $0.movingVariance!.value.scalars() }
            restore()
            let plain = try eager(layers, x, training: training)
            let statsPlain = bn.map { $0.movingMean!.value.scalars() + $0.movingVariance!.value.scalars() }
            restore()
            expectClose(fused, plain, rtol: 1e-5, atol: 1e-6, "output training \(training)")
            for (a, b) in zip(statsFused, statsPlain) { expectClose(Tensor(a), Tensor(b), "moving statistics training \(training)") }
            let gFused = try gradients(of: (try model.callAsFunction([x], training: training)[0] * x).sum(), wrt: weights)
            restore()
            let gPlain = try gradients(of: (try eager(layers, x, training: training) * x).sum(), wrt: weights)
            restore()
            for (a, b) in zip(gFused, gPlain) { expectClose(a, b, rtol: 1e-4, atol: 1e-5, "gradient training \(training)") }
        }
    }
}
