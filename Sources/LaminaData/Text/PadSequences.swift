import LaminaCore

/// Which end of a sequence padding or truncation applies to.
public enum SequenceEnd: String, Sendable {
    /// The start of the sequence (Keras `"pre"`).
    case pre
    /// The end of the sequence (Keras `"post"`).
    case post
}

/// The sequences padded or cut to one length (`keras.utils.pad_sequences`), as int32 `[N, maxlen]`.
///
/// ```swift
/// padSequences([[1, 2, 3], [4]], maxlen: 2)   // [[2, 3], [0, 4]]
/// ```
/// - Parameters:
///   - maxlen: the length of every row; nil for the longest sequence's length.
///   - padding: where `value` is added to short sequences (Keras default `.pre`, at the start).
///   - truncating: where long sequences lose values (Keras default `.pre`, from the start).
///   - value: the padding value.
///
/// Unlike Keras, `maxlen: 0` gives empty rows (Keras fails on non-empty sequences), and no
/// sequences give a `[0, 0]` tensor (Keras fails when `maxlen` is nil).
public func padSequences(_ sequences: [[Int32]], maxlen: Int? = nil, padding: SequenceEnd = .pre,
                         truncating: SequenceEnd = .pre, value: Int32 = 0) -> Tensor {
    let length = max(0, maxlen ?? sequences.map(\.count).max() ?? 0)
    var data = [Int32](repeating: value, count: sequences.count * length)
    for (r, s) in sequences.enumerated() where !s.isEmpty && length > 0 {
        let kept = truncating == .pre ? s.suffix(length) : s.prefix(length)
        let start = r * length + (padding == .pre ? length - kept.count : 0)
        for (j, v) in kept.enumerated() { data[start + j] = v }
    }
    return Tensor(data, shape: [sequences.count, length])
}
