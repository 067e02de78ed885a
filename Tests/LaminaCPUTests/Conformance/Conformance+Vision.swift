import LaminaCore

// The vision ops: conv2d (+ backward input and filter), depthwiseConv2d (+ both backward),
// pool2d max/average (+ backward) and batchNormTraining (+ backward). The reference runs the
// composites of Backend+Vision.swift (pad, strided slices, matmul); the CPU backend runs
// im2col + sgemm and direct loops (CPU+Conv, CPU+Depthwise, CPU+Pooling, CPU+BatchNorm).

func visionCases() -> [ConformanceCase] {
    convCases() + depthwiseCases() + poolCases() + batchNormCases()
}

/// One convolution geometry: input `[n, h, w, c]`, window `[kh, kw]`, `o` output channels.
struct ConvCaseConfig {
    var n, h, w, c: Int
    var kh, kw, o: Int
    var strides = [1, 1]
    var dilation = [1, 1]
    /// nil: "valid"; `[-1]`: TF "same"; else explicit `[top, bottom, left, right]`.
    var padding: [Int]? = nil
    var groups = 1

    var params: ConvolutionParameters {
        let pads: [Int]
        if padding == [-1] {
            pads = ConvolutionParameters.same(input: [h, w], window: [kh, kw], strides: strides, dilation: dilation)
        } else { pads = padding ?? [0, 0, 0, 0] }
        return ConvolutionParameters(strides: strides, dilation: dilation, padding: pads, groups: groups)
    }
    var input: [Int] { [n, h, w, c] }
    var out: [Int] { params.outputSize(input: [h, w], window: [kh, kw]) }
    var label: String { "x \(shapes(input)) window \(kh)×\(kw) \(params)" }
}

private let same = [-1]

