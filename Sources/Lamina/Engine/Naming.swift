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
    static func snakeCase(_ name: String) -> String {
        var out = ""
        let chars = Array(name)
        for (i, ch) in chars.enumerated() {
            if ch.isUppercase {
                let prevLower = i > 0 && (chars[i - 1].isLowercase || chars[i - 1].isNumber)
                let nextLower = i + 1 < chars.count && chars[i + 1].isLowercase
                let prevUpper = i > 0 && chars[i - 1].isUppercase
                if i > 0 && (prevLower || (prevUpper && nextLower)) { out.append("_") }
                out.append(Character(ch.lowercased()))
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

/// Resets automatic names (`dense`, `dense_1`, …), like `keras.backend.clear_session()`.
public func clearSession() { Naming.reset() }
