import LaminaCore

/// Keras's padding modes for convolution and pooling. `"same"` follows TensorFlow: the output
/// has `ceil(input / stride)` positions and an odd amount of padding puts the extra row or column
/// at the end. `"causal"` (1-D convolution only) pads the start by `dilation · (kernel - 1)`.
public enum ConvPadding: String, Sendable {
    case valid, same, causal
}

enum ConvArgs {
    /// An `n`-tuple of positive integers from a single value or a list (Keras `standardize_tuple`).
    static func tuple(_ v: [Int], _ n: Int, _ what: String, layer: String, allowZero: Bool = false) throws -> [Int] {
        let t = v.count == 1 ? Array(repeating: v[0], count: n) : v
        guard t.count == n, t.allSatisfy({ allowZero ? $0 >= 0 : $0 > 0 }) else {
            throw LaminaError.value("Layer \"\(layer)\": the `\(what)` argument must be a tuple of \(n) \(allowZero ? "non-negative" : "positive") integers. Received: \(what)=\(v)")
        }
        return t
    }

    static func padding(_ s: String, layer: String, allowCausal: Bool = false) throws -> ConvPadding {
        guard let p = ConvPadding(rawValue: s.lowercased()), allowCausal || p != .causal else {
            throw LaminaError.value("Layer \"\(layer)\": the `padding` argument must be one of \(allowCausal ? "\"valid\", \"same\", \"causal\"" : "\"valid\", \"same\""). Received: padding=\(s)")
        }
        return p
    }

    /// The window arguments of a convolution layer checked (as Keras's `BaseConv`): `kernel_size`,
    /// `strides` and `dilation_rate` as `rank`-tuples, then `padding`.
    static func window(kernelSize: [Int], strides: [Int], dilationRate: [Int], padding: String, rank: Int, layer: String,
                       allowCausal: Bool = false) throws -> (kernelSize: [Int], strides: [Int], dilationRate: [Int], padding: ConvPadding) {
        (try tuple(kernelSize, rank, "kernel_size", layer: layer), try tuple(strides, rank, "strides", layer: layer),
         try tuple(dilationRate, rank, "dilation_rate", layer: layer), try self.padding(padding, layer: layer, allowCausal: allowCausal))
    }

    static func dataFormat(_ s: String?, layer: String) throws {
        if let s, s != "channels_last" {
            throw LaminaError(.unsupported, "Layer \"\(layer)\": only data_format=\"channels_last\" is supported. Received: data_format=\(s)")
        }
    }

    /// Output length of a convolution or pooling along one axis (Keras `compute_conv_output_shape`).
    static func outputLength(_ input: Int?, kernel: Int, stride: Int, dilation: Int, padding: ConvPadding) -> Int? {
        guard let input else { return nil }
        let effective = (kernel - 1) * dilation + 1
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return input < effective ? 0 : (input - effective) / stride + 1
        case .causal: return (input - 1) / stride + 1
        }
    }

    /// The output lengths along the spatial axes of inputs `[batch, spatial…, channels]` (one per
    /// entry of `kernel`; dilation 1 when `dilation` is nil).
    static func outputLengths(_ shape: [Int?], kernel: [Int], strides: [Int], dilation: [Int]? = nil, padding: ConvPadding) -> [Int?] {
        kernel.indices.map { outputLength(shape[$0 + 1], kernel: kernel[$0], stride: strides[$0], dilation: dilation?[$0] ?? 1, padding: padding) }
    }

    /// The parameters of a 2-D convolution over `input` `[batch, h, w, channels]`, with `padding`
    /// made explicit for its size.
    static func parameters(_ input: Tensor, kernel: [Int], strides: [Int], dilation: [Int], padding: ConvPadding,
                           groups: Int = 1) -> ConvolutionParameters {
        ConvolutionParameters(strides: strides, dilation: dilation,
                              padding: pads(padding, input: [input.shape[1], input.shape[2]], kernel: kernel, strides: strides, dilation: dilation),
                              groups: groups)
    }

    /// Explicit `[top, bottom, left, right]` padding for spatial size `input` `[h, w]`.
    static func pads(_ padding: ConvPadding, input: [Int], kernel: [Int], strides: [Int], dilation: [Int]) -> [Int] {
        switch padding {
        case .valid: return [0, 0, 0, 0]
        case .same: return ConvolutionParameters.same(input: input, window: kernel, strides: strides, dilation: dilation)
        case .causal: return [0, 0, dilation[1] * (kernel[1] - 1), 0]
        }
    }

    /// Throws a LaminaError naming the layer unless `shape` has rank `rank` and a known last axis.
    static func checkInput(_ shape: [Int?], rank: Int, layer: String, className: String) throws -> Int {
        guard shape.count == rank else {
            throw LaminaError.shape("Input 0 of layer \"\(layer)\" is incompatible with the layer: expected ndim=\(rank), found ndim=\(shape.count). Full shape received: \(describeShape(shape))")
        }
        guard let c = shape[rank - 1] else {
            throw LaminaError.shape("Layer \"\(layer)\" (\(className)): the channel dimension of the inputs should be defined. Found: \(describeShape(shape))")
        }
        return c
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// An int or list of ints under `key` (Keras writes tuples as lists); `fallback` when absent.
    func intTuple(_ key: String, _ fallback: [Int]? = nil) throws -> [Int] {
        if let v = self[key], let i = v.int { return [i] }
        if let v = self[key]?.ints { return v }
        if let fallback, self[key] == nil || self[key]!.isNull { return fallback }
        throw LaminaError.value("Config needs an integer or a list of integers \"\(key)\". Received: \(JSONValue.object(self))")
    }
}
