import Lamina
import Testing

/// Regularizer penalties and constraint outputs against Keras: Fixtures/optimizers.json,
/// written by Scripts/golden/optimizers.py (`kind == "regularizer"` and `"constraint"`).
@Suite struct RegularizersGoldenTests {
    static let script = "Scripts/golden/optimizers.py"

    @Test func regularizersMatchKeras() throws {
        let cases = try Fixture("optimizers").cases.filter { $0["kind"]?.string == "regularizer" }
        #expect(cases.count >= 6, "fixture from \(Self.script) has \(cases.count) regularizer cases")
        for c in cases {
            let cls = try #require(c["class_name"]?.string), k = try #require(c["kwargs"])
            let r: any Regularizer
            switch cls {
            case "L1": r = L1(l1: k["l1"]?.float ?? 0.01)
            case "L2": r = L2(l2: k["l2"]?.float ?? 0.01)
            default: r = L1L2(l1: k["l1"]?.float ?? 0, l2: k["l2"]?.float ?? 0)
            }
            expectClose(r(try c.tensor("input")), try c.tensor("output"), rtol: 1e-5, atol: 1e-7, "\(cls) \(k) vs Keras (\(Self.script))")
        }
    }

    @Test func constraintsMatchKeras() throws {
        let cases = try Fixture("optimizers").cases.filter { $0["kind"]?.string == "constraint" }
        #expect(cases.count >= 9, "fixture from \(Self.script) has \(cases.count) constraint cases")
        for c in cases {
            let cls = try #require(c["class_name"]?.string), k = try #require(c["kwargs"])
            let axes = k["axis"].map { $0.ints ?? [$0.int ?? 0] } ?? [0]
            let constraint: any Constraint
            switch cls {
            case "MaxNorm": constraint = MaxNorm(maxValue: k["max_value"]?.float ?? 2, axes: axes)
            case "NonNeg": constraint = NonNeg()
            case "UnitNorm": constraint = UnitNorm(axes: axes)
            default:
                constraint = MinMaxNorm(minValue: k["min_value"]?.float ?? 0, maxValue: k["max_value"]?.float ?? 1,
                                        rate: k["rate"]?.float ?? 1, axes: axes)
            }
            expectClose(constraint(try c.tensor("input")), try c.tensor("output"), rtol: 1e-5, atol: 1e-7,
                        "\(cls) \(k) vs Keras (\(Self.script))")
        }
    }

    @Test func namesDefaultsAndConfigs() throws {
        #expect(try Regularizers.named("l1").config["l1"]?.float == 0.01)
        #expect(try Regularizers.named("L2").className == "L2")
        #expect(try Regularizers.named("l1_l2").config["l2"]?.float == 0)
        #expect(throws: LaminaError.self) { try Regularizers.named("l3") }
        #expect(try Constraints.named("max_norm").config["max_value"]?.float == 2)
        #expect(try Constraints.named("NonNeg").className == "NonNeg")
        #expect(try Constraints.named("unit_norm").config["axis"]?.int == 0)
        #expect(MinMaxNorm().config["rate"]?.float == 1)
        #expect(MaxNorm(maxValue: 3, axes: [0, 1, 2]).config["axis"]?.ints == [0, 1, 2])
    }

    @Test func regularizersAreDifferentiable() throws {
        let w = Variable(Tensor([1, -2, 3]), name: "w")
        let g = try gradients(of: L1L2(l1: 0.5, l2: 0.25)(w.value), wrt: [w])[0]
        // d/dw (0.5·|w| + 0.25·w²) = 0.5·sign(w) + 0.5·w
        #expect(g.scalars() == [1, -1.5, 2])
    }
}
