import Foundation
import Lamina

/// Keras's naming rules for weight-file paths (`keras/src/utils/naming.py`, `saving_lib.py`).
enum KerasNaming {
    /// `to_snake_case`: drop non-word characters, then `Conv2D` → `conv2d`, `LSTMCell` →
    /// `lstm_cell`, `ReLU` → `re_lu`, `MultiHeadAttention` → `multi_head_attention`.
    static func snakeCase(_ name: String) -> String { kerasSnakeCase(name) }

    /// `_get_unique_name`: the first use of a name keeps it, later ones get `_1`, `_2`, ….
    struct UniqueNames {
        private var used: [String: Int] = [:]

        mutating func next(_ base: String) -> String {
            guard let n = used[base] else {
                used[base] = 0
                return base
            }
            used[base] = n + 1
            return "\(base)_\(n + 1)"
        }
    }

    /// Keras's attribute visiting order (`sorted(dir(obj), key=_name_key)`): public names
    /// before `_private` ones, each alphabetically.
    static func attributeOrder(_ a: String, _ b: String) -> Bool {
        func key(_ s: String) -> String { s.hasPrefix("_") ? "~" + s : s }
        return key(a) < key(b)
    }

    /// A Swift property name as a Python attribute name: `queryProjection` → `query_projection`.
    static func attributeName(_ swiftName: String) -> String { snakeCase(swiftName) }
}
