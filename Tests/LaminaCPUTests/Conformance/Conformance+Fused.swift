import Foundation
import LaminaCore

// The fused ops: linear (+ backward), softmax / logSoftmax (+ backward), softmax cross-entropy
// (+ backward, int and float labels), sgdUpdate and adamUpdate (in place), and optimizerUpdate for
// every rule (Conformance+Optimizers.swift). The reference runs the
// composite defaults from Backend+Composite.swift; a fast backend runs its own kernels.

func fusedCases() -> [ConformanceCase] {
    linearCases() + softmaxCases() + crossEntropyCases() + optimizerCases() + optimizerRuleCases() + reluBackwardCases()
}

// MARK: ReLU gradient

private func reluBackwardCases() -> [ConformanceCase] {
    [[], [0], [7], [17], [1000], [100_003], [2, 3, 4]].map { (s: [Int]) in
        // x has exact zeros (the gradient there is 0) among values of both signs.
        ConformanceCase("reluBackward \(shapes(s))", tolerance: .exact, inputs: { rng in
            [rng.uniform(s, -3, 3), rng.integral(s, -2, 2)]
        }, body: { b, x in [.tensor(b.reluBackward(x[0], input: x[1]))] })
    }
}

// MARK: Linear

private func linearCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    // (leading dims of x, inputs, units)
    let configs: [([Int], Int, Int)] = [([], 7, 3), ([1], 1, 1), ([5], 7, 16), ([3, 4], 17, 9), ([0], 5, 3), ([2, 0], 4, 2),
                                        ([4], 5, 0), ([128], 784, 256), ([2, 3, 2], 16, 17), ([1000], 17, 1)]
    for (lead, inputs, units) in configs {
        let xs = lead + [inputs], ws = [inputs, units], dys = lead + [units]
        let rows = ShapeMath.count(lead)
        for hasBias in [true, false] {
            let what = "x \(shapes(xs)) weight \(shapes(ws)) bias \(hasBias)"
            cases.append(ConformanceCase("linear \(what)", tolerance: .accumulation(length: inputs + 1), inputs: { rng in
                [rng.uniform(xs), rng.uniform(ws), rng.uniform([units])]
            }, body: { b, x in [.tensor(b.linear(x[0], weight: x[1], bias: hasBias ? x[2] : nil))] }))
            cases.append(ConformanceCase("linear exact-valued \(what)", tolerance: .exact, inputs: { rng in
                [rng.integral(xs, -2, 2), rng.integral(ws, -2, 2), rng.integral([units], -2, 2)]
            }, body: { b, x in [.tensor(b.linear(x[0], weight: x[1], bias: hasBias ? x[2] : nil))] }))
            cases.append(ConformanceCase("linearBackward dy \(shapes(dys)) \(what)",
                                         outputTolerances: [.accumulation(length: units), .accumulation(length: rows),
                                                            .accumulation(length: rows)], inputs: { rng in
                [rng.uniform(dys), rng.uniform(xs), rng.uniform(ws)]
            }, body: { b, x in
                let (dx, dw, db) = b.linearBackward(x[0], x: x[1], weight: x[2], hasBias: hasBias)
                return [.tensor(dx), .tensor(dw)] + (db.map { [.tensor($0)] } ?? [])
            }))
        }
    }
    return cases
}

// MARK: Softmax

/// Softmax or log-softmax along `axis`, computed on the host in Double.
func hostSoftmax(_ v: [Float], shape: [Int], axis: Int, log: Bool) -> [Float] {
    let outer = ShapeMath.count(Array(shape[..<axis])), n = shape[axis]
    let inner = ShapeMath.count(Array(shape[(axis + 1)...]))
    var out = [Float](repeating: 0, count: v.count)
    for o in 0..<outer {
        for i in 0..<inner {
            let idx = (0..<n).map { (o * n + $0) * inner + i }
            let m = idx.map { Double(v[$0]) }.max() ?? 0
            let s = idx.reduce(0.0) { $0 + Foundation.exp(Double(v[$1]) - m) }
            for j in idx {
                let z = Double(v[j]) - m
                out[j] = Float(log ? z - Foundation.log(s) : Foundation.exp(z) / s)
            }
        }
    }
    return out
}

private func softmaxCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let configs: [([Int], Int)] = [([1], 0), ([7], 0), ([3, 4], 0), ([3, 4], 1), ([2, 3, 4], 0), ([2, 3, 4], 1), ([2, 3, 4], 2),
                                   ([128, 10], 1), ([3, 100_003], 1), ([17, 1000], 0), ([17, 1000], 1), ([1000, 17], 1),
                                   ([0, 5], 1), ([5, 1], 1), ([2, 0, 3], 2), ([4, 16], 1), ([4, 17], 1)]
    for (s, axis) in configs {
        let n = Double(s[axis]), root = n.squareRoot()
        let where_ = "\(shapes(s)) axis \(axis)"
        for (range, label) in [(Float(10), ""), (Float(300), " wide")] {
            cases.append(ConformanceCase("softmax\(label) \(where_)", tolerance: Tolerance(rel: 1e-5 + 1e-6 * root, abs: 1e-9),
                                         inputs: { rng in [rng.uniform(s, -range, range)] },
                                         body: { b, x in [.tensor(b.softmax(x[0], axis: axis))] }))
            cases.append(ConformanceCase("logSoftmax\(label) \(where_)", tolerance: Tolerance(rel: 1e-5, abs: 1e-5 + 1e-6 * root),
                                         inputs: { rng in [rng.uniform(s, -range, range)] },
                                         body: { b, x in [.tensor(b.logSoftmax(x[0], axis: axis))] }))
        }
        cases.append(ConformanceCase("softmaxBackward \(where_)", tolerance: Tolerance(rel: 1e-5, abs: 1e-6 + 1e-7 * root),
                                     inputs: { rng in
            let logits = rng.floats(ShapeMath.count(s), -5, 5)
            return [rng.uniform(s), .f(s, hostSoftmax(logits, shape: s, axis: axis, log: false))]
        }, body: { b, x in [.tensor(b.softmaxBackward(x[0], output: x[1], axis: axis))] }))
        cases.append(ConformanceCase("logSoftmaxBackward \(where_)", tolerance: Tolerance(rel: 1e-5, abs: 1e-6 + 2e-7 * root),
                                     inputs: { rng in
            let logits = rng.floats(ShapeMath.count(s), -5, 5)
            return [rng.uniform(s), .f(s, hostSoftmax(logits, shape: s, axis: axis, log: true))]
        }, body: { b, x in [.tensor(b.logSoftmaxBackward(x[0], output: x[1], axis: axis))] }))
    }
    return cases
}