private func convConfigs() -> [ConvCaseConfig] {
    [
        ConvCaseConfig(n: 1, h: 5, w: 5, c: 1, kh: 3, kw: 3, o: 1),
        ConvCaseConfig(n: 3, h: 7, w: 6, c: 3, kh: 3, kw: 3, o: 4, padding: same),
        ConvCaseConfig(n: 3, h: 8, w: 8, c: 4, kh: 3, kw: 3, o: 8, strides: [2, 2], padding: same),   // pads (0, 1)
        ConvCaseConfig(n: 2, h: 9, w: 7, c: 2, kh: 2, kw: 3, o: 5, strides: [3, 3]),
        ConvCaseConfig(n: 2, h: 9, w: 7, c: 2, kh: 2, kw: 3, o: 5, strides: [3, 2], padding: same),
        ConvCaseConfig(n: 2, h: 9, w: 9, c: 3, kh: 3, kw: 3, o: 2, dilation: [2, 2], padding: same),
        ConvCaseConfig(n: 1, h: 10, w: 11, c: 4, kh: 3, kw: 2, o: 4, strides: [2, 2], dilation: [2, 1], padding: same),
        ConvCaseConfig(n: 3, h: 11, w: 6, c: 5, kh: 3, kw: 3, o: 3, strides: [2, 1], dilation: [1, 2]),
        ConvCaseConfig(n: 2, h: 6, w: 6, c: 4, kh: 3, kw: 3, o: 6, padding: same, groups: 2),
        ConvCaseConfig(n: 3, h: 7, w: 5, c: 8, kh: 3, kw: 3, o: 8, strides: [2, 2], groups: 4),
        ConvCaseConfig(n: 1, h: 5, w: 5, c: 16, kh: 3, kw: 3, o: 16, padding: same, groups: 4),
        ConvCaseConfig(n: 2, h: 6, w: 5, c: 4, kh: 1, kw: 1, o: 8, groups: 2),
        ConvCaseConfig(n: 3, h: 5, w: 7, c: 16, kh: 1, kw: 1, o: 9),                                     // pointwise sgemm
        ConvCaseConfig(n: 1, h: 1, w: 1, c: 3, kh: 1, kw: 1, o: 2),
        ConvCaseConfig(n: 2, h: 6, w: 6, c: 3, kh: 1, kw: 1, o: 4, strides: [2, 2]),
        ConvCaseConfig(n: 2, h: 4, w: 5, c: 3, kh: 1, kw: 1, o: 4, padding: [1, 1, 1, 1]),
        ConvCaseConfig(n: 2, h: 6, w: 5, c: 2, kh: 3, kw: 3, o: 3, padding: [0, 2, 1, 0]),              // asymmetric
        ConvCaseConfig(n: 3, h: 13, w: 1, c: 5, kh: 3, kw: 1, o: 3, strides: [2, 1], padding: same),    // Conv1D-like
        ConvCaseConfig(n: 1, h: 1, w: 13, c: 5, kh: 1, kw: 4, o: 3, dilation: [1, 2], padding: [0, 0, 6, 0]),  // causal
        ConvCaseConfig(n: 1, h: 2, w: 2, c: 2, kh: 3, kw: 3, o: 2, padding: same),                       // window > input
        ConvCaseConfig(n: 1, h: 2, w: 2, c: 2, kh: 3, kw: 3, o: 2),                                      // empty output
        ConvCaseConfig(n: 0, h: 5, w: 5, c: 3, kh: 3, kw: 3, o: 4, padding: same),                       // empty batch
        ConvCaseConfig(n: 0, h: 4, w: 4, c: 3, kh: 1, kw: 1, o: 4),
        ConvCaseConfig(n: 3, h: 28, w: 28, c: 1, kh: 3, kw: 3, o: 8),                                    // MNIST first layer
        ConvCaseConfig(n: 5, h: 64, w: 64, c: 64, kh: 3, kw: 3, o: 4, padding: same),                    // im2col in chunks
        // The direct kernels (conv.c; ungrouped, undilated, ≤ 128 channels): the seed CNN's and
        // ResNet-20's layers, including the strided ones and the 1×1 projection; output channels
        // around the 16-wide vectors and 64-channel blocks; rows of interior pixels around the
        // tile widths (24, 12, 8, 6 pixels); windows wholly in the padding; 129 channels (im2col).
        ConvCaseConfig(n: 2, h: 64, w: 64, c: 3, kh: 3, kw: 3, o: 32),
        ConvCaseConfig(n: 2, h: 32, w: 32, c: 3, kh: 3, kw: 3, o: 16, padding: same),
        ConvCaseConfig(n: 2, h: 32, w: 32, c: 16, kh: 3, kw: 3, o: 16, padding: same),
        ConvCaseConfig(n: 2, h: 32, w: 32, c: 16, kh: 3, kw: 3, o: 32, strides: [2, 2], padding: same),
        ConvCaseConfig(n: 2, h: 32, w: 32, c: 16, kh: 1, kw: 1, o: 32, strides: [2, 2]),
        ConvCaseConfig(n: 2, h: 16, w: 16, c: 32, kh: 3, kw: 3, o: 32, padding: same),
        ConvCaseConfig(n: 2, h: 8, w: 8, c: 64, kh: 3, kw: 3, o: 64, padding: same),
        ConvCaseConfig(n: 2, h: 9, w: 30, c: 5, kh: 3, kw: 3, o: 17, padding: same),
        ConvCaseConfig(n: 2, h: 7, w: 15, c: 7, kh: 3, kw: 3, o: 48, padding: same),
        ConvCaseConfig(n: 1, h: 6, w: 13, c: 9, kh: 3, kw: 3, o: 65, padding: [1, 0, 2, 1]),
        ConvCaseConfig(n: 1, h: 5, w: 11, c: 128, kh: 3, kw: 3, o: 128, strides: [1, 2], padding: same),
        ConvCaseConfig(n: 2, h: 4, w: 5, c: 6, kh: 3, kw: 3, o: 20, padding: [3, 3, 3, 3]),
        ConvCaseConfig(n: 1, h: 6, w: 7, c: 3, kh: 5, kw: 2, o: 10, strides: [2, 3], padding: [2, 1, 0, 4]),
        ConvCaseConfig(n: 1, h: 5, w: 5, c: 129, kh: 3, kw: 3, o: 8, padding: same),
    ]
}

