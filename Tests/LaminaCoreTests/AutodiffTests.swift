import LaminaCore
import Testing

/// The semantics of the gradient tape: what records, what gets gradients, graph release, errors.
@Suite("Autodiff semantics")
struct AutodiffTests {
    @Test func gradientsWithRespectToSeveralLeaves() throws {
        try onReference {
            let a = Tensor([1, 2, 3]).requiringGradient()
            let b = Tensor([4, 5, 6]).requiringGradient()
            let c = Tensor([[1, 1, 1], [2, 2, 2]]).requiringGradient()
            let loss = (a * b + c).sum()
            let g = try gradients(of: loss, wrt: [a, b, c])
            #expect(g.count == 3)
            expectClose(g[0], [4 * 2, 5 * 2, 6 * 2], shape: [3])  // broadcast over 2 rows of c
            expectClose(g[1], [1 * 2, 2 * 2, 3 * 2], shape: [3])
            expectClose(g[2], [1, 1, 1, 1, 1, 1], shape: [2, 3])
            #expect(g.allSatisfy { !$0.requiresGradient })
        }
    }

    @Test func unconnectedLeafGetsZeros() throws {
        try onReference {
            let x = Tensor([1, 2]).requiringGradient()
            let unused = Tensor([[5, 6, 7]]).requiringGradient()
            let g = try gradients(of: (x * x).sum(), wrt: [x, unused])
            expectClose(g[0], [2, 4])
            expectClose(g[1], [0, 0, 0], shape: [1, 3])
            // A constant loss: every gradient is zero.
            let constant = try gradients(of: Tensor([1, 2]).sum(), wrt: [x])
            expectClose(constant[0], [0, 0], shape: [2])
            // A gradient cut by detached() or by a cast to int.
            let cut = try gradients(of: (x.detached() * x).sum() + x.cast(to: .int32).cast(to: .float32).sum(), wrt: [x])
            expectClose(cut[0], [1, 2])
        }
    }

    @Test func noGradRecordsNothing() throws {
        try onReference {
            let x = Tensor([1, 2, 3]).requiringGradient()
            #expect(GradMode.isEnabled)
            let y = noGrad { () -> Tensor in
                #expect(!GradMode.isEnabled)
                return (x * 2).exp().sum()
            }
            #expect(GradMode.isEnabled)
            #expect(x.requiresGradient)
            #expect(!y.requiresGradient)
            expectClose(try gradients(of: y, wrt: [x])[0], [0, 0, 0])
            // Recording resumes after the block.
            #expect((x * 2).requiresGradient)
        }
    }

    @Test func tensorsWithoutTrainableInputsDoNotRecord() {
        onReference {
            let a = Tensor([1, 2, 3]), b = Tensor([4, 5, 6])
            #expect(!a.requiresGradient)
            #expect(!(a * b + 1).exp().sum().requiresGradient)
            #expect(!a.matmul(b).requiresGradient)
            #expect(!Tensor.concat([a, b]).requiresGradient)
            let x = a.requiringGradient()
            #expect(x.requiresGradient)
            #expect((x * b).requiresGradient)
            #expect(!x.detached().requiresGradient)
            #expect(!x.greater(b).requiresGradient)  // comparisons are not differentiable
            #expect(!x.argmax().requiresGradient)
        }
    }

    @Test func trainableAndNonTrainableVariables() throws {
        try onReference {
            let w = Variable(Tensor([1, 2, 3]), name: "w")
            let frozen = Variable(Tensor([4, 5, 6]), name: "frozen", trainable: false)
            #expect(w.trainable && w.value.requiresGradient)
            #expect(!frozen.trainable && !frozen.value.requiresGradient)
            #expect(w.name == "w" && w.shape == [3] && w.dtype == .float32)

            let loss = (w.value * frozen.value).sum()
            let g = try gradients(of: loss, wrt: [w, frozen])
            expectClose(g[0], [4, 5, 6])
            expectClose(g[1], [0, 0, 0])

            // Toggling makes the frozen variable a leaf (and the other a constant), keeping values.
            frozen.trainable = true
            w.trainable = false
            #expect(frozen.value.requiresGradient && !w.value.requiresGradient)
            expectClose(frozen.value, [4, 5, 6])
            let g2 = try gradients(of: (w.value * frozen.value).sum(), wrt: [w, frozen])
            expectClose(g2[0], [0, 0, 0])
            expectClose(g2[1], [1, 2, 3])
        }
    }

