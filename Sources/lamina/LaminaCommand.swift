import ArgumentParser
import Lamina

@main
struct LaminaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lamina",
        abstract: "Lamina: Keras-style deep learning in Swift.",
        subcommands: [InfoCommand.self, BenchCommand.self])
}
