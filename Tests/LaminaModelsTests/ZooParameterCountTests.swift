import LaminaModels
import Testing

/// Parameter counts and symbolic output shapes of the model zoo, equal to Keras's for the same
/// configuration (`keras.applications` where it exists; the numbers are printed by
/// `Scripts/compare/zoo_params.py`). No forward pass here: the big models are only built.
@Suite(.serialized) struct ModelZooParameterCountTests {
    @Test func resNet50MatchesKerasApplication() throws {
        let model = try ResNet50()
        #expect(model.countParams() == 25_636_712)
        #expect(model.outputs[0].shape == [nil, 1000])
        let noTop = try ResNet50(includeTop: false, inputShape: [64, 64, 3])
        #expect(noTop.countParams() == 23_587_712)
        #expect(noTop.outputs[0].shape == [nil, 2, 2, 2048])
        #expect(try ResNet50(includeTop: false, inputShape: [64, 64, 3], pooling: .avg).outputs[0].shape == [nil, 2048])
    }

    @Test func vgg16MatchesKerasApplication() throws {
        do {
            let model = try VGG16()   // ~550 MB of weights, released at the end of this scope
            #expect(model.countParams() == 138_357_544)
            #expect(model.outputs[0].shape == [nil, 1000])
        }
        let noTop = try VGG16(includeTop: false, inputShape: [32, 32, 3])
        #expect(noTop.countParams() == 14_714_688)
        #expect(noTop.outputs[0].shape == [nil, 1, 1, 512])
    }

    @Test func vgg11MatchesKeras() throws {
        let model = try VGG11()
        #expect(model.countParams() == 132_863_336)
        #expect(model.outputs[0].shape == [nil, 1000])
    }

    @Test func mobileNetMatchesKerasApplication() throws {
        let model = try MobileNet()
        #expect(model.countParams() == 4_253_864)
        #expect(model.outputs[0].shape == [nil, 1000])
        #expect(model.name == "mobilenet_1.00_224")
        let small = try MobileNet(inputShape: [32, 32, 3], alpha: 0.5, classes: 10)
        #expect(small.countParams() == 834_666)
        #expect(small.outputs[0].shape == [nil, 10])
    }

    @Test func mobileNetV2MatchesKerasApplication() throws {
        let model = try MobileNetV2()
        #expect(model.countParams() == 3_538_984)
        #expect(model.outputs[0].shape == [nil, 1000])
        #expect(model.name == "mobilenetv2_1.00_224")
        #expect(try MobileNetV2(inputShape: [32, 32, 3], alpha: 0.5, classes: 10).countParams() == 719_034)
        #expect(try MobileNetV2(inputShape: [96, 96, 3], alpha: 1.4).countParams() == 6_156_712)
    }

    @Test func inceptionV3MatchesKerasApplication() throws {
        let model = try InceptionV3()
        #expect(model.countParams() == 23_851_784)
        #expect(model.outputs[0].shape == [nil, 1000])
        let noTop = try InceptionV3(includeTop: false, inputShape: [75, 75, 3])
        #expect(noTop.countParams() == 21_802_784)
        #expect(noTop.outputs[0].shape == [nil, 1, 1, 2048])
    }

    @Test func resNet18MatchesKerasBuild() throws {
        let model = try ResNet18()
        #expect(model.countParams() == 11_699_112)   // 11,689,512 trainable + 9,600 moving statistics
        #expect(model.trainableWeights.reduce(0) { $0 + $1.value.shape.reduce(1, *) } == 11_689_512)
        #expect(model.outputs[0].shape == [nil, 1000])
    }

    @Test func cifarResNetsMatchKerasBuild() throws {
        #expect(try ResNet20().countParams() == 274_042)
        #expect(try ResNet56().countParams() == 860_026)
        #expect(try ResNet20().outputs[0].shape == [nil, 10])
        #expect(throws: LaminaError.self) { try CIFARResNet(depth: 21) }
    }

    @Test func smallModelsMatchKerasBuild() throws {
        #expect(try SimpleCNN().countParams() == 693_962)
        #expect(try SmallInception().countParams() == 1_654_538)
        #expect(try SmallInception().outputs[0].shape == [nil, 10])
    }

    @Test func badArgumentsThrow() {
        #expect(throws: LaminaError.self) { try ResNet50(inputShape: [16, 16, 3]) }
        #expect(throws: LaminaError.self) { try InceptionV3(inputShape: [64, 64, 3]) }
        #expect(throws: LaminaError.self) { try MobileNet(alpha: 0) }
        #expect(throws: LaminaError.self) { try SimpleCNN(classes: 0) }
        #expect(throws: LaminaError.self) { try VGG16(inputShape: [224, 224]) }
    }
}
