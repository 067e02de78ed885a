import Foundation
import LaminaCore

// The normalization and attention fused ops: layerNorm, rmsNorm and attention, each with its
// backward. The reference runs the composites in Backend+Attention.swift.

func attentionCases() -> [ConformanceCase] { normCases() + sdpaCases() }

private func normCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let shapes_: [[Int]] = [[1, 1], [3, 5], [2, 3, 7], [64, 33], [0, 4], [5, 1], [257, 16]]
    for s in shapes_ {
        let c = s.last!, tol = Tolerance.accumulation(length: c, scale: 4)
        for affine in [true, false] {
            let what = "\(shapes(s)) affine \(affine)"
            cases.append(ConformanceCase("layerNorm \(what)", outputTolerances: [tol, tol, tol], inputs: { rng in
                [rng.uniform(s, -3, 3), rng.uniform([c]), rng.uniform([c])]
            }, body: { b, x in
                let (y, m, i) = b.layerNorm(x[0], gamma: affine ? x[1] : nil, beta: affine ? x[2] : nil, epsilon: 1e-3)
                return [.tensor(y), .tensor(m), .tensor(i)]
            }))
            cases.append(ConformanceCase("layerNormBackward \(what)", outputTolerances: [tol, .accumulation(length: s[0] * 4, scale: 4), .accumulation(length: s[0])],
                                         inputs: { rng in
                let x = rng.uniform(s, -3, 3)
                let rows = x.count / max(c, 1)
                var mean = [Float](repeating: 0, count: rows), inv = mean
                for r in 0..<rows {
                    let row = x.floats[(r * c)..<(r * c + c)]
                    let mu = row.reduce(0, +) / Float(c)
                    mean[r] = mu
                    inv[r] = 1 / (row.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Float(c) + 1e-3).squareRoot()
                }
                return [rng.uniform(s), x, rng.uniform([c]), .f([rows], mean), .f([rows], inv)]
            }, body: { b, x in
                let (dx, dg, db) = b.layerNormBackward(x[0], input: x[1], gamma: affine ? x[2] : nil, mean: x[3], invStd: x[4])
                return [.tensor(dx), .tensor(dg), .tensor(db)]
            }))
            cases.append(ConformanceCase("rmsNorm \(what)", outputTolerances: [tol, tol], inputs: { rng in
                [rng.uniform(s, -3, 3), rng.uniform([c])]
            }, body: { b, x in
                let (y, i) = b.rmsNorm(x[0], scale: affine ? x[1] : nil, epsilon: 1e-6)
                return [.tensor(y), .tensor(i)]
            }))
            cases.append(ConformanceCase("rmsNormBackward \(what)", outputTolerances: [tol, .accumulation(length: s[0] * 4, scale: 4)], inputs: { rng in
                let x = rng.uniform(s, -3, 3)
                let rows = x.count / max(c, 1)
                let inv = (0..<rows).map { r in 1 / (x.floats[(r * c)..<(r * c + c)].map { $0 * $0 }.reduce(0, +) / Float(c) + 1e-6).squareRoot() }
                return [rng.uniform(s), x, rng.uniform([c]), .f([rows], inv)]
            }, body: { b, x in
                let (dx, ds) = b.rmsNormBackward(x[0], input: x[1], scale: affine ? x[2] : nil, invRms: x[3])
                return [.tensor(dx), .tensor(ds)]
            }))
        }
    }
    return cases
}

private func sdpaCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    // (B, H, Tq, Tk, D, Dv, mask shape or nil)
    let configs: [(Int, Int, Int, Int, Int, Int, [Int]?)] = [
        (1, 1, 1, 1, 1, 1, nil), (2, 3, 4, 5, 8, 6, nil), (2, 2, 5, 5, 4, 4, [2, 1, 1, 5]), (2, 2, 3, 7, 4, 2, [2, 1, 3, 7]),
        (1, 4, 16, 16, 16, 16, [1, 1, 16, 16]), (3, 1, 6, 4, 5, 3, [3, 1, 6, 4]), (2, 2, 0, 3, 4, 4, nil), (1, 2, 33, 65, 8, 8, [1, 2, 33, 65]),
        // Heads of the benchmark's size (128 × 128 × 64): small products, run in parallel over (batch, head).
        (3, 2, 128, 128, 64, 64, nil), (5, 1, 128, 96, 64, 80, [5, 1, 1, 96]),
    ]
    for (b, h, tq, tk, d, dv, maskShape) in configs {
        for causal in [false, true] {
            let what = "q \(shapes([b, h, tq, d])) k \(shapes([b, h, tk, d])) v \(shapes([b, h, tk, dv])) mask \(maskShape.map { shapes($0) } ?? "none") causal \(causal)"
            let tol = Tolerance(rel: 1e-4, abs: 1e-5 * Double(max(tk, d)))
            @Sendable func inputs(_ rng: inout SeededGenerator) -> [HostTensor] {
                var xs = [rng.uniform([b, h, tq, d], -2, 2), rng.uniform([b, h, tk, d], -2, 2), rng.uniform([b, h, tk, dv])]
                if let maskShape {
                    var m = rng.bool(maskShape)
                    if m.count > 0 { m.ints[0] = 0 }
                    xs.append(m)
                }
                return xs
            }
            cases.append(ConformanceCase("attention \(what)", outputTolerances: [tol, tol], inputs: { rng in inputs(&rng) }, body: { be, x in
                let (o, p) = be.attention(x[0], x[1], x[2], mask: x.count > 3 ? x[3] : nil, scale: 1 / Float(d).squareRoot(), causal: causal)
                return [.tensor(o), .tensor(p)]
            }))
            for upstream in ["output", "probabilities", "both"] {
                cases.append(ConformanceCase("attentionBackward \(upstream) \(what)", outputTolerances: upstream == "probabilities" ? [tol, tol] : [tol, tol, tol],
                                             inputs: { rng in
                    var xs = inputs(&rng)
                    if xs.count == 3 { xs.append(.i([1, 1, 1, 1], [1], dtype: .bool)) }
                    return xs + [rng.uniform([b, h, tq, dv]), rng.uniform([b, h, tq, tk])]
                }, body: { be, x in
                    let (_, p) = ReferenceBackend.shared.attention(x[0].onReference, x[1].onReference, x[2].onReference, mask: x[3].onReference,
                                                                    scale: 0.5, causal: causal)
                    let probs = be.makeTensorCopy(p)
                    let (dq, dk, dvv) = be.attentionBackward(upstream == "probabilities" ? nil : x[4], dProbabilities: upstream == "output" ? nil : x[5],
                                                            q: x[0], k: x[1], v: x[2], probabilities: probs, scale: 0.5)
                    return [.tensor(dq), .tensor(dk)] + (dvv.map { [.tensor($0)] } ?? [])
                }))
            }
        }
    }
    return cases
}

private extension Tensor {
    /// A copy of this tensor on the reference backend.
    var onReference: Tensor {
        let r = ReferenceBackend.shared
        if backend === r { return self }
        if dtype == .float32 { return backend.readFloats(self).withUnsafeBufferPointer { r.makeTensor(floats: $0, shape: shape) } }
        return backend.readInts(self).withUnsafeBufferPointer { r.makeTensor(ints: $0, shape: shape, dtype: dtype) }
    }
}

private extension Backend {
    /// A copy of a reference tensor on this backend.
    func makeTensorCopy(_ t: Tensor) -> Tensor {
        ReferenceBackend.shared.readFloats(t).withUnsafeBufferPointer { makeTensor(floats: $0, shape: t.shape) }
    }
}
