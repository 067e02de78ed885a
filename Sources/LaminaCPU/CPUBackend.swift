import LaminaCore
// Placeholder until the CPU kernels land.
