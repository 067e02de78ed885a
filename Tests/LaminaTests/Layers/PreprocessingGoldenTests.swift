import Lamina
import Testing

/// The Keras image preprocessing layers against real Keras (JAX backend), written by
/// Scripts/golden/preprocessing.py: Resizing, CenterCrop, and the geometry of RandomRotation,
/// RandomZoom, RandomTranslation and RandomBrightness with a fixed factor, plus
/// `keras.ops.image.affine_transform` for every fill mode and interpolation.
@Suite struct PreprocessingGoldenTests {
    static let fixture = try! Fixture("preprocessing")

    @Test func fixtureComesFromTheScript() {
        #expect(Self.fixture.generator == "Scripts/golden/preprocessing.py")
        #expect(Self.fixture.cases.count >= 30)
    }

    static func layer(_ kind: String, _ a: [String: JSONValue]) throws -> Layer? {
        let s = { (k: String) in a[k]?.string ?? "" }, f = { (k: String) in a[k]?.float ?? 0 }
        switch kind {
        case "Resizing": return try Resizing(height: a["height"]!.int!, width: a["width"]!.int!, interpolation: s("interpolation"),
                                             cropToAspectRatio: a["crop_to_aspect_ratio"]?.bool ?? false)
        case "CenterCrop": return try CenterCrop(height: a["height"]!.int!, width: a["width"]!.int!)
        case "RandomRotation": return try RandomRotation(factor: (f("factor"), f("factor")), fillMode: s("fill_mode"),
                                                         interpolation: s("interpolation"), fillValue: f("fill_value"))
        case "RandomZoom": return try RandomZoom(heightFactor: (f("height_factor"), f("height_factor")),
                                                 widthFactor: (f("width_factor"), f("width_factor")), fillMode: s("fill_mode"))
        case "RandomTranslation": return try RandomTranslation(heightFactor: (f("height_factor"), f("height_factor")),
                                                               widthFactor: (f("width_factor"), f("width_factor")), fillMode: s("fill_mode"))
        case "RandomBrightness": return try RandomBrightness(factor: (f("factor"), f("factor")))
        default: return nil
        }
    }

    @Test(arguments: fixture.cases.indices)
    func matchesKeras(_ index: Int) throws {
        let c = Self.fixture.cases[index]
        let kind = try #require(c["kind"]?.string), args = c["args"]?.object ?? [:]
        let what = "Scripts/golden/preprocessing.py \(kind) \(JSONValue.object(args))"
        let x = try c.tensor("x"), expected = try c.tensor("y")
        if kind == "affine_transform" {
            let m = args["matrix"]!.array!.map { $0.float! }
            let interp = ImageKernels.Interpolation(rawValue: args["interpolation"]!.string!)!
            let mode = ImageKernels.FillMode(rawValue: args["fill_mode"]!.string!)!
            let (n, h, w, ch) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let v = x.scalars(), size = h * w * ch
            var out: [Float] = []
            for i in 0..<n {
                out += ImageKernels.affine(Array(v[i * size..<(i + 1) * size]), height: h, width: w, channels: ch, matrix: m,
                                           interpolation: interp, fillMode: mode, fillValue: args["fill_value"]!.float!)
            }
            expectClose(Tensor(out, shape: x.shape), expected, rtol: 1e-4, atol: 2e-3, what)
            return
        }
        let layer = try #require(try Self.layer(kind, args))
        let training = kind.hasPrefix("Random")
        expectClose(try layer(x, training: training), expected, rtol: 1e-4, atol: 2e-3, what)
        // Output shapes agree with the computed shape.
        let shape = try layer.computeOutputShape([[nil, x.shape[1], x.shape[2], x.shape[3]]])[0]
        #expect(Array(shape.dropFirst()) == expected.shape.dropFirst().map { Optional($0) }, "\(what): computeOutputShape")
    }
}
