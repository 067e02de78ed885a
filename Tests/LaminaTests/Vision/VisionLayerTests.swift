import Lamina
import Testing

/// Behaviour of the vision layers that the Keras goldens (VisionGoldenTests) do not pin down.
@Suite struct VisionLayerTests {
    @Test func everyVisionLayerIsRegistered() {
        for name in ["Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D",
                     "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
                     "GlobalMaxPooling1D", "GlobalMaxPooling2D", "BatchNormalization", "ZeroPadding2D", "Cropping2D",
                     "UpSampling2D", "SpatialDropout2D"] {
            #expect(LayerRegistry.classNames.contains(name), "\(name)")
        }
    }

    @Test func batchNormUpdatesMovingStatisticsInPlaceAndFrozenUsesThem() throws {
        let bn = BatchNormalization(momentum: 0.5)
        let x = Tensor([1, 10, 3, 20, 5, 30] as [Float], shape: [3, 2])
        _ = try bn(x)
        let mean = try #require(bn.movingMean), variance = try #require(bn.movingVariance)
        _ = try bn(x, training: true)
        #expect(bn.movingMean === mean)
        #expect(mean.value.scalars() == [1.5, 10])              // 0·0.5 + [3, 20]·0.5
        let v = variance.value.scalars()
        #expect(abs(v[0] - (0.5 + 8.0 / 3 * 0.5)) < 1e-5 && abs(v[1] - (0.5 + 200.0 / 3 * 0.5)) < 1e-4)

        bn.trainable = false                                     // Keras 3: frozen BN runs in inference mode
        let y = try bn(x, training: true).scalars()
        #expect(mean.value.scalars() == [1.5, 10])
        let expected0 = (1 - 1.5) / (v[0] + 1e-3).squareRoot()
        #expect(abs(y[0] - expected0) < 1e-5)
    }

    @Test func spatialDropoutDropsWholeChannels() throws {
        let layer = try SpatialDropout2D(0.5, seed: 3)
        let x = Tensor.ones([4, 3, 3, 8])
        #expect(try layer(x).scalars() == x.scalars())
        let y = try layer(x, training: true).scalars()
        for n in 0..<4 {
            for c in 0..<8 {
                let column = (0..<9).map { y[(n * 9 + $0) * 8 + c] }
                #expect(Set(column).count == 1 && (column[0] == 0 || column[0] == 2))
            }
        }
    }

    @Test func causalConv1DNeverLooksAhead() throws {
        let conv = try Conv1D(1, kernelSize: 3, padding: "causal", dilationRate: 2, kernelInitializer: Initializers.ones)
        let x = Tensor((0..<8).map { Float($0 == 5 ? 1 : 0) }, shape: [1, 8, 1])
        #expect(try conv(x).scalars() == [0, 0, 0, 0, 0, 1, 0, 1])
    }

    @Test func outputShapesWithUnknownDimensions() throws {
        #expect(try Conv2D(4, 3, strides: 2, padding: "same").computeOutputShape([[nil, nil, 9, 3]]) == [[nil, nil, 5, 4]])
        #expect(try Conv2DTranspose(2, kernelSize: [3, 3], strides: [2, 2]).computeOutputShape([[nil, 4, nil, 3]]) == [[nil, 9, nil, 2]])
        #expect(try GlobalAveragePooling2D(keepdims: true).computeOutputShape([[nil, 5, 5, 3]]) == [[nil, 1, 1, 3]])
        #expect(try UpSampling2D(size: [2, 3]).computeOutputShape([[nil, 4, 5, 2]]) == [[nil, 8, 15, 2]])
        #expect(try Cropping2D(cropping: [[1, 0], [2, 1]]).computeOutputShape([[nil, 6, 6, 2]]) == [[nil, 5, 3, 2]])
    }
}
