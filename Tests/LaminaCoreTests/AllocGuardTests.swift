import LaminaCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The allocation guard (`LAMINA_ALLOC_GUARD`, a debugging aid for kernels that write outside
/// their buffers): it must catch a write one byte past a buffer's exact size (not its rounded
/// size) and one before its start, and leave whole-buffer writes alone.
@Suite struct AllocGuardTests {
    @Test("the guard reports a write one byte past the end or before the start",
          arguments: [SystemAllocator.Guard.canaries, .pages])
    func reportsOverruns(_ mode: SystemAllocator.Guard) {
        let a = SystemAllocator(guard: mode)
        for elements in [0, 1, 3, 15, 16, 17, 31, 33, 1000, 1025] {
            let n = elements * 4
            let p = a.allocate(byteCount: n)
            #expect(Int(bitPattern: p) % 64 == 0)
            let bytes = p.assumingMemoryBound(to: UInt8.self)
            #expect((0..<n).allSatisfy { bytes[$0] == 0xFF }, "a new buffer reads as NaN")
            memset(p, 0, n)
            #expect(a.guardDamage(p, byteCount: n) == nil, "\(n) bytes written in place")
            // In `.pages` mode a buffer of a multiple of 64 bytes ends at the inaccessible page.
            if mode == .canaries || n % 64 != 0 {
                let saved = bytes[n]
                bytes[n] = 0
                #expect(a.guardDamage(p, byteCount: n)?.contains("past the end of a \(n)-byte buffer") == true)
                bytes[n] = saved
            }
            let before = p.assumingMemoryBound(to: UInt8.self) - 1
            let saved = before.pointee
            before.pointee = 0
            #expect(a.guardDamage(p, byteCount: n)?.contains("before the start") == true)
            before.pointee = saved
            #expect(a.guardDamage(p, byteCount: n + 4)?.contains("released as") == true)
            #expect(a.guardDamage(p, byteCount: n) == nil)
            a.release(p, byteCount: n)
        }
        SystemAllocator.checkReleasedBuffers()
    }

    @Test func offByDefault() {
        let a = SystemAllocator()
        let p = a.allocate(byteCount: 12)
        #expect(a.guardDamage(p, byteCount: 12) == nil)
        a.release(p, byteCount: 12)
    }
}
