#define _GNU_SOURCE 1
#include "CLaminaCPU.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <xmmintrin.h>

static uint64_t read_xcr0(void) {
  uint32_t eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((uint64_t)edx << 32) | eax;
}

uint32_t lamina_cpu_features(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1;
  if (!osxsave) return 0;
  uint64_t xcr0 = read_xcr0();
  int ymm_ok = (xcr0 & 0x6) == 0x6;            /* SSE and AVX state */
  int zmm_ok = ymm_ok && (xcr0 & 0xE0) == 0xE0; /* opmask, ZMM_Hi256, Hi16_ZMM */
  int tile_ok = (xcr0 & 0x60000) == 0x60000;   /* AMX tile config and data */
  uint32_t f = 0;
  if (ymm_ok && fma) f |= LAMINA_CPU_FMA;
  if (__get_cpuid_max(0, 0) < 7) return f;
  __cpuid_count(7, 0, a, b, c, d);
  if (ymm_ok && ((b >> 5) & 1)) f |= LAMINA_CPU_AVX2;
  if (zmm_ok) {
    if ((b >> 16) & 1) f |= LAMINA_CPU_AVX512F;
    if ((b >> 28) & 1) f |= LAMINA_CPU_AVX512CD;
    if ((b >> 30) & 1) f |= LAMINA_CPU_AVX512BW;
    if ((b >> 17) & 1) f |= LAMINA_CPU_AVX512DQ;
    if ((b >> 31) & 1) f |= LAMINA_CPU_AVX512VL;
    unsigned int a1, b1, c1, d1;
    __cpuid_count(7, 1, a1, b1, c1, d1);
    if ((a1 >> 5) & 1) f |= LAMINA_CPU_AVX512BF16;
  }
  if (tile_ok && ((d >> 24) & 1) && ((d >> 25) & 1)) f |= LAMINA_CPU_AMX;
  return f;
}

void lamina_cpu_brand(char *buf, int size) {
  if (size <= 0) return;
  buf[0] = 0;
  unsigned int regs[12];
  if (__get_cpuid_max(0x80000000, 0) < 0x80000004) return;
  for (unsigned int i = 0; i < 3; i++)
    __cpuid(0x80000002 + i, regs[i * 4], regs[i * 4 + 1], regs[i * 4 + 2], regs[i * 4 + 3]);
  int n = size - 1 < 48 ? size - 1 : 48;
  memcpy(buf, regs, n);
  buf[n] = 0;
}

uint32_t lamina_fp_flush_denormals(void) {
  uint32_t old = _mm_getcsr();
  _mm_setcsr(old | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
  return old;
}

void lamina_fp_restore(uint32_t state) { _mm_setcsr(state); }

int lamina_fp_denormals_flushed(void) { return (_mm_getcsr() & 0x8040) == 0x8040; }

#else
uint32_t lamina_cpu_features(void) { return 0; }
void lamina_cpu_brand(char *buf, int size) { if (size > 0) buf[0] = 0; }
uint32_t lamina_fp_flush_denormals(void) { return 0; }
void lamina_fp_restore(uint32_t state) { (void)state; }
int lamina_fp_denormals_flushed(void) { return 0; }
#endif

/* Registers the CPU backend with LaminaCore when the program loads, so that it is the default
   backend of any program that links LaminaCPU, with nothing to call first. The function is
   defined in Swift (CPUBackend.swift, @_cdecl). OpenBLAS is not loaded here; the CPU backend
   loads it on first use. */
extern void lamina_cpu_register_backend(void);
__attribute__((constructor)) static void lamina_cpu_on_load(void) { lamina_cpu_register_backend(); }

/* The file a loaded symbol comes from (for `lamina info`), or NULL. */
#define _GNU_SOURCE 1
#include <dlfcn.h>
const char *lamina_dl_path(void *symbol) {
  Dl_info info;
  if (symbol && dladdr(symbol, &info) && info.dli_fname) return info.dli_fname;
  return 0;
}

int lamina_simd_level(void) {
  uint32_t f = lamina_cpu_features();
  if ((f & LAMINA_CPU_AVX512F) && (f & LAMINA_CPU_AVX512DQ) && (f & LAMINA_CPU_AVX512VL)) return 2;
  if ((f & LAMINA_CPU_AVX2) && (f & LAMINA_CPU_FMA)) return 1;
  return 0;
}
