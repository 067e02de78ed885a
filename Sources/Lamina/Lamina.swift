@_exported import LaminaCore
@_exported import LaminaCPU
@_exported import LaminaData

/// The library's version.
public let laminaVersion = "0.1.0"