private func convCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    for k in convConfigs() {
        let p = k.params, cg = k.c / k.groups, og = k.o / k.groups
        let fs = [k.kh, k.kw, cg, k.o], ys = [k.n] + k.out + [k.o], xs = k.input
        let rows = k.n * k.out[0] * k.out[1]
        cases.append(ConformanceCase("conv2d \(k.label)", tolerance: .accumulation(length: k.kh * k.kw * cg), inputs: { rng in
            [rng.uniform(xs), rng.uniform(fs)]
        }, body: { b, x in [.tensor(b.conv2d(x[0], filter: x[1], p))] }))
        cases.append(ConformanceCase("conv2d exact-valued \(k.label)", tolerance: .exact, inputs: { rng in
            [rng.integral(xs, -2, 2), rng.integral(fs, -2, 2)]
        }, body: { b, x in [.tensor(b.conv2d(x[0], filter: x[1], p))] }))
        cases.append(ConformanceCase("conv2dBackwardInput \(k.label)", tolerance: .accumulation(length: k.kh * k.kw * og),
                                     inputs: { rng in [rng.uniform(ys), rng.uniform(fs)] },
                                     body: { b, x in [.tensor(b.conv2dBackwardInput(x[0], filter: x[1], inputShape: xs, p))] }))
        cases.append(ConformanceCase("conv2dBackwardInput exact-valued \(k.label)", tolerance: .exact,
                                     inputs: { rng in [rng.integral(ys, -2, 2), rng.integral(fs, -2, 2)] },
                                     body: { b, x in [.tensor(b.conv2dBackwardInput(x[0], filter: x[1], inputShape: xs, p))] }))
        cases.append(ConformanceCase("conv2dBackwardFilter \(k.label)", tolerance: .accumulation(length: max(rows, 1)),
                                     inputs: { rng in [rng.uniform(ys), rng.uniform(xs)] },
                                     body: { b, x in [.tensor(b.conv2dBackwardFilter(x[0], input: x[1], filterShape: fs, p))] }))
        cases.append(ConformanceCase("conv2dBackwardFilter exact-valued \(k.label)", tolerance: .exact,
                                     inputs: { rng in [rng.integral(ys, -2, 2), rng.integral(xs, -2, 2)] },
                                     body: { b, x in [.tensor(b.conv2dBackwardFilter(x[0], input: x[1], filterShape: fs, p))] }))
    }
    return cases
}

// MARK: Depthwise

private func depthwiseCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let configs: [ConvCaseConfig] = [
        ConvCaseConfig(n: 1, h: 5, w: 5, c: 1, kh: 3, kw: 3, o: 1),
        ConvCaseConfig(n: 3, h: 7, w: 6, c: 3, kh: 3, kw: 3, o: 2, padding: same),
        ConvCaseConfig(n: 2, h: 8, w: 8, c: 4, kh: 3, kw: 3, o: 1, strides: [2, 2], padding: same),
        ConvCaseConfig(n: 2, h: 9, w: 7, c: 5, kh: 2, kw: 3, o: 2, strides: [3, 2]),
        ConvCaseConfig(n: 2, h: 9, w: 9, c: 3, kh: 3, kw: 3, o: 2, dilation: [2, 2], padding: same),
        ConvCaseConfig(n: 3, h: 6, w: 5, c: 16, kh: 3, kw: 3, o: 1, padding: [0, 2, 1, 0]),
        ConvCaseConfig(n: 1, h: 5, w: 7, c: 17, kh: 1, kw: 1, o: 2),          // more channels than one thread block
        ConvCaseConfig(n: 2, h: 5, w: 5, c: 40, kh: 3, kw: 3, o: 1, strides: [2, 2], padding: same),
        ConvCaseConfig(n: 0, h: 5, w: 5, c: 3, kh: 3, kw: 3, o: 2, padding: same),
        ConvCaseConfig(n: 1, h: 2, w: 2, c: 2, kh: 3, kw: 3, o: 1),           // empty output
    ]
    for k in configs {
        let p = k.params, m = k.o
        let fs = [k.kh, k.kw, k.c, m], ys = [k.n] + k.out + [k.c * m], xs = k.input
        let rows = k.n * k.out[0] * k.out[1]
        let label = "\(k.label) multiplier \(m)"
        cases.append(ConformanceCase("depthwiseConv2d \(label)", tolerance: .accumulation(length: k.kh * k.kw), inputs: { rng in
            [rng.uniform(xs), rng.uniform(fs)]
        }, body: { b, x in [.tensor(b.depthwiseConv2d(x[0], filter: x[1], p))] }))
        cases.append(ConformanceCase("depthwiseConv2dBackwardInput \(label)", tolerance: .accumulation(length: k.kh * k.kw * m),
                                     inputs: { rng in [rng.uniform(ys), rng.uniform(fs)] },
                                     body: { b, x in [.tensor(b.depthwiseConv2dBackwardInput(x[0], filter: x[1], inputShape: xs, p))] }))
        cases.append(ConformanceCase("depthwiseConv2dBackwardFilter \(label)", tolerance: .accumulation(length: max(rows, 1)),
                                     inputs: { rng in [rng.uniform(ys), rng.uniform(xs)] },
                                     body: { b, x in [.tensor(b.depthwiseConv2dBackwardFilter(x[0], input: x[1], filterShape: fs, p))] }))
        cases.append(ConformanceCase("depthwiseConv2dBackwardFilter exact-valued \(label)", tolerance: .exact,
                                     inputs: { rng in [rng.integral(ys, -2, 2), rng.integral(xs, -2, 2)] },
                                     body: { b, x in [.tensor(b.depthwiseConv2dBackwardFilter(x[0], input: x[1], filterShape: fs, p))] }))
    }
    return cases
}

