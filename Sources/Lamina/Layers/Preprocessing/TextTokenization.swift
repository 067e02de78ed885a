/// The text-to-tokens steps of ``TextVectorization``: standardize, split, n-grams.
///
/// They work on the UTF-8 bytes, as TensorFlow's string ops do in Keras: tokens are compared
/// byte for byte (no Unicode normalization), lowercasing touches ASCII letters only
/// (`tf.strings.lower` without an encoding), and "whitespace" means the ASCII whitespace bytes.
extension TextVectorization {
    /// How each text is cleaned before splitting (Keras `standardize`).
    public enum Standardize {
        /// Lowercase (ASCII) and remove ASCII punctuation, Keras's default.
        case lowerAndStripPunctuation
        /// Lowercase ASCII letters only.
        case lower
        /// Remove the ASCII punctuation characters of Keras's regex
        /// `[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~']`.
        case stripPunctuation
        /// Your own function of one text. It cannot be written to a config.
        case custom((String) -> String)

        /// The Keras config name, or nil for a custom function.
        public var kerasName: String? {
            switch self {
            case .lowerAndStripPunctuation: return "lower_and_strip_punctuation"
            case .lower: return "lower"
            case .stripPunctuation: return "strip_punctuation"
            case .custom: return nil
            }
        }

        /// The standardization named `name` in a Keras config.
        public init?(kerasName name: String) {
            switch name {
            case "lower_and_strip_punctuation": self = .lowerAndStripPunctuation
            case "lower": self = .lower
            case "strip_punctuation": self = .stripPunctuation
            default: return nil
            }
        }
    }

    /// How a standardized text is cut into tokens (Keras `split`).
    public enum Split {
        /// At runs of ASCII whitespace (space, tab, LF, VT, FF, CR); leading and trailing
        /// whitespace gives no empty tokens.
        case whitespace
        /// One token per Unicode scalar (code point), as `tf.strings.unicode_split`.
        case character
        /// Your own function of one text. It cannot be written to a config.
        case custom((String) -> [String])

        public var kerasName: String? {
            switch self {
            case .whitespace: return "whitespace"
            case .character: return "character"
            case .custom: return nil
            }
        }

        public init?(kerasName name: String) {
            switch name {
            case "whitespace": self = .whitespace
            case "character": self = .character
            default: return nil
            }
        }
    }

    /// Which n-grams to make from the tokens (Keras `ngrams`).
    public enum Ngrams: Equatable {
        /// All n-grams from 1 to n (Keras's integer form).
        case upTo(Int)
        /// N-grams of exactly these widths, in this order (Keras's tuple form).
        case widths([Int])

        /// The widths made, in output order.
        public var widthList: [Int] {
            switch self {
            case .upTo(let n): return n >= 1 ? Array(1...n) : []
            case .widths(let w): return w
            }
        }
    }
}

/// A token: UTF-8 bytes, compared and sorted byte-wise as TensorFlow and NumPy do.
typealias TokenBytes = [UInt8]

enum TextTokenizer {
    /// `[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~']` — note `,-\.` is the range `,` `-` `.`.
    static let punctuation: Set<UInt8> = Set(Array(##"!"#$%&()*+,-./:;<=>?@[\]^_`{|}~'"##.utf8))

    static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// The standardized bytes of `text`.
    static func standardize(_ text: String, _ mode: TextVectorization.Standardize?) -> TokenBytes {
        switch mode {
        case nil: return Array(text.utf8)
        case .custom(let f)?: return Array(f(text).utf8)
        case .lower?: return text.utf8.map(lowerASCII)
        case .stripPunctuation?: return text.utf8.filter { !punctuation.contains($0) }
        case .lowerAndStripPunctuation?: return text.utf8.compactMap { punctuation.contains($0) ? nil : lowerASCII($0) }
        }
    }

    static func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

    /// The tokens of standardized bytes.
    static func split(_ bytes: TokenBytes, _ mode: TextVectorization.Split?) -> [TokenBytes] {
        switch mode {
        case nil: return [bytes]
        case .whitespace?:
            return bytes.split(whereSeparator: isASCIIWhitespace).map { Array($0) }
        case .character?:
            return String(decoding: bytes, as: UTF8.self).unicodeScalars.map { Array(String($0).utf8) }
        case .custom(let f)?:
            return f(String(decoding: bytes, as: UTF8.self)).map { Array($0.utf8) }
        }
    }

    /// `tf.strings.ngrams(tokens, widths, separator: " ")`: all n-grams of the first width, then
    /// of the next; sequences shorter than a width give none of it.
    static func ngrams(_ tokens: [TokenBytes], widths: [Int]) -> [TokenBytes] {
        var out: [TokenBytes] = []
        for w in widths where w >= 1 && tokens.count >= w {
            for start in 0...(tokens.count - w) {
                var gram = tokens[start]
                for t in tokens[(start + 1)..<(start + w)] { gram.append(0x20); gram.append(contentsOf: t) }
                out.append(gram)
            }
        }
        return out
    }

    /// Standardize, split and make n-grams of one text.
    static func tokens(_ text: String, standardize: TextVectorization.Standardize?, split: TextVectorization.Split?,
                       ngrams: TextVectorization.Ngrams?) -> [TokenBytes] {
        let parts = self.split(self.standardize(text, standardize), split)
        guard let ngrams else { return parts }
        return self.ngrams(parts, widths: ngrams.widthList)
    }
}
