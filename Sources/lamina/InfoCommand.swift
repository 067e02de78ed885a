import ArgumentParser
import Lamina

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print the backend, the BLAS library and kernel, and the thread counts.")

    func run() throws {
        var rows: [(String, String)] = [
            ("Lamina", laminaVersion),
            ("Default backend", Backends.defaultBackend.name),
            ("Available backends", Backends.available.joined(separator: ", ")),
        ]
        rows += CPUBackend.info
        let width = rows.map(\.0.count).max() ?? 0
        for (k, v) in rows { print(k.padding(to: width) + "  " + v) }
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
