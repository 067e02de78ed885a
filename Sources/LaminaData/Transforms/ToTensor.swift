import LaminaCore

extension Transforms {
    /// uint8 ``Image`` `H × W × C` → float32 ``Tensor`` `[H, W, C]` with values in [0, 1]
    /// (torchvision `ToTensor` divides the same way but also moves channels first; Lamina is
    /// channels-last like Keras).
    public struct ToTensor: Transform {
        public init() {}
        public func apply(_ input: Image, context: SampleContext) throws -> Tensor {
            Tensor(input.pixels.map { Float($0) / 255 }, shape: [input.height, input.width, input.channels])
        }
    }

    /// `(x − mean[c]) / std[c]` per channel of a float `[H, W, C]` tensor (torchvision `Normalize`).
    /// A single mean or std applies to every channel.
    /// - Throws: ``DataError`` if the channel count does not match `mean`/`std`.
    public struct Normalize: Transform {
        public let mean: [Float]
        public let std: [Float]

        public init(mean: [Float], std: [Float]) { self.mean = mean; self.std = std }

        public func apply(_ input: Tensor, context: SampleContext) throws -> Tensor {
            let c = input.shape.last ?? 1
            guard mean.count == 1 || mean.count == c, std.count == 1 || std.count == c else {
                throw DataError("Normalize", "sample \(context.index) has \(c) channels (shape \(input.shape)) but mean has \(mean.count) and std \(std.count) values")
            }
            guard std.allSatisfy({ $0 != 0 }) else { throw DataError("Normalize", "std must not contain 0, got \(std)") }
            var v = input.scalars()
            for i in v.indices {
                let k = i % c
                v[i] = (v[i] - mean[mean.count == 1 ? 0 : k]) / std[std.count == 1 ? 0 : k]
            }
            return Tensor(v, shape: input.shape, on: input.backend)
        }
    }
}
