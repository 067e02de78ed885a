import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide registry and choice of backend.
///
/// The default is picked once, on first use: `LAMINA_BACKEND` if set (like `KERAS_BACKEND`), else
/// the fastest registered backend (`cpu` when LaminaCPU is linked), else the reference backend.
/// ``withBackend(_:_:)`` overrides it for a scope.
public enum Backends {
    private struct Registry {
        var factories: [(name: String, priority: Int, make: @Sendable () -> any Backend)] = []
        var chosen: (any Backend)?
    }
    private static let registry = Mutex(Registry())

    @TaskLocal static var scoped: (any Backend)?

    /// Makes a backend selectable by name. Higher `priority` wins as the default.
    public static func register(name: String, priority: Int = 0, factory: @escaping @Sendable () -> any Backend) {
        registry.withLock { r in
            r.factories.removeAll { $0.name == name }
            r.factories.append((name, priority, factory))
        }
    }

    /// Names of the registered backends, plus `"reference"`.
    public static var available: [String] {
        registry.withLock { r in ["reference"] + r.factories.map(\.name) }
    }

    /// A backend by name (`"reference"` always exists), or nil.
    public static func named(_ name: String) -> (any Backend)? {
        if name == "reference" { return ReferenceBackend.shared }
        let make = registry.withLock { r in r.factories.first { $0.name == name }?.make }
        return make?()
    }

    /// The backend new tensors are created on in this scope.
    public static var current: any Backend { scoped ?? defaultBackend }

    /// The process-wide default; settable.
    public static var defaultBackend: any Backend {
        get {
            if let b = registry.withLock({ $0.chosen }) { return b }
            let b = resolveDefault()
            registry.withLock { $0.chosen = b }
            return b
        }
        set { registry.withLock { $0.chosen = newValue } }
    }

    private static func resolveDefault() -> any Backend {
        if let raw = getenv("LAMINA_BACKEND") {
            let name = String(cString: raw).lowercased()
            if !name.isEmpty {
                if let b = named(name) { return b }
                let msg = "Lamina: LAMINA_BACKEND=\(name) is not a known backend (available: \(available.joined(separator: ", "))); using the default."
                laminaWarning(msg)
            }
        }
        let best = registry.withLock { r in r.factories.max { $0.priority < $1.priority }?.make }
        return best?() ?? ReferenceBackend.shared
    }
}

/// Runs `body` with `backend` as the backend for new tensors, then restores the previous one.
///
/// ```swift
/// let y = withBackend(ReferenceBackend.shared) { Tensor([1, 2, 3]).exp() }
/// ```
public func withBackend<R>(_ backend: any Backend, _ body: () throws -> R) rethrows -> R {
    try Backends.$scoped.withValue(backend, operation: body)
}
