@_exported import LaminaCore
@_exported import LaminaCPU
