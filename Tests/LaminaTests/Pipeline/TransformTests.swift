import Lamina
import Testing

/// The pipeline transforms: Resize, CenterCrop, RandomCrop, RandomHorizontalFlip, ToTensor, Normalize.
@Suite struct TransformTests {
    let context = SampleContext(index: 0, epoch: 0)
    static func grid(_ h: Int, _ w: Int) -> Tensor { Tensor((0..<(h * w)).map(Float.init), shape: [h, w, 1]) }

    @Test func resizeBilinearHalfPixel() throws {
        // 2 → 4 upsampling: samples at −0.25 (clamped), 0.25, 0.75, 1.25 (clamped): torchvision's
        // F.interpolate(bilinear, align_corners=False) gives [0, 0.25, 0.75, 1] for [0, 1].
        let x = Tensor([0, 1], shape: [1, 2, 1])
        #expect(try Transforms.Resize<Tensor>(height: 1, width: 4).apply(x, context: context).scalars() == [0, 0.25, 0.75, 1])
        // 4 → 2 downsampling without antialias: samples at 0.5 and 2.5.
        let y = Tensor([0, 1, 2, 3], shape: [1, 4, 1])
        #expect(try Transforms.Resize<Tensor>(height: 1, width: 2).apply(y, context: context).scalars() == [0.5, 2.5])
        #expect(try Transforms.Resize<Tensor>(height: 1, width: 2, interpolation: .nearest).apply(y, context: context).scalars() == [1, 3])
        let im = try Image(height: 1, width: 2, channels: 1, pixels: [0, 255])
        #expect(try Transforms.Resize<Image>(height: 1, width: 4).apply(im, context: context).pixels == [0, 64, 191, 255])
    }

    @Test func centerCropAndPadding() throws {
        let x = Self.grid(5, 5)
        #expect(try Transforms.CenterCrop<Tensor>(height: 3, width: 3).apply(x, context: context).scalars() == [6, 7, 8, 11, 12, 13, 16, 17, 18])
        let padded = try Transforms.CenterCrop<Tensor>(height: 3, width: 7).apply(Self.grid(1, 1), context: context)
        #expect(padded.shape == [3, 7, 1] && padded.scalars().reduce(0, +) == 0)
    }

    @Test func randomCropWithPaddingIsAWindowOfThePaddedImage() throws {
        let x = Self.grid(4, 4)
        let crop = Transforms.RandomCrop<Tensor>(height: 4, width: 4, padding: 2, seed: 3)
        var seen = Set<[Float]>()
        for i in 0..<40 {
            let y = try crop.apply(x, context: SampleContext(index: i, epoch: 0))
            #expect(y.shape == [4, 4, 1])
            seen.insert(y.scalars())
            #expect(try crop.apply(x, context: SampleContext(index: i, epoch: 0)).scalars() == y.scalars(), "deterministic per sample")
        }
        #expect(seen.count > 5)
        #expect(throws: DataError.self) { try Transforms.RandomCrop<Tensor>(height: 9, width: 9, padding: 2).apply(x, context: context) }
    }

    @Test func flipToTensorNormalize() throws {
        let x = Self.grid(1, 3)
        let flip = Transforms.RandomHorizontalFlip<Tensor>(probability: 1, seed: 1)
        #expect(try flip.apply(x, context: context).scalars() == [2, 1, 0])
        #expect(try Transforms.RandomHorizontalFlip<Tensor>(probability: 0).apply(x, context: context).scalars() == [0, 1, 2])
        let im = try Image(height: 1, width: 1, channels: 3, pixels: [0, 51, 255])
        let t = try Transforms.ToTensor().apply(im, context: context)
        #expect(t.shape == [1, 1, 3] && t.scalars() == [0, 0.2, 1])
        let n = try Transforms.Normalize(mean: [0, 0.2, 0.5], std: [1, 0.5, 0.25]).apply(t, context: context)
        #expect(n.scalars() == [0, 0, 2])
        #expect(throws: DataError.self) { try Transforms.Normalize(mean: [0, 0], std: [1, 1]).apply(t, context: context) }
    }
}
