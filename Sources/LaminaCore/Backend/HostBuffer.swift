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
///
/// A debugging aid, `LAMINA_ALLOC_GUARD` in the environment (read once, at first use), puts a
/// guard around every tensor buffer; the CPU backend's caching allocator then passes each buffer
/// straight through, at its exact size:
///
/// - `LAMINA_ALLOC_GUARD=1`: a 64-byte header before the buffer and canary bytes from exactly
///   `byteCount` to the end of a 64-byte tail; contents start as NaN (`0xFF` bytes). `release`
///   checks the header and canaries and stops with the buffer's size and the first damaged offset.
///   Released buffers are poisoned with `0xFF` and kept in a quarantine (`LAMINA_ALLOC_GUARD_MB`,
///   default 256) before `free`: a read after release sees NaN, a write after release is reported
///   when the buffer leaves the quarantine.
/// - `LAMINA_ALLOC_GUARD=pages`: each buffer in its own mapping that ends at an inaccessible page
///   and is unmapped on release, so a write far past the end, or after release, faults at the
///   writing instruction (run under gdb for its backtrace). Slow; many buffers may reach
///   `vm.max_map_count`.
///
/// Off (the default), the cost is one check of a constant per allocation and release.
public final class SystemAllocator: HostAllocator, @unchecked Sendable {
    public enum Guard: Sendable, Equatable { case off, canaries, pages }

    public static let shared = SystemAllocator(guard: environmentGuard)

    /// The guard `LAMINA_ALLOC_GUARD` asks for.
    public static let environmentGuard: Guard = {
        guard let v = getenv("LAMINA_ALLOC_GUARD") else { return .off }
        switch String(cString: v) {
        case "", "0": return .off
        case "pages": return .pages
        default: return .canaries
        }
    }()

    /// Whether the shared allocator guards its buffers.
    public static var guardEnabled: Bool { shared.guardMode != .off }

    public let guardMode: Guard
    public init(guard: Guard = .off) { guardMode = `guard` }

