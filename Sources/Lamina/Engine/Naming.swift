import Foundation
import Synchronization

/// Automatic layer and model names, as Keras makes them: the snake_case class name, then `_1`,
/// `_2`… for later instances (`dense`, `dense_1`). ``clearSession()`` starts the counts again.
enum Naming {
    private static let counts = Mutex([String: Int]())

    static func unique(_ base: String) -> String {
        counts.withLock { c in
            let n = c[base, default: 0]
            c[base] = n + 1
            return n == 0 ? base : "\(base)_\(n)"
        }
    }

    static func reset() { counts.withLock { $0 = [:] } }

    /// `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`, `GRU` → `gru`.
    static func snakeCase(_ name: String) -> String { kerasSnakeCase(name) }
}

/// Resets automatic names (`dense`, `dense_1`, …), like `keras.backend.clear_session()`.
public func clearSession() { Naming.reset() }

/// Keras's `to_snake_case` (`keras/src/utils/naming.py`): drop non-word characters, then
/// `Conv2D` → `conv2d`, `GlobalAveragePooling2D` → `global_average_pooling2d`, `LSTMCell` →
/// `lstm_cell`, `PReLU` → `p_re_lu`. Automatic layer names and weight paths use it.
public func kerasSnakeCase(_ name: String) -> String {
    var s = name.replacingOccurrences(of: "\\W+", with: "", options: .regularExpression)
    s = s.replacingOccurrences(of: "(.)([A-Z][a-z]+)", with: "$1_$2", options: .regularExpression)
    s = s.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1_$2", options: .regularExpression)
    return s.lowercased()
}
