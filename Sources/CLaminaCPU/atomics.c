/* Atomics and a pause hint for the CPU backend's phased work loops (Parallel.phased in Swift). */
#include "CLaminaCPU.h"

long lamina_atomic_fetch_add(long *p, long v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }

long lamina_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

void lamina_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}
