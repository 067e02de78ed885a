import Lamina
import Testing

/// Invariants and statistics of the random image preprocessing layers (the deterministic
/// geometry is checked against Keras in PreprocessingGoldenTests).
@Suite struct PreprocessingLayersTests {
    static func images(_ n: Int = 8, _ h: Int = 6, _ w: Int = 7, _ c: Int = 3) -> Tensor {
        Tensor((0..<(n * h * w * c)).map { Float(($0 * 37) % 256) }, shape: [n, h, w, c])
    }

    static func randomLayers() throws -> [Layer] {
        [try RandomFlip(seed: 1), try RandomRotation(factor: 0.2, seed: 2), try RandomZoom(heightFactor: 0.3, seed: 3),
         try RandomTranslation(heightFactor: 0.2, widthFactor: 0.2, seed: 4), try RandomContrast(factor: 0.5, seed: 5),
         try RandomBrightness(factor: 0.3, seed: 6)]
    }

    @Test func randomLayersAreIdentityAtInference() throws {
        let x = Self.images()
        for layer in try Self.randomLayers() {
            expectClose(try layer(x, training: false), x, rtol: 0, atol: 0, "\(layer.className) at inference")
        }
    }

    @Test func randomLayersChangeImagesInTrainingAndAreSeeded() throws {
        let x = Self.images()
        for (a, b) in zip(try Self.randomLayers(), try Self.randomLayers()) {
            let ya = try a(x, training: true), yb = try b(x, training: true)
            #expect(ya.shape == x.shape, "\(a.className) keeps the shape")
            #expect(ya.scalars() == yb.scalars(), "\(a.className): same seed, same output")
            #expect(ya.scalars() != x.scalars(), "\(a.className) changes some image in training")
        }
    }

    @Test func randomFlipFlipsAboutHalfTheImagesExactly() throws {
        let x = Self.images(200, 2, 3, 1)
        let y = try RandomFlip(mode: "horizontal", seed: 9)(x, training: true)
        let xs = x.scalars(), ys = y.scalars()
        var flipped = 0
        for i in 0..<200 {
            let a = Array(xs[i * 6..<(i + 1) * 6]), b = Array(ys[i * 6..<(i + 1) * 6])
            let mirror = [a[2], a[1], a[0], a[5], a[4], a[3]]
            #expect(b == a || b == mirror, "image \(i) is either unchanged or mirrored")
            if b == mirror && b != a { flipped += 1 }
        }
        #expect(flipped > 70 && flipped < 130, "about half flipped: \(flipped)")
    }

    @Test func randomContrastKeepsChannelMeansAndStaysInRange() throws {
        let values: [Float] = (0..<200).map { (i: Int) -> Float in Float(100 + (i * 13) % 50) }
        let x = Tensor(values, shape: [4, 5, 5, 2])
        let y = try RandomContrast(factor: 0.5, seed: 3)(x, training: true)
        expectClose(y.mean(axes: [1, 2]), x.mean(axes: [1, 2]), rtol: 1e-4, atol: 1e-3, "contrast keeps per-image channel means")
        #expect(y.scalars().allSatisfy { $0 >= 0 && $0 <= 255 })
        let clipped = try RandomBrightness(factor: (0.9, 0.9), seed: 1)(x, training: true)
        #expect(clipped.scalars().allSatisfy { $0 == 255 }, "brightness clips to value_range")
    }

    @Test func randomCropCropsAWindowInTrainingAndResizesAtInference() throws {
        let x = Self.images(2, 8, 9, 1)
        let layer = try RandomCrop(height: 4, width: 5, seed: 2)
        let y = try layer(x, training: true)
        #expect(y.shape == [2, 4, 5, 1])
        // The crop is a contiguous window of the input (same offset for the batch).
        let xs = x.scalars(), ys = y.scalars()
        func matches(_ top: Int, _ left: Int) -> Bool {
            for r in 0..<4 { for c in 0..<5 where ys[r * 5 + c] != xs[(top + r) * 9 + left + c] { return false } }
            return true
        }
        var found = false
        for top in 0...4 { for left in 0...4 where matches(top, left) { found = true } }
        #expect(found)
        #expect(try layer(x, training: false).shape == [2, 4, 5, 1])
    }

    @Test func badArgumentsThrow() {
        #expect(throws: LaminaError.self) { try Resizing(height: 0, width: 3) }
        #expect(throws: LaminaError.self) { try Resizing(height: 3, width: 3, interpolation: "bicubic") }
        #expect(throws: LaminaError.self) { try RandomFlip(mode: "diagonal") }
        #expect(throws: LaminaError.self) { try RandomRotation(factor: 0.1, fillMode: "mirror") }
        #expect(throws: LaminaError.self) { try RandomZoom(heightFactor: (-1.5, 0)) }
        #expect(throws: LaminaError.self) { try Resizing(height: 2, width: 2)(Tensor.zeros([4, 4])) }
    }

    @Test func registryRebuildsTheLayers() throws {
        for layer in try Self.randomLayers() + [try Resizing(height: 3, width: 4, cropToAspectRatio: true), try CenterCrop(height: 2, width: 2),
                                               try RandomCrop(height: 2, width: 2, seed: 1)] {
            let rebuilt = try LayerRegistry.layer(className: layer.className, config: layer.fullConfig)
            #expect(rebuilt.className == layer.className)
            #expect(rebuilt.config == layer.config, "\(layer.className) config round-trips")
        }
    }

    @Test func worksInsideASequentialModel() throws {
        let model = try Sequential([try RandomFlip(seed: 1), try Resizing(height: 4, width: 4), try Flatten(), Dense(2)], input: Input(shape: [6, 7, 3]))
        #expect(try model.predict(Self.images()).shape == [8, 2])
    }
}