    static let guardHeader = 64, guardTail = 64, canary: UInt8 = 0xA5
    static let liveMagic: UInt64 = 0x4C41_4D49_4E41_4C56, freedMagic: UInt64 = 0x4C41_4D49_4E41_4446
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    public func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        if guardMode != .off { return guardedAllocate(byteCount: byteCount) }
        var p: UnsafeMutableRawPointer?
        let rc = posix_memalign(&p, 64, max(byteCount, 64))
        guard rc == 0, let p else { fatalError("Lamina: out of memory allocating \(byteCount) bytes") }
        return p
    }

    public func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        if guardMode != .off { guardedRelease(pointer, byteCount: byteCount); return }
        free(pointer)
    }

    private static func rounded(_ byteCount: Int) -> Int { (byteCount + 63) & ~63 }

    /// Bytes from the header to the end of the checked tail.
    private func guardedExtent(_ byteCount: Int) -> Int {
        let h = SystemAllocator.guardHeader + SystemAllocator.rounded(byteCount)
        return guardMode == .pages ? h : h + SystemAllocator.guardTail
    }

    private static func pagedLength(_ byteCount: Int) -> Int {
        let body = guardHeader + rounded(byteCount)
        return (body + pageSize - 1) / pageSize * pageSize + pageSize
    }

    private func guardedAllocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let base: UnsafeMutableRawPointer
        if guardMode == .pages {
            let length = SystemAllocator.pagedLength(byteCount)
            guard let map = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  map != MAP_FAILED else { fatalError("Lamina: out of memory allocating \(byteCount) bytes") }
            let fence = map + length - SystemAllocator.pageSize
            mprotect(fence, SystemAllocator.pageSize, PROT_NONE)
            base = fence - SystemAllocator.rounded(byteCount) - SystemAllocator.guardHeader
        } else {
            var p: UnsafeMutableRawPointer?
            let rc = posix_memalign(&p, 64, guardedExtent(byteCount))
            guard rc == 0, let p else { fatalError("Lamina: out of memory allocating \(byteCount) bytes") }
            base = p
        }
        let h = SystemAllocator.guardHeader
        memset(base, Int32(SystemAllocator.canary), guardedExtent(byteCount))
        base.storeBytes(of: UInt64(byteCount), as: UInt64.self)
        base.storeBytes(of: SystemAllocator.liveMagic, toByteOffset: 8, as: UInt64.self)
        memset(base + h, 0xFF, byteCount)
        return base + h
    }

    /// What is wrong with the guard around a buffer this allocator made (`nil`: intact), or
    /// `nil` without a guard. `release` stops with this message.
    public func guardDamage(_ pointer: UnsafeMutableRawPointer, byteCount: Int) -> String? {
        guard guardMode != .off else { return nil }
        let h = SystemAllocator.guardHeader
        let base = pointer - h
        let magic = base.load(fromByteOffset: 8, as: UInt64.self)
        let size = Int(base.load(as: UInt64.self))
        if magic == SystemAllocator.freedMagic { return "buffer \(pointer) (\(size) bytes) released twice" }
        guard magic == SystemAllocator.liveMagic else {
            return "\(pointer) was not allocated by the guard, or its header was overwritten (magic \(String(magic, radix: 16)))"
        }
        if byteCount != 0 && byteCount != size { return "buffer \(pointer) of \(size) bytes released as \(byteCount) bytes" }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        for i in 16..<h where bytes[i] != SystemAllocator.canary {
            return "write before the start of a \(size)-byte buffer at \(pointer): byte \(i - h) is 0x\(String(bytes[i], radix: 16))"
        }
        let extent = guardedExtent(size)
        for i in (h + size)..<extent where bytes[i] != SystemAllocator.canary {
            var last = i
            while last + 1 < extent && bytes[last + 1] != SystemAllocator.canary { last += 1 }
            return "write past the end of a \(size)-byte buffer (\(size / 4) elements) at \(pointer): "
                + "bytes \(i - h)...\(last - h) (element \((i - h) / 4) on)"
        }
        return nil
    }

    private func guardedRelease(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        if let damage = guardDamage(pointer, byteCount: byteCount) { fatalError("Lamina alloc guard: " + damage) }
        let base = pointer - SystemAllocator.guardHeader
        let size = Int(base.load(as: UInt64.self))
        if guardMode == .pages {
            let length = SystemAllocator.pagedLength(size)
            munmap(pointer + SystemAllocator.rounded(size) + SystemAllocator.pageSize - length, length)
            return
        }
        let extent = guardedExtent(size)
        base.storeBytes(of: SystemAllocator.freedMagic, toByteOffset: 8, as: UInt64.self)
        memset(base + 16, 0xFF, extent - 16)
        let evicted = SystemAllocator.quarantine.withLock { q -> [(UInt, Int)] in
            q.buffers.append((UInt(bitPattern: base), extent))
            q.bytes += extent
            var out: [(UInt, Int)] = []
            while q.bytes > SystemAllocator.quarantineBytes, q.head < q.buffers.count {
                out.append(q.buffers[q.head])
                q.bytes -= q.buffers[q.head].1
                q.head += 1
            }
            if q.head > 4096 { q.buffers.removeFirst(q.head); q.head = 0 }
            return out
        }
        for (b, n) in evicted { SystemAllocator.checkPoison(UnsafeMutableRawPointer(bitPattern: b)!, extent: n) }
    }

    /// The quarantine's size: `LAMINA_ALLOC_GUARD_MB` megabytes, 256 by default.
    static let quarantineBytes: Int = {
        if let v = getenv("LAMINA_ALLOC_GUARD_MB"), let n = Int(String(cString: v)), n >= 0 { return n << 20 }
        return 256 << 20
    }()

    private struct Quarantine { var buffers: [(UInt, Int)] = []; var head = 0; var bytes = 0 }
    private static let quarantine = Mutex(Quarantine())

    private static func checkPoison(_ base: UnsafeMutableRawPointer, extent: Int) {
        let size = Int(base.load(as: UInt64.self))
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        for i in 16..<extent where bytes[i] != 0xFF {
            var last = i
            while last + 1 < extent && bytes[last + 1] != 0xFF { last += 1 }
            fatalError("Lamina alloc guard: write after release into a \(size)-byte buffer (\(size / 4) elements) at "
                + "\(base + guardHeader): bytes \(i - guardHeader)...\(last - guardHeader) changed")
        }
        free(base)
    }

    /// Checks the buffers still in the guard's quarantine for writes after release and frees them
    /// (each is checked anyway when it leaves the quarantine). A no-op without the guard.
    public static func checkReleasedBuffers() {
        let all = quarantine.withLock { q -> [(UInt, Int)] in
            defer { q.buffers = []; q.head = 0; q.bytes = 0 }
            return Array(q.buffers[q.head...])
        }
        for (b, n) in all { checkPoison(UnsafeMutableRawPointer(bitPattern: b)!, extent: n) }
    }
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
