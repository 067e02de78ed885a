import LaminaCore
import Testing

/// Central-difference checks of every elementwise backward rule (unary ops, arithmetic binary ops
/// with broadcasting, `where`), on the reference backend.
@Suite("Gradient check: elementwise")
struct ElementwiseGradientTests {
    /// A unary op and the inputs it is checked on (inside its domain, away from kinks).
    struct UnaryCase: Sendable, CustomTestStringConvertible {
        var op: UnaryOp
        var input: @Sendable () -> Tensor
        var testDescription: String { op.rawValue }
    }

    static let unaryCases: [UnaryCase] = [
        UnaryCase(op: .neg) { uniform([2, 3], seed: 1) },
        UnaryCase(op: .abs) { awayFromZero([2, 3], seed: 2) },
        UnaryCase(op: .square) { uniform([2, 3], seed: 3) },
        UnaryCase(op: .exp) { uniform([2, 3], seed: 4) },
        UnaryCase(op: .log) { uniform([2, 3], 0.2, 3, seed: 5) },
        UnaryCase(op: .sqrt) { uniform([2, 3], 0.2, 3, seed: 6) },
        UnaryCase(op: .rsqrt) { uniform([2, 3], 0.3, 3, seed: 7) },
        UnaryCase(op: .reciprocal) { awayFromZero([2, 3], 0.5, 2, seed: 8) },
        UnaryCase(op: .tanh) { uniform([2, 3], seed: 9) },
        UnaryCase(op: .sigmoid) { uniform([2, 3], -3, 3, seed: 10) },
        UnaryCase(op: .relu) { awayFromZero([2, 3], seed: 11) },
        UnaryCase(op: .softplus) { uniform([2, 3], -3, 3, seed: 12) },
        UnaryCase(op: .sin) { uniform([2, 3], -3, 3, seed: 13) },
        UnaryCase(op: .cos) { uniform([2, 3], -3, 3, seed: 14) },
        UnaryCase(op: .erf) { uniform([2, 3], seed: 15) },
        UnaryCase(op: .log1p) { uniform([2, 3], -0.5, 2, seed: 16) },
        UnaryCase(op: .expm1) { uniform([2, 3], seed: 17) },
    ]

    /// Ops whose derivative is zero almost everywhere (or that are not numeric): no backward rule.
    static let piecewiseConstant: Set<UnaryOp> = [.sign, .floor, .ceil, .round, .logicalNot]

    @Test("unary op gradient", arguments: unaryCases)
    func unary(_ c: UnaryCase) {
        checkGradients(c.op.rawValue, { $0[0].unary(c.op) }, inputs: [c.input()])
    }

    @Test func everyDifferentiableUnaryOpIsChecked() {
        let checked = Set(Self.unaryCases.map(\.op))
        #expect(checked == Set(UnaryOp.allCases).subtracting(Self.piecewiseConstant))
    }

    @Test("piecewise-constant ops pass no gradient", arguments: [UnaryOp.sign, .floor, .ceil, .round])
    func piecewiseConstantGradientIsZero(_ op: UnaryOp) throws {
        try onReference {
            let x = Tensor([-1.7, -0.2, 0.4, 2.6]).requiringGradient()
            let loss = (x.unary(op) * x).sum()  // only the `* x` path carries a gradient
            let g = try gradients(of: loss, wrt: [x])[0]
            expectClose(g, x.unary(op).scalars())
        }
    }

    @Test func namedMethodsAndScalarOperators() {
        checkGradients("scalar operators", { x in
            let a = x[0]
            return (2 * a - 1) / 3 + (1 - a) * 0.5 + 4 / (a * a + 1) - (a - 2) + (a + 2)
        }, inputs: [uniform([3, 2], seed: 21)])
        checkGradients("method chain", { x in
            x[0].squared().exp().log().sqrt().tanh().sigmoid().softplus().sin().cos().erf().expm1().log1p()
        }, inputs: [uniform([5], 0.2, 1, seed: 22)])
        checkGradients("pow(Float)", { $0[0].pow(3) }, inputs: [uniform([2, 3], -2, 2, seed: 23)])
        checkGradients("pow(0.5)", { $0[0].pow(0.5) }, inputs: [uniform([4], 0.3, 2, seed: 24)])
        checkGradients("clipped", { $0[0].clipped(min: -0.5, max: 0.5) },
                       inputs: [Tensor([-1.2, -0.3, 0.1, 0.45, 0.9, 2], on: reference)])
    }

    // MARK: Binary ops

    static let arithmetic: [BinaryOp] = [.add, .sub, .mul, .div, .pow, .maximum, .minimum, .mod]

    @Test func everyArithmeticBinaryOpIsChecked() {
        let all = Set(BinaryOp.allCases.filter { !$0.isComparison })
        #expect(Set(Self.arithmetic) == all)
    }

