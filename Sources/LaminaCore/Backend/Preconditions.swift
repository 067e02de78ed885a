// Module-wide replacements for the standard library's `precondition` and `preconditionFailure`.
//
// In optimised (`-O`, release) builds the standard library versions trap without printing their
// message, so a user who multiplies mismatched matrices would see only "Illegal instruction".
// These shadow them inside LaminaCore and stop through `fatalError`, which always prints, so
// "matmul: shapes (2, 3) and (4, 5) are incompatible" reaches standard error in every build.
// The message is still built only when the check fails.

@_transparent
func precondition(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = String(),
                  file: StaticString = #fileID, line: UInt = #line) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}

@_transparent
func preconditionFailure(_ message: @autoclosure () -> String = String(),
                         file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}
