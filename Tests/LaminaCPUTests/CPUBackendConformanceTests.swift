import LaminaCore
import LaminaCPU
import Testing

/// Runs the backend conformance suite (Conformance/) against the CPU backend.
///
/// Until `CPUBackend` lands in this branch the suite runs against `StandInBackend`, which forwards
/// to the reference backend; switching is this one line:
///     let backendUnderTest: any Backend = CPUBackend.shared
let backendUnderTest: any Backend = CPUBackend.shared

@Suite("Backend conformance: CPU vs reference")
struct CPUBackendConformanceTests {
    @Test("memory: makeTensor, full, readFloats, readInts, copy", arguments: conformanceCases(.memory))
    func memory(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("elementwise: unary, binary, select, cast", arguments: conformanceCases(.elementwise))
    func elementwise(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("reduction: reduce, argReduce", arguments: conformanceCases(.reduction))
    func reduction(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("movement: permute, broadcast, slice, unslice, pad, concat", arguments: conformanceCases(.movement))
    func movement(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("indexing: gather, scatterAdd", arguments: conformanceCases(.indexing))
    func indexing(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("linalg: matmul", arguments: conformanceCases(.linalg))
    func linalg(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("fused: linear, softmax, cross-entropy, optimizers", arguments: conformanceCases(.fused))
    func fused(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("recurrent: recurrentSequence (+ backward) for SimpleRNN, LSTM, GRU", arguments: conformanceCases(.recurrent))
    func recurrent(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("vision: conv2d, depthwiseConv2d, pool2d, batchNorm (+ backward)", arguments: conformanceCases(.vision))
    func vision(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }

    @Test("attention: layerNorm, rmsNorm, attention (+ backward)", arguments: conformanceCases(.attention))
    func attention(_ c: ConformanceCase) { checkConformance(c, on: backendUnderTest) }
}
