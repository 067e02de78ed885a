#ifndef CLAMINACPU_H
#define CLAMINACPU_H
#include <stdint.h>

/// CPU feature bits reported by lamina_cpu_features(). A bit is set only if the CPU has the
/// feature AND the operating system saves the registers it needs (XCR0), so it is safe to run.
enum {
  LAMINA_CPU_AVX2 = 1 << 0,
  LAMINA_CPU_FMA = 1 << 1,
  LAMINA_CPU_AVX512F = 1 << 2,
  LAMINA_CPU_AVX512CD = 1 << 3,
  LAMINA_CPU_AVX512BW = 1 << 4,
  LAMINA_CPU_AVX512DQ = 1 << 5,
  LAMINA_CPU_AVX512VL = 1 << 6,
  LAMINA_CPU_AVX512BF16 = 1 << 7,
  LAMINA_CPU_AMX = 1 << 8,
};

/// Feature bits of this CPU (0 on non-x86 machines).
uint32_t lamina_cpu_features(void);

/// Writes the CPU brand string (up to 48 bytes + NUL) into buf; empty on non-x86.
void lamina_cpu_brand(char *buf, int size);

/// Turns flush-to-zero and denormals-are-zero on for the calling thread and returns the previous
/// floating-point control state, to be given back to lamina_fp_restore. No-op on non-x86.
uint32_t lamina_fp_flush_denormals(void);
void lamina_fp_restore(uint32_t state);
/// Whether FTZ and DAZ are both on for the calling thread.
int lamina_fp_denormals_flushed(void);

/// The path of the shared object that defines `symbol` (dladdr), or NULL.
const char *lamina_dl_path(void *symbol);

/// Vectorised elementwise math over n floats (x and y may be the same array).
void lamina_vexp(const float *x, float *y, long n);
void lamina_vlog(const float *x, float *y, long n);
void lamina_vtanh(const float *x, float *y, long n);
void lamina_vsigmoid(const float *x, float *y, long n);
/// Writes y = exp(x - shift) and returns the sum of y.
float lamina_vexp_shifted_sum(const float *x, float *y, long n, float shift);
/// Softmax (or log-softmax when log_out != 0) of each of `rows` contiguous rows of n floats.
void lamina_softmax_rows(const float *x, float *y, long rows, long n, int log_out);
/// The instruction set the vector math runs with: "AVX-512", "AVX2+FMA" or "baseline".
const char *lamina_vecmath_isa(void);

#endif
