import LaminaCore
import Synchronization

/// A caching allocator: freed buffers are kept by size and handed out again, so a training step
/// that makes the same tensor shapes every iteration stops calling the system allocator after
/// the first step. The cache is bounded (`LAMINA_CACHE_MB`, default 1024 MB); beyond it memory
/// goes back to the system.
final class CPUAllocator: HostAllocator {
    static let shared = CPUAllocator()

    private struct Cache {
        var free: [Int: [UInt]] = [:]  // pointer bit patterns, by bucket size
        var cachedBytes = 0
    }
    private let cache = Mutex(Cache())
    private let limit: Int
    /// `LAMINA_ALLOC_GUARD` is set: every buffer goes straight to the (guarding) system allocator.
    private let guarded = SystemAllocator.guardEnabled

    init() {
        var mb = 1024
        if let v = getenv("LAMINA_CACHE_MB"), let n = Int(String(cString: v)), n >= 0 { mb = n }
        limit = mb << 20
    }

    /// Sizes are rounded up to 64 bytes (small) or 4 KiB (large) so near sizes share a bucket.
    private static func bucket(_ bytes: Int) -> Int {
        bytes <= 65_536 ? (bytes + 63) & ~63 : (bytes + 4095) & ~4095
    }

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        // LAMINA_ALLOC_GUARD: no caching and no rounding, so the guard sees each buffer's exact size.
        if guarded { return SystemAllocator.shared.allocate(byteCount: byteCount) }
        let size = CPUAllocator.bucket(max(byteCount, 64))
        let reused: UInt? = cache.withLock { c in
            guard let p = c.free[size]?.popLast() else { return nil }
            c.cachedBytes -= size
            return p
        }
        if let reused, let p = UnsafeMutableRawPointer(bitPattern: reused) { return p }
        return SystemAllocator.shared.allocate(byteCount: size)
    }

    func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        if guarded { SystemAllocator.shared.release(pointer, byteCount: byteCount); return }
        let size = CPUAllocator.bucket(max(byteCount, 64))
        let address = UInt(bitPattern: pointer)
        let kept = cache.withLock { c -> Bool in
            guard c.cachedBytes + size <= limit else { return false }
            c.free[size, default: []].append(address)
            c.cachedBytes += size
            return true
        }
        if !kept { SystemAllocator.shared.release(pointer, byteCount: size) }
    }

    /// Bytes held in the cache (not in use by any tensor).
    var cachedBytes: Int { cache.withLock { $0.cachedBytes } }

    /// Returns every cached buffer to the system.
    func trim() {
        let all = cache.withLock { c -> [UInt] in
            defer { c.free = [:]; c.cachedBytes = 0 }
            return c.free.values.flatMap { $0 }
        }
        for a in all { if let p = UnsafeMutableRawPointer(bitPattern: a) { SystemAllocator.shared.release(p, byteCount: 0) } }
    }
}

#if canImport(Glibc)
import Glibc
#endif
