import LaminaCore

/// Pads the height and width of an image with zeros (`keras.layers.ZeroPadding2D`), channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, top + h + bottom, left + w + right, channels]`.
/// - `padding`: `((top, bottom), (left, right))`; Keras's config writes it as `[[t, b], [l, r]]`.
public final class ZeroPadding2D: Layer {
    public let padding: [[Int]]

    /// `padding` as `[[top, bottom], [left, right]]`, `[symmetricHeight, symmetricWidth]` or `[all]`.
    public init(padding: [[Int]] = [[1, 1], [1, 1]], name: String? = nil) throws {
        self.padding = try ReshapingArgs.pairs(padding, "padding")
        super.init(name: name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "ZeroPadding2D" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        input.padded([(0, 0), (padding[0][0], padding[0][1]), (padding[1][0], padding[1][1]), (0, 0)])
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = try ReshapingArgs.rank4(inputShapes[0], layer: name)
        return [[s[0], s[1].map { $0 + padding[0][0] + padding[0][1] }, s[2].map { $0 + padding[1][0] + padding[1][1] }, s[3]]]
    }

    public override var config: [String: JSONValue] {
        ["padding": .array(padding.map { JSONValue($0) }), "data_format": "channels_last"]
    }
}

/// Crops the height and width of an image (`keras.layers.Cropping2D`), channels-last.
///
/// - Input: `[batch, h, w, channels]`. Output: `[batch, h - top - bottom, w - left - right, channels]`.
/// - `cropping`: `((top, bottom), (left, right))`, written `[[t, b], [l, r]]` in the config.
public final class Cropping2D: Layer {
    public let cropping: [[Int]]

    public init(cropping: [[Int]] = [[0, 0], [0, 0]], name: String? = nil) throws {
        self.cropping = try ReshapingArgs.pairs(cropping, "cropping")
        super.init(name: name)
        inputSpec = [InputSpec(rank: 4)]
    }

    public override class var className: String { "Cropping2D" }

    public override func call(_ input: Tensor, training: Bool) throws -> Tensor {
        let s = input.shape
        let h = s[1] - cropping[0][0] - cropping[0][1], w = s[2] - cropping[1][0] - cropping[1][1]
        guard h > 0, w > 0 else {
            throw LaminaError.value("Layer \"\(name)\": cropping \(cropping) is too large for inputs of shape \(describeShape(s.map { $0 }))")
        }
        return input.slice(start: [0, cropping[0][0], cropping[1][0], 0], size: [s[0], h, w, s[3]])
    }

    public override func computeOutputShape(_ inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = try ReshapingArgs.rank4(inputShapes[0], layer: name)
        return [[s[0], s[1].map { $0 - cropping[0][0] - cropping[0][1] }, s[2].map { $0 - cropping[1][0] - cropping[1][1] }, s[3]]]
    }

    public override var config: [String: JSONValue] {
        ["cropping": .array(cropping.map { JSONValue($0) }), "data_format": "channels_last"]
    }
}

enum ReshapingArgs {
    /// `[[a, b], [c, d]]` from that form, `[h, w]` (symmetric) or `[n]`.
    static func pairs(_ v: [[Int]], _ what: String) throws -> [[Int]] {
        let out: [[Int]]
        if v.count == 2 && v.allSatisfy({ $0.count == 2 }) { out = v }
        else if v.count == 2 && v.allSatisfy({ $0.count == 1 }) { out = [[v[0][0], v[0][0]], [v[1][0], v[1][0]]] }
        else if v.count == 1 && v[0].count == 1 { out = [[v[0][0], v[0][0]], [v[0][0], v[0][0]]] }
        else if v.count == 1 && v[0].count == 2 { out = [[v[0][0], v[0][0]], [v[0][1], v[0][1]]] }
        else { throw LaminaError.value("`\(what)` should be an int, a tuple of 2 ints or a tuple of 2 tuples of 2 ints. Received: \(what)=\(v)") }
        guard out.joined().allSatisfy({ $0 >= 0 }) else {
            throw LaminaError.value("`\(what)` must be non-negative. Received: \(what)=\(v)")
        }
        return out
    }

    /// A config value as pairs: an int, a list of two ints or a list of two lists.
    static func pairs(_ v: JSONValue?, _ what: String, default d: [[Int]]) throws -> [[Int]] {
        guard let v, !v.isNull else { return d }
        if let i = v.int { return try pairs([[i]], what) }
        guard let a = v.array else { throw LaminaError.value("Bad `\(what)`: \(v)") }
        return try pairs(a.map { $0.int.map { [$0] } ?? $0.ints ?? [] }, what)
    }

    static func rank4(_ s: [Int?], layer: String) throws -> [Int?] {
        guard s.count == 4 else {
            throw LaminaError.shape("Input 0 of layer \"\(layer)\" is incompatible with the layer: expected ndim=4, found ndim=\(s.count). Full shape received: \(describeShape(s))")
        }
        return s
    }
}
