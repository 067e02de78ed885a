// swift-tools-version:6.0
// Lamina: a Keras-style deep-learning library for Swift on Linux.
//
// Targets (arrows point one way: API → core ← backends):
//   LaminaCore   Tensor, autodiff, the Backend protocol, the reference backend. No dependencies.
//   CLaminaCPU   a few lines of C the CPU backend needs (cpuid, MXCSR, load-time registration).
//   LaminaCPU    the fast CPU backend; the only target that touches BLAS (OpenBLAS, loaded at run time).
//   LaminaData   batches, datasets, the data pipeline and transforms, file readers (IDX, CIFAR-10,
//                CSV, .npy/.npz; gzip through zlib), ZIP archives and atomic file writes.
//   LaminaImages PNG/JPEG decoding (libpng, libjpeg) and image folders; kept out of LaminaData so
//                that only users of image files need the two libraries.
//   Lamina       the Keras-style API: layers, models, training.
//   CHDF5, LaminaHDF5  HDF5 (Debian's libhdf5-dev) and a small Swift wrapper over it.
//   LaminaKeras  Python Keras's files: .keras, .weights.h5 and Keras 2 .h5 (through LaminaHDF5);
//                linking it is enough for Lamina's save/load functions to accept those files.
//   LaminaModels reference architectures (path: Models).
//   LaminaTools  the logic of the model-file commands (summary, predict, evaluate, convert), testable.
//   lamina       the command-line tool: train, summary, predict, evaluate, convert, info, bench.
//   LaminaTestSupport  test helpers shared by LaminaTests and LaminaKerasTests (fixture tensors, expectClose).
import PackageDescription

let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Lamina",
    products: [
        .library(name: "Lamina", targets: ["Lamina"]),
        .library(name: "LaminaCore", targets: ["LaminaCore"]),
        .library(name: "LaminaCPU", targets: ["LaminaCPU"]),
        .library(name: "LaminaModels", targets: ["LaminaModels"]),
        .library(name: "LaminaImages", targets: ["LaminaImages"]),
        .library(name: "LaminaKeras", targets: ["LaminaKeras"]),
        .executable(name: "lamina", targets: ["lamina"]),
    ],
    dependencies: [
        // Used only by the `lamina` command-line tool for its subcommands, help and errors.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "LaminaCore"),
        .target(name: "CLaminaCPU", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LaminaCPU", dependencies: ["LaminaCore", "CLaminaCPU"]),
        // The layer/model API is class-based (layers are not Sendable); it builds in Swift 5 mode
        // while the core and the backends keep Swift 6's strict concurrency checking.
        // zlib, for gzip-compressed datasets (MNIST .gz, digits.csv.gz).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "LaminaData", dependencies: ["LaminaCore", "CZlib"]),
        // libpng and libjpeg(-turbo), for image folders; a small C shim turns libjpeg's
        // longjmp errors into return codes.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .target(name: "CLaminaImageCodecs", dependencies: ["CPNG", "CJPEG"],
                linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        .target(name: "LaminaImages", dependencies: ["LaminaData", "CLaminaImageCodecs"]),
        .target(name: "Lamina", dependencies: ["LaminaCore", "LaminaCPU", "LaminaData"], swiftSettings: swift5),
        .target(name: "LaminaModels", dependencies: ["Lamina"], path: "Models", swiftSettings: swift5),
        // HDF5, for Keras's .weights.h5 / .keras / .h5 files; kept out of Lamina so that only
        // users of those files need the library.
        .systemLibrary(name: "CHDF5", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "LaminaHDF5", dependencies: ["CHDF5"]),
        // A C constructor that registers the Keras file formats with Lamina when the program loads.
        .target(name: "CLaminaKeras"),
        .target(name: "LaminaKeras", dependencies: ["Lamina", "LaminaHDF5", "CLaminaKeras"], swiftSettings: swift5),
        .target(name: "LaminaTools", dependencies: ["Lamina"], swiftSettings: swift5),
        .executableTarget(
            name: "lamina",
            dependencies: [
                "Lamina", "LaminaModels", "LaminaTools", "LaminaKeras",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: swift5),
        .target(name: "LaminaTestSupport", dependencies: ["Lamina"], path: "Tests/LaminaTestSupport", swiftSettings: swift5),
        .testTarget(name: "LaminaCoreTests", dependencies: ["LaminaCore"]),
        .testTarget(name: "LaminaCPUTests", dependencies: ["LaminaCore", "LaminaCPU"]),
        .testTarget(name: "LaminaTests", dependencies: ["Lamina", "LaminaImages", "LaminaTestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "LaminaKerasTests", dependencies: ["LaminaKeras", "LaminaHDF5", "LaminaModels", "LaminaTestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "LaminaModelsTests", dependencies: ["LaminaModels"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "LaminaTextModelsTests", dependencies: ["LaminaModels"], swiftSettings: swift5),
        .testTarget(name: "LaminaToolsTests", dependencies: ["LaminaTools"], swiftSettings: swift5),
    ]
)
