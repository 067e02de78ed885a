import ArgumentParser
import Lamina

@main
struct LaminaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lamina",
        abstract: "Lamina: Keras-style deep learning in Swift.",
        subcommands: [TrainCommand.self, TrainTextCommand.self, GenerateCommand.self, SummaryCommand.self, PredictCommand.self,
                      EvaluateCommand.self, ConvertCommand.self, InfoCommand.self, BenchCommand.self])
}
