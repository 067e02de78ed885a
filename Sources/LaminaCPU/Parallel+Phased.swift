import CLaminaCPU
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

extension Parallel {
    /// Runs `phases` phases of `items` work items each, `body(phase, item)`, on up to `threads`
    /// threads that stay in the loop for all phases: a phase starts once every item of the
    /// previous one is done (a spin barrier, ~100 ns, instead of a thread hand-off per phase).
    ///
    /// Items are claimed from a shared counter, so the threads need not all start: a thread that
    /// starts late (or after the others are done) finds the work claimed and the barriers passed,
    /// and one thread alone runs everything. Denormals are flushed on every thread.
    static func phased(phases: Int, items: Int, threads: Int, _ body: (_ phase: Int, _ item: Int) -> Void) {
        guard phases > 0 && items > 0 else { return }
        let n = Swift.max(1, Swift.min(threads, workers, items))
        if n == 1 {
            flushingDenormals { for p in 0..<phases { for i in 0..<items { body(p, i) } } }
            return
        }
        // claimed[p] at counters[2p], done[p] at counters[2p + 1].
        let counters = UnsafeMutablePointer<Int>.allocate(capacity: 2 * phases)
        counters.initialize(repeating: 0, count: 2 * phases)
        defer { counters.deallocate() }
        withoutActuallyEscaping(body) { body in
            let task = UncheckedSendable((body, counters))
            DispatchQueue.concurrentPerform(iterations: n) { _ in
                let (body, c) = task.value
                let state = lamina_fp_flush_denormals()
                for p in 0..<phases {
                    while true {
                        let item = lamina_atomic_fetch_add(c + 2 * p, 1)
                        if item >= items { break }
                        body(p, item)
                        _ = lamina_atomic_fetch_add(c + 2 * p + 1, 1)
                    }
                    var spins = 0
                    while lamina_atomic_load(c + 2 * p + 1) < items {
                        spins += 1
                        if spins < 4000 { lamina_cpu_relax() } else { sched_yield() }
                    }
                }
                lamina_fp_restore(state)
            }
        }
    }
}
