import Testing
import Lamina

/// Automatic names follow Keras's `to_snake_case` (keras/src/utils/naming.py); the expected
/// strings are what Keras 3.15.1 prints for these classes.
@Suite struct NamingTests {
    @Test func snakeCaseMatchesKeras() {
        let cases = ["Conv2D": "conv2d", "GlobalAveragePooling2D": "global_average_pooling2d",
                     "Conv2DTranspose": "conv2d_transpose", "BatchNormalization": "batch_normalization",
                     "LSTMCell": "lstm_cell", "GRU": "gru", "PReLU": "p_re_lu", "RMSprop": "rm_sprop",
                     "MultiHeadAttention": "multi_head_attention", "UpSampling2D": "up_sampling2d"]
        for (cls, expected) in cases { #expect(kerasSnakeCase(cls) == expected, "\(cls)") }
    }

    @Test func layersGetKerasAutomaticNames() throws {
        // Other tests create layers concurrently, so only the base of the name is fixed.
        let conv = try Conv2D(4, 3)
        #expect(conv.name == "conv2d" || conv.name.hasPrefix("conv2d_"), "\(conv.name)")
        let pool = GlobalAveragePooling2D()
        #expect(pool.name.hasPrefix("global_average_pooling2d"), "\(pool.name)")
    }
}
