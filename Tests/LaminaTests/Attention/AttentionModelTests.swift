import Lamina
import Testing

/// A token lookup (an Embedding stand-in, by `Tensor.gather`) for the model tests.
private final class TokenLookup: Layer {
    let vocabulary: Int, features: Int
    var table: Variable?
    init(vocabulary: Int, features: Int) { self.vocabulary = vocabulary; self.features = features; super.init(name: nil) }
    override func build(_ inputShapes: [[Int?]]) throws {
        table = addWeight(name: "embeddings", shape: [vocabulary, features], initializer: RandomUniformForTests())
    }
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { table!.value.gather(input.cast(to: .int32), axis: 0) }
    override func computeOutputShape(_ s: [[Int?]]) throws -> [[Int?]] { [s[0] + [features]] }
}

private struct RandomUniformForTests: Initializer {
    func callAsFunction(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: -0.5, high: 0.5, seed: 7) }
    var className: String { "RandomUniform" }
    var config: [String: JSONValue] { [:] }
}

/// Mean over the time axis.
private final class MeanOverTime: Layer {
    override func call(_ input: Tensor, training: Bool) throws -> Tensor { input.mean(axis: 1) }
    override func computeOutputShape(_ s: [[Int?]]) throws -> [[Int?]] { [[s[0][0], s[0][2]]] }
}

@Suite struct AttentionModelTests {
    /// Token ids and an attention mask → lookup → MultiHeadAttention → mean → Dense(2, softmax):
    /// the class is whether token 1 occurs among the unmasked tokens.
    @Test func tinyTransformerClassifierTrains() throws {
        let ids = Input(shape: [6], dtype: .int32, name: "ids"), maskIn = Input(shape: [6, 6], dtype: .int32, name: "mask")
        let h = try TokenLookup(vocabulary: 5, features: 8)(ids)
        let a = try MultiHeadAttention(numHeads: 2, keyDim: 4, name: "mha")([h, h, h, maskIn])[0]
        let out = try Dense(2, activation: .softmax)(try MeanOverTime()(a))
        let model = try Model(inputs: [ids, maskIn], outputs: [out])

        var tokens: [Int32] = [], masks: [Int32] = [], labels: [Int32] = []
        var state: UInt32 = 12345
        func next(_ n: UInt32) -> UInt32 { state = state &* 1_664_525 &+ 1_013_904_223; return (state >> 16) % n }
        for _ in 0..<64 {
            let length = 3 + Int(next(4))
            let row = (0..<6).map { i in i < length ? Int32(next(5)) : 0 }
            tokens += row
            for _ in 0..<6 { masks += (0..<6).map { $0 < length ? 1 : 0 } }
            labels.append(row.prefix(length).contains(1) ? 1 : 0)
        }
        let x = [Tensor(tokens, shape: [64, 6]), Tensor(masks, shape: [64, 6, 6])]
        let y = Tensor(labels, shape: [64])
        try model.compile(optimizer: Adam(learningRate: 0.02), loss: "sparse_categorical_crossentropy")
        let history = try model.fit(x, [y], batchSize: 16, epochs: 15, verbose: 0)
        let loss = try #require(history.history["loss"])
        #expect(loss.last! < loss.first! * 0.8, "loss \(loss)")
        #expect(model.weights.count == 2 + 8 + 1 || model.weights.count == 11)
    }

    @Test func wrongMaskShapesThrowNamingTheLayer() throws {
        let mha = try MultiHeadAttention(numHeads: 2, keyDim: 3, name: "mha_probe")
        let q = Tensor.randomUniform([2, 3, 4], seed: 1), v = Tensor.randomUniform([2, 5, 4], seed: 2)
        let bad = Tensor.full(1, shape: [2, 5, 3], dtype: .bool)
        do {
            _ = try mha(query: q, value: v, attentionMask: bad)
            Issue.record("no error")
        } catch let e as LaminaError {
            #expect("\(e)".contains("mha_probe") && "\(e)".contains("(2, 5, 3)") && "\(e)".contains("(2, 3, 5)"), "\(e)")
        }
        let att = try Attention(name: "att_probe")
        do {
            _ = try att(query: q, value: v, valueMask: Tensor.full(1, shape: [2, 3], dtype: .bool))
            Issue.record("no error")
        } catch let e as LaminaError {
            #expect("\(e)".contains("att_probe") && "\(e)".contains("(2, 3)") && "\(e)".contains("(2, 5)"), "\(e)")
        }
        do {
            _ = try mha(query: q, value: v, queryMask: Tensor.full(1, shape: [2, 4], dtype: .bool))
            Issue.record("no error")
        } catch let e as LaminaError {
            #expect("\(e)".contains("mha_probe") && "\(e)".contains("(2, 4)"), "\(e)")
        }
    }

    @Test func transformerBlocksRunAndKeepShapes() throws {
        let x = Tensor.randomUniform([2, 5, 8], seed: 3), e = Tensor.randomUniform([2, 4, 8], seed: 4)
        let pad = Tensor([1, 1, 1, 0, 0, 1, 1, 1, 1, 1] as [Int32], shape: [2, 5])
        let enc = TransformerEncoder(intermediateDim: 16, numHeads: 2)
        let y = try enc(x + (try PositionEmbedding(sequenceLength: 10)(x)), paddingMask: pad)
        #expect(y.shape == [2, 5, 8])
        #expect(enc.sublayers.map(\.name).contains("self_attention_layer"))
        let dec = TransformerDecoder(intermediateDim: 16, numHeads: 2)
        let z = try dec(x + (try SinePositionEncoding()(x)), encoderSequence: e, decoderPaddingMask: pad)
        #expect(z.shape == [2, 5, 8])
        // Causal: the first position does not depend on later ones.
        let x2 = Tensor.concat([x.slice(axis: 1, 0..<1), x.slice(axis: 1, 1..<5) * 3], axis: 1)
        let z1 = try dec(x, encoderSequence: e, decoderPaddingMask: pad)
        let z2 = try dec(x2, encoderSequence: e, decoderPaddingMask: pad)
        expectClose(z2.slice(axis: 1, 0..<1), z1.slice(axis: 1, 0..<1), rtol: 1e-5, atol: 1e-5, "causal decoder")
        // LayerNormalization makes every position mean 0, variance ~1 (gamma 1, beta 0).
        let m = y.mean(axis: -1).scalars()
        #expect(m.allSatisfy { abs($0) < 1e-4 })
    }

    /// The blocks build all their sublayers with themselves, so the parameters count (and can be
    /// loaded or saved) before the first call: 4·(16·16+16) attention + 2·2·16 norms + 16·32+32 +
    /// 32·16+16 feedforward = 2,224 for the encoder; the decoder adds cross-attention and its norm.
    @Test func transformerBlocksCountParametersBeforeTheFirstCall() throws {
        let x = Input(shape: [5, 16])
        let encoder = TransformerEncoder(intermediateDim: 32, numHeads: 2)
        _ = try encoder(x)
        #expect(encoder.countParams() == 4 * (16 * 16 + 16) + 2 * 2 * 16 + (16 * 32 + 32) + (32 * 16 + 16))
        let decoder = TransformerDecoder(intermediateDim: 32, numHeads: 2)
        _ = try decoder([x, Input(shape: [3, 16])])
        #expect(decoder.countParams() == encoder.countParams() + 4 * (16 * 16 + 16) + 2 * 16)
        let before = encoder.countParams()
        _ = try encoder.callAsFunction(Tensor.zeros([1, 5, 16]))
        #expect(encoder.countParams() == before)
    }
}
