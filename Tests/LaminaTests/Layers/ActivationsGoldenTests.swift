import Lamina
import Testing

/// Every Keras activation against real Keras: values and derivatives on a grid of inputs
/// (negatives, zero, large magnitudes), written by Scripts/golden/layers.py (Keras 3, JAX).
@Suite struct ActivationsGoldenTests {
    static let fixture = try! Fixture("activations")

    /// The Swift activation for a Keras function name and its arguments.
    static func activation(_ name: String, _ args: [String: JSONValue]) throws -> Activation {
        let f = { (k: String) in args[k]?.float }
        switch name {
        case "relu" where !args.isEmpty:
            return .relu(negativeSlope: f("negative_slope") ?? 0, maxValue: f("max_value"), threshold: f("threshold") ?? 0)
        case "leaky_relu" where !args.isEmpty: return .leakyRelu(negativeSlope: f("negative_slope")!)
        case "elu" where !args.isEmpty: return .elu(alpha: f("alpha")!)
        case "celu" where !args.isEmpty: return .celu(alpha: f("alpha")!)
        case "gelu" where !args.isEmpty: return .gelu(approximate: args["approximate"]?.bool ?? false)
        case "soft_shrink" where !args.isEmpty: return .softShrink(threshold: f("threshold")!)
        case "hard_shrink" where !args.isEmpty: return .hardShrink(threshold: f("threshold")!)
        case "squareplus" where !args.isEmpty: return .squareplus(b: f("b")!)
        case "threshold": return .threshold(f("threshold")!, defaultValue: f("default_value")!)
        case "softmax": return .softmax(axis: args["axis"]!.int!)
        case "log_softmax": return .logSoftmax(axis: args["axis"]!.int!)
        case "glu": return .glu(axis: args["axis"]!.int!)
        case "sparsemax": return .sparsemax(axis: args["axis"]!.int!)
        default: return try .named(name)
        }
    }

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == "Scripts/golden/layers.py")
    }

    @Test(arguments: fixture.cases.indices)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let name = try #require(c["name"]?.string)
        let args = c["args"]?.object ?? [:]
        let what = "Scripts/golden/layers.py activation \(name)\(args.isEmpty ? "" : " \(JSONValue.object(args))")"
        let act = try Self.activation(name, args)
        let x = try c.tensor("x").requiringGradient()
        let y = act(x)
        expectClose(y, try c.tensor("y"), rtol: 1e-5, atol: 1e-6, "\(what): value")
        let loss = c["weighting"] == nil ? y.sum() : (y * (try c.tensor("weighting"))).sum()
        let dy = try gradients(of: loss, wrt: [x])[0]
        expectClose(dy, try c.tensor("dy"), rtol: 1e-5, atol: 1e-6, "\(what): derivative")
    }

    @Test func namesAreKerasNames() throws {
        #expect(try Activation.named("swish").name == "silu")
        #expect(try Activation.named("hard_swish").name == "hard_silu")
        #expect(try Activation.named(nil).name == "linear")
        for n in Activation.knownNames where n != "swish" && n != "hard_swish" {
            #expect(try Activation.named(n).name == n)
        }
        let unknown = #expect(throws: LaminaError.self) { try Activation.named("relu7") }
        #expect(unknown?.message.contains("relu7") == true)
        #expect(unknown?.kind == .unknownName)
        #expect(throws: LaminaError.self) { try Activation.named("threshold") }
    }
}
