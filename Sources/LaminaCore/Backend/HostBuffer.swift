import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory that holds a tensor's elements. Each backend has its own kind; a tensor keeps its
/// storage alive, and the storage returns its memory when the last tensor using it goes away.
public protocol TensorStorage: AnyObject {
    /// Number of 4-byte elements.
    var count: Int { get }
}

/// Where a ``HostBuffer`` gets and returns its memory: `malloc` by default, a caching pool in
/// the CPU backend so that a training step does not go to the system allocator per op.
public protocol HostAllocator: AnyObject, Sendable {
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer
    func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int)
}

/// 64-byte aligned system memory, no caching.
public final class SystemAllocator: HostAllocator {
    public static let shared = SystemAllocator()
    public func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        var p: UnsafeMutableRawPointer?
        let rc = posix_memalign(&p, 64, max(byteCount, 64))
        guard rc == 0, let p else { fatalError("Lamina: out of memory allocating \(byteCount) bytes") }
        return p
    }
    public func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) { free(pointer) }
}

/// Host (CPU) memory for the reference and CPU backends: 4-byte elements, 64-byte aligned.
///
/// `HostBuffer.liveCount` counts the buffers alive in the process; leak tests check that it
/// returns to where it started.
public final class HostBuffer: TensorStorage, @unchecked Sendable {
    public let raw: UnsafeMutableRawPointer
    public let count: Int
    let allocator: HostAllocator

    private static let live = Atomic<Int>(0)
    /// Number of host buffers currently alive.
    public static var liveCount: Int { live.load(ordering: .relaxed) }

    /// Uninitialised memory for `count` elements.
    public init(count: Int, allocator: HostAllocator = SystemAllocator.shared) {
        self.count = count
        self.allocator = allocator
        self.raw = allocator.allocate(byteCount: count * 4)
        HostBuffer.live.wrappingAdd(1, ordering: .relaxed)
    }

    deinit {
        allocator.release(raw, byteCount: count * 4)
        HostBuffer.live.wrappingSubtract(1, ordering: .relaxed)
    }

    @inlinable public var floats: UnsafeMutablePointer<Float> { raw.assumingMemoryBound(to: Float.self) }
    @inlinable public var ints: UnsafeMutablePointer<Int32> { raw.assumingMemoryBound(to: Int32.self) }
}
