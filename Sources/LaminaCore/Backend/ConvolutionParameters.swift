/// The geometry of a 2-D convolution or pooling window over NHWC tensors.
///
/// Padding is explicit (top, bottom, left, right); ``ConvolutionParameters/same(input:window:strides:dilation:)``
/// computes TensorFlow's "same" amounts (the extra row/column goes at the end).
public struct ConvolutionParameters: Sendable, Equatable, CustomStringConvertible {
    public var strides: [Int]
    public var dilation: [Int]
    /// `[top, bottom, left, right]`.
    public var padding: [Int]
    public var groups: Int

    public init(strides: [Int] = [1, 1], dilation: [Int] = [1, 1], padding: [Int] = [0, 0, 0, 0], groups: Int = 1) {
        self.strides = strides; self.dilation = dilation; self.padding = padding; self.groups = groups
    }

    /// "same" padding for an input `[h, w]` and window `[kh, kw]` (TF/XLA convention).
    public static func same(input: [Int], window: [Int], strides: [Int], dilation: [Int] = [1, 1]) -> [Int] {
        var pads: [Int] = []
        for d in 0..<2 {
            let out = (input[d] + strides[d] - 1) / strides[d]
            let effective = (window[d] - 1) * dilation[d] + 1
            let total = max(0, (out - 1) * strides[d] + effective - input[d])
            pads += [total / 2, total - total / 2]
        }
        return pads
    }

    /// Output spatial size for an input `[h, w]` and window `[kh, kw]`.
    public func outputSize(input: [Int], window: [Int]) -> [Int] {
        (0..<2).map { d in
            let effective = (window[d] - 1) * dilation[d] + 1
            let padded = input[d] + padding[2 * d] + padding[2 * d + 1]
            return padded < effective ? 0 : (padded - effective) / strides[d] + 1
        }
    }

    public var description: String { "strides \(strides), dilation \(dilation), padding \(padding), groups \(groups)" }
}

/// Max or average pooling.
public enum PoolKind: String, Sendable { case max, average }