    /// Operands inside each op's domain and away from its kinks, for any broadcast pair.
    static func operands(_ op: BinaryOp, _ p: ShapePair, seed: Int) -> (Tensor, Tensor) {
        switch op {
        case .div:
            return (uniform(p.a, seed: seed), awayFromZero(p.b, 0.5, 2, seed: seed + 1))
        case .pow:
            return (uniform(p.a, 0.5, 2, seed: seed), uniform(p.b, -1.5, 1.5, seed: seed + 1))
        case .maximum, .minimum:
            // a ∈ 0.25ℤ and b ∈ 0.25ℤ + 0.125, so |a - b| ≥ 0.125 for every broadcast pair.
            return (distinct(p.a, seed: seed), distinct(p.b, offset: 0.125, seed: seed + 1))
        case .mod:
            // b ∈ {±1, ±2, ±4} and a = 4n + r with r ∈ [0.1, 0.4]: a/b is never near an integer.
            let n = uniform(p.a, -2, 2, seed: seed).floor()
            let r = uniform(p.a, 0.1, 0.4, seed: seed + 1)
            let bits = uniform(p.b, 0, 3, seed: seed + 2).floor().scalars().map { Float(1 << Int($0)) }
            let signs = uniform(p.b, seed: seed + 3).scalars().map { $0 < 0 ? Float(-1) : 1 }
            return (n * 4 + r, Tensor(zip(bits, signs).map(*), shape: p.b, on: reference))
        default:
            return (uniform(p.a, seed: seed), uniform(p.b, seed: seed + 1))
        }
    }

    @Test("binary op gradient with broadcasting", arguments: arithmetic, broadcastPairs)
    func binary(_ op: BinaryOp, _ shapes: ShapePair) {
        let (a, b) = Self.operands(op, shapes, seed: 100 + 10 * Self.arithmetic.firstIndex(of: op)!)
        checkGradients("\(op.rawValue) \(shapes.testDescription)", { $0[0].binary(op, $0[1]) }, inputs: [a, b])
    }

    @Test func binaryGradientWithOnlyOneTrainableOperand() {
        // Exercises the `needs` flags: the constant side gets no gradient computed.
        let c = uniform([3, 1], 0.5, 2, seed: 31)
        checkGradients("div by constant", { $0[0] / c }, inputs: [uniform([2, 3, 4], seed: 32)])
        checkGradients("constant div", { c / $0[0] }, inputs: [awayFromZero([4], 0.5, 2, seed: 33)])
        checkGradients("constant pow", { c.pow($0[0]) }, inputs: [uniform([2, 3, 4], -1, 1, seed: 34)])
        checkGradients("constant mod", { Tensor([5.3, -2.6, 7.7], shape: [3, 1], on: reference).mod($0[0]) },
                       inputs: [Tensor([2, -4, 1], on: reference)])
    }

    @Test func powOfNegativeBaseHasZeroExponentGradient() throws {
        try onReference {
            let a = Tensor([-2, 3]).requiringGradient(), b = Tensor([2, 2]).requiringGradient()
            let g = try gradients(of: a.pow(b).sum(), wrt: [a, b])
            expectClose(g[0], [-4, 6])
            expectClose(g[1], [0, 9 * 1.0986123])  // 3²·ln 3
        }
    }

    @Test func maximumTieGoesToTheFirstOperand() throws {
        try onReference {
            let a = Tensor([1, 2, 3]).requiringGradient(), b = Tensor([1, 5, 0]).requiringGradient()
            let gmax = try gradients(of: a.maximum(b).sum(), wrt: [a, b])
            expectClose(gmax[0], [1, 0, 1])
            expectClose(gmax[1], [0, 1, 0])
            let gmin = try gradients(of: a.minimum(b).sum(), wrt: [a, b])
            expectClose(gmin[0], [1, 1, 0])
            expectClose(gmin[1], [0, 0, 1])
        }
    }

    // MARK: where

    @Test func whereGradient() {
        let mask: [Bool] = (0..<24).map { $0 % 3 != 1 }
        let cond = Tensor(mask, shape: [2, 3, 4], on: reference)
        checkGradients("where same shape", { Tensor.where(cond, $0[0], $0[1]) },
                       inputs: [uniform([2, 3, 4], seed: 41), uniform([2, 3, 4], seed: 42)])
        checkGradients("where broadcast b", { Tensor.where(cond, $0[0], $0[1]) },
                       inputs: [uniform([2, 3, 4], seed: 43), uniform([3, 1], seed: 44)])
        checkGradients("where scalar b", { Tensor.where(cond, $0[0], $0[1]) },
                       inputs: [uniform([4], seed: 45), uniform([], seed: 46)])
        let rowCond = Tensor([true, false, true], shape: [3, 1], on: reference)
        checkGradients("where broadcast condition", { Tensor.where(rowCond, $0[0], $0[1]) },
                       inputs: [uniform([2, 3, 4], seed: 47), uniform([2, 3, 4], seed: 48)])
        checkGradients("where float condition", { x in
            Tensor.where(x[0].greater(0), x[0], x[0] * 0.1)  // leaky relu
        }, inputs: [awayFromZero([3, 4], seed: 49)])
    }
}