    @Test func variableCopiesItsInitialValueAndAssignsInPlace() throws {
        try onReference {
            let initial = Tensor([1, 2])
            let v = Variable(initial)
            v.assign(Tensor([7, 8]))
            expectClose(initial, [1, 2])  // not aliased
            expectClose(v.value, [7, 8])
            #expect(v.value.requiresGradient)
            let g = try gradients(of: (v.value * v.value).sum(), wrt: [v])
            expectClose(g[0], [14, 16])
        }
    }

    @Test func secondBackwardPassWithoutRetainGraphThrows() throws {
        try onReference {
            let x = Tensor([1, 2]).requiringGradient()
            let loss = (x * x).sum()
            _ = try gradients(of: loss, wrt: [x])
            #expect(throws: AutodiffError.graphFreed(op: "sum")) {
                try gradients(of: loss, wrt: [x])
            }
            let message = AutodiffError.graphFreed(op: "sum").description
            #expect(message.contains("'sum'") && message.contains("retainGraph: true"))
        }
    }

    @Test func retainGraphAllowsSeveralBackwardPasses() throws {
        try onReference {
            let x = Tensor([1, 2, 3]).requiringGradient()
            let loss = (x * x * x).sum()
            let first = try gradients(of: loss, wrt: [x], retainGraph: true)[0]
            let second = try gradients(of: loss, wrt: [x], retainGraph: true)[0]
            expectClose(first, [3, 12, 27])
            expectClose(second, [3, 12, 27])
            // A last pass without retainGraph frees it.
            _ = try gradients(of: loss, wrt: [x])
            #expect(throws: AutodiffError.self) { try gradients(of: loss, wrt: [x]) }
        }
    }

    @Test func nonScalarLossThrows() throws {
        try onReference {
            let x = Tensor([1, 2, 3, 4], shape: [2, 2]).requiringGradient()
            #expect(throws: AutodiffError.nonScalarLoss(shape: [2, 2])) { try gradients(of: x * 2, wrt: [x]) }
            #expect(throws: AutodiffError.nonScalarLoss(shape: [])) {
                try gradients(of: Tensor([3] as [Int32], shape: []), wrt: [x])
            }
            #expect(AutodiffError.nonScalarLoss(shape: [2, 2]).description.contains("(2, 2)"))
            // A one-element tensor of any rank is a valid loss.
            let g = try gradients(of: (x * x).sum(keepDims: true), wrt: [x])[0]
            expectClose(g, [2, 4, 6, 8])
        }
    }

    @Test func reusedTensorsAccumulate() throws {
        try onReference {
            let x = Tensor([1, -2, 3]).requiringGradient()
            expectClose(try gradients(of: (x * x).sum(), wrt: [x])[0], [2, -4, 6])
            expectClose(try gradients(of: (x + x + x).sum(), wrt: [x])[0], [3, 3, 3])
            // A diamond: y feeds z twice, and x also reaches z directly.
            let y = x * 2
            let z = (y * y + y - x).sum()  // 4x² + 2x − x
            expectClose(try gradients(of: z, wrt: [x])[0], [9, -15, 25])
        }
    }

    @Test func lossThatIsItselfALeaf() throws {
        try onReference {
            let x = Tensor(Float(3)).requiringGradient()
            let g = try gradients(of: x, wrt: [x])[0]
            #expect(g.shape == [])
            #expect(g.item() == 1)
        }
    }
}
