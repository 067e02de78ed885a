import Lamina
import Testing

/// Linking Lamina registers the CPU backend at load time, with nothing to call first.
@Suite struct BackendSelectionTests {
    @Test func cpuBackendIsRegisteredAtLoad() {
        #expect(Backends.available.contains("cpu"))
        #expect(Backends.named("cpu") is CPUBackend)
        #expect(Backends.named("reference") is ReferenceBackend)
        #expect(Backends.named("no-such-backend") == nil)
    }

    @Test func withBackendScopesTheChoice() {
        let outside = Tensor([1, 2, 3])
        let inside = withBackend(ReferenceBackend.shared) { Tensor([1, 2, 3]) }
        #expect(inside.backend.name == "reference")
        #expect(outside.backend.name == Backends.defaultBackend.name)
        // Nested scopes restore the outer choice.
        withBackend(CPUBackend.shared) {
            withBackend(ReferenceBackend.shared) { #expect(Backends.current.name == "reference") }
            #expect(Backends.current.name == "cpu")
        }
    }

    @Test func cpuIsTheDefaultUnlessTheEnvironmentSaysOtherwise() {
        let env = ProcessInfoLite.environment("LAMINA_BACKEND")
        #expect(Backends.defaultBackend.name == (env?.isEmpty == false ? env! : "cpu"))
    }
}

enum ProcessInfoLite {
    static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }
}

#if canImport(Glibc)
import Glibc
#endif
