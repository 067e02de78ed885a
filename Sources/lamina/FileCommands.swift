import ArgumentParser
import Lamina
import LaminaTools

/// `lamina summary FILE`: the Keras-style summary of a saved model.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the summary table of a saved model (.lamina or .keras).")

    @Argument(help: "The model file.") var file: String
    @Option(help: "Table width in characters (88, or 108 for models with branches, by default).") var lineLength: Int?

    func run() throws {
        print(try ModelFile.summary(file, lineLength: lineLength), terminator: "")
    }
}

/// `lamina predict`: predictions of a saved model for arrays in .npy/.npz files.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a saved model on .npy/.npz arrays and write the predictions.",
        discussion: """
            Give one --input .npy per model input, in the model's input order, or one .npz holding an
            array per input, named after the inputs. Arrays are cast to the inputs' dtypes (float
            values must be whole numbers for integer inputs). One output is written as .npy; several
            go to an .npz keyed by output name.
            """)

    @Option(help: "The model file (.lamina or .keras).") var model: String
    @Option(name: .customLong("input"), help: "An input array (.npy), repeated per model input; or one .npz keyed by input name.")
    var inputs: [String]
    @Option(help: "Where to write the predictions (.npy, or .npz for several outputs).") var output: String
    @Option(help: "Samples per batch.") var batchSize = 32
    @Option(help: "Progress output: 0 silent, 1 progress bar.") var verbose = 0

    func run() throws {
        print(try Predict.run(modelPath: model, inputPaths: inputs, outputPath: output, batchSize: batchSize, verbose: verbose))
    }
}

/// `lamina evaluate`: loss and metrics of a saved, compiled model on .npy/.npz arrays.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a saved, compiled model on .npy/.npz arrays and print its loss and metrics.",
        discussion: "Inputs (--x) are given as for `lamina predict`; targets (--y) one .npy per output, or one .npz keyed by output name.")

    @Option(help: "The model file (.lamina or .keras), saved after compile.") var model: String
    @Option(name: .customLong("x"), help: "An input array (.npy), repeated per model input; or one .npz keyed by input name.")
    var xs: [String]
    @Option(name: .customLong("y"), help: "A target array (.npy), repeated per model output; or one .npz keyed by output name.")
    var ys: [String]
    @Option(help: "Samples per batch.") var batchSize = 32
    @Option(help: "Progress output: 0 silent, 1 progress bar.") var verbose = 0

    func run() throws {
        let results = try Evaluate.run(modelPath: model, xPaths: xs, yPaths: ys, batchSize: batchSize, verbose: verbose)
        print(Evaluate.format(results))
    }
}

/// `lamina convert IN OUT`: between .lamina and .keras models and .safetensors / .weights.h5 weights.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert between model files (.lamina, .keras) and weights files (.safetensors, .weights.h5).",
        discussion: "A weights file holds no architecture: converting from one needs --model, a model file it belongs to.")

    @Argument(help: "The file to read.") var input: String
    @Argument(help: "The file to write; its extension picks the format.") var output: String
    @Option(help: "For a weights input: the model (.lamina or .keras) whose architecture the weights load into.") var model: String?

    func run() throws {
        print(try Convert.run(input: input, output: output, modelPath: model))
    }
}