// MARK: Pooling

private func poolCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    // kh, kw = window; o unused.
    let configs: [ConvCaseConfig] = [
        ConvCaseConfig(n: 1, h: 4, w: 4, c: 1, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        ConvCaseConfig(n: 3, h: 7, w: 5, c: 3, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        ConvCaseConfig(n: 3, h: 7, w: 5, c: 3, kh: 2, kw: 2, o: 0, strides: [2, 2], padding: same),
        ConvCaseConfig(n: 2, h: 6, w: 6, c: 4, kh: 3, kw: 3, o: 0, padding: same),          // stride 1 "same": edges pad
        ConvCaseConfig(n: 2, h: 9, w: 8, c: 5, kh: 3, kw: 3, o: 0, strides: [2, 2], padding: same),
        ConvCaseConfig(n: 2, h: 9, w: 8, c: 2, kh: 3, kw: 2, o: 0, strides: [1, 3]),        // strides ≠ window
        ConvCaseConfig(n: 1, h: 10, w: 7, c: 16, kh: 2, kw: 3, o: 0, strides: [3, 1], padding: same),
        ConvCaseConfig(n: 2, h: 1, w: 11, c: 3, kh: 1, kw: 3, o: 0, strides: [1, 2], padding: same),  // 1-D
        ConvCaseConfig(n: 2, h: 5, w: 5, c: 2, kh: 5, kw: 5, o: 0, strides: [1, 1], padding: same),
        ConvCaseConfig(n: 0, h: 4, w: 4, c: 3, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        ConvCaseConfig(n: 4, h: 28, w: 28, c: 8, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        // Non-overlapping max pooling (strides = window, "valid") runs pool.c: the seed CNN's
        // 62×62×32 (threaded), windows that leave rows/columns uncovered, non-square windows,
        // more than 256 channels (the kernel's channel block), 1×1.
        ConvCaseConfig(n: 2, h: 62, w: 62, c: 32, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        ConvCaseConfig(n: 2, h: 7, w: 9, c: 5, kh: 3, kw: 3, o: 0, strides: [3, 3]),
        ConvCaseConfig(n: 2, h: 6, w: 5, c: 2, kh: 3, kw: 2, o: 0, strides: [3, 2]),
        ConvCaseConfig(n: 1, h: 5, w: 4, c: 300, kh: 2, kw: 2, o: 0, strides: [2, 2]),
        ConvCaseConfig(n: 2, h: 3, w: 3, c: 4, kh: 1, kw: 1, o: 0, strides: [1, 1]),
    ]
    for k in configs {
        let p = k.params, window = [k.kh, k.kw], xs = k.input, ys = [k.n] + k.out + [k.c]
        for kind in [PoolKind.max, .average] {
            let label = "\(kind) \(k.label)"
            let tol: Tolerance = kind == .max ? .exact : .accumulation(length: k.kh * k.kw)
            // Overlapping windows add several output gradients into one input cell, in any order.
            let backTol: Tolerance = .accumulation(length: k.kh * k.kw)
            cases.append(ConformanceCase("pool2d \(label)", tolerance: tol, inputs: { rng in [rng.uniform(xs)] },
                                         body: { b, x in [.tensor(b.pool2d(x[0], kind: kind, window: window, p))] }))
            cases.append(ConformanceCase("pool2dBackward \(label)", tolerance: backTol, inputs: { rng in
                [rng.uniform(ys), rng.uniform(xs)]
            }, body: { b, x in
                let y = b.pool2d(x[1], kind: kind, window: window, p)
                return [.tensor(b.pool2dBackward(x[0], input: x[1], output: y, kind: kind, window: window, p))]
            }))
            // Few distinct values: ties everywhere, so the first maximum (row-major in the window) must win.
            cases.append(ConformanceCase("pool2dBackward ties \(label)", tolerance: backTol, inputs: { rng in
                [rng.uniform(ys), rng.integral(xs, -1, 1)]
            }, body: { b, x in
                let y = b.pool2d(x[1], kind: kind, window: window, p)
                return [.tensor(b.pool2dBackward(x[0], input: x[1], output: y, kind: kind, window: window, p))]
            }))
        }
    }
    return cases
}

// MARK: Batch normalization

private func batchNormCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    // [600, 300]: more channels than batchnorm.c's 256-channel block, rows over two threads.
    let shapeList: [[Int]] = [[5, 3], [1, 7], [2, 4, 3, 6], [3, 5, 5, 16], [64, 8, 8, 16], [300, 1], [0, 4], [2, 3, 0], [600, 300]]
    for s in shapeList {
        let c = s[s.count - 1], rows = c == 0 ? 0 : ShapeMath.count(s) / c
        let long = Tolerance(rel: 1e-4, abs: 1e-5 + 1e-7 * Double(rows))
        for eps: Float in [1e-3, 1e-5] {
            let label = "\(shapes(s)) epsilon \(eps)"
            cases.append(ConformanceCase("batchNormTraining \(label)", tolerance: long, inputs: { rng in
                [rng.uniform(s, -2, 3), rng.uniform([c], 0.5, 2), rng.uniform([c])]
            }, body: { b, x in
                let (y, m, v) = b.batchNormTraining(x[0], gamma: x[1], beta: x[2], epsilon: eps)
                return [.tensor(y), .tensor(m), .tensor(v)]
            }))
            // Values far from 0 (mean 100, spread 1): the variance must not cancel.
            cases.append(ConformanceCase("batchNormTraining offset \(label)", tolerance: long, inputs: { rng in
                [rng.uniform(s, 99.5, 100.5), rng.uniform([c], 0.5, 2), rng.uniform([c])]
            }, body: { b, x in
                let (y, m, v) = b.batchNormTraining(x[0], gamma: x[1], beta: x[2], epsilon: eps)
                return [.tensor(y), .tensor(m), .tensor(v)]
            }))
            cases.append(ConformanceCase("batchNormTrainingBackward \(label)", tolerance: long, inputs: { rng in
                [rng.uniform(s), rng.uniform(s, -2, 3), rng.uniform([c], 0.5, 2), rng.uniform([c])]
            }, body: { b, x in
                // Statistics from the reference formula on each backend, as a layer would pass them.
                let (_, m, v) = b.batchNormTraining(x[1], gamma: x[2], beta: x[3], epsilon: eps)
                let (dx, dg, db) = b.batchNormTrainingBackward(x[0], input: x[1], gamma: x[2], mean: m, variance: v, epsilon: eps)
                return [.tensor(dx), .tensor(dg), .tensor(db)]
            }))
        }
    }
    return cases
}