// MARK: Softmax cross-entropy

private enum LabelKind: String, CaseIterable { case classIds = "int32 class ids", probabilities = "float probabilities",
                                                   oneHot = "float one-hot", smoothed = "float unnormalised" }

private func labels(_ kind: LabelKind, n: Int, c: Int, _ rng: inout SeededGenerator) -> HostTensor {
    let ids = rng.ints(n, 0, Int32(max(c - 1, 0)))
    switch kind {
    case .classIds: return .i([n], ids)
    case .oneHot: return .f([n, c], (0..<n * c).map { ids[$0 / c] == Int32($0 % c) ? 1 : 0 })
    case .probabilities:
        let raw = rng.floats(n * c, 0, 1)
        return .f([n, c], (0..<n * c).map { k in raw[k] / raw[(k / c * c)..<(k / c * c + c)].reduce(0, +) })
    case .smoothed: return .f([n, c], rng.floats(n * c, 0, 0.5))  // rows need not sum to 1
    }
}

private func crossEntropyCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let configs: [(Int, Int)] = [(1, 1), (1, 7), (7, 10), (128, 10), (3, 1000), (17, 1001), (0, 5), (16, 17), (2, 100_003)]
    for (n, c) in configs {
        for kind in LabelKind.allCases where c < 100_000 || kind == .classIds {
            let root = Double(c).squareRoot()
            let what = "logits \(shapes([n, c])) labels \(kind.rawValue)"
            cases.append(ConformanceCase("softmaxCrossEntropy \(what)", outputTolerances: [
                Tolerance(rel: 1e-5, abs: 1e-5 + 1e-6 * root), Tolerance(rel: 1e-5 + 1e-6 * root, abs: 1e-9),
            ], inputs: { rng in
                [rng.uniform([n, c], -5, 5), labels(kind, n: n, c: c, &rng)]
            }, body: { b, x in
                let (loss, p) = b.softmaxCrossEntropy(logits: x[0], labels: x[1])
                return [.tensor(loss), .tensor(p)]
            }))
            cases.append(ConformanceCase("softmaxCrossEntropyBackward \(what)", inputs: { rng in
                let p = hostSoftmax(rng.floats(n * c, -5, 5), shape: [n, c], axis: 1, log: false)
                return [rng.uniform([n], 0, 2), .f([n, c], p), labels(kind, n: n, c: c, &rng)]
            }, body: { b, x in [.tensor(b.softmaxCrossEntropyBackward(x[0], probabilities: x[1], labels: x[2]))] }))
        }
    }
    return cases
}

// MARK: Optimizers (in place)

private func optimizerCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let sizes: [[Int]] = [[], [0], [1], [7], [16], [17], [1000], [100_003], [3, 5, 7]]
    for s in sizes {
        for (label, momentum, nesterov) in [("no momentum", Float(0), false), ("momentum 0.9", 0.9, false), ("nesterov 0.9", 0.9, true)] {
            let hasVelocity = momentum != 0
            cases.append(ConformanceCase("sgdUpdate \(label) \(shapes(s))", mutatesInputs: true, inputs: { rng in
                [rng.uniform(s), rng.uniform(s), rng.uniform(s, -0.1, 0.1)]
            }, body: { b, x in
                b.sgdUpdate(x[0], gradient: x[1], velocity: hasVelocity ? x[2] : nil, learningRate: 0.01,
                            momentum: momentum, nesterov: nesterov)
                return [.tensor(x[0]), .tensor(x[1]), .tensor(x[2])]  // the gradient must be left alone too
            }))
        }
        for amsgrad in [false, true] {
            for step in [1, 7] {
                let h = AdamHyperparameters(learningRate: 0.001, step: step)
                cases.append(ConformanceCase("adamUpdate \(amsgrad ? "with vHat" : "without vHat") step \(step) \(shapes(s))",
                                             mutatesInputs: true, inputs: { rng in
                    [rng.uniform(s), rng.uniform(s), rng.uniform(s, -0.1, 0.1), rng.uniform(s, 0, 0.01), rng.uniform(s, 0, 0.01)]
                }, body: { b, x in
                    b.adamUpdate(x[0], gradient: x[1], m: x[2], v: x[3], vHat: amsgrad ? x[4] : nil, h)
                    return x.map { .tensor($0) }
                }))
            }
        }
    }
    return cases
}
