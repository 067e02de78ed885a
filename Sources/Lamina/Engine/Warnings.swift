/// Lamina's warnings (Keras's `warnings.warn`), one `UserWarning: …` line each: to standard
/// error, or to the sink bound for the current task —
/// `Warnings.$sink.withValue(TextSink { captured += $0 }) { … }` captures them (in a test, say).
public enum Warnings {
    @TaskLocal public static var sink: TextSink = .standardError

    static func warn(_ message: String) { sink.line("UserWarning: " + message) }
}
