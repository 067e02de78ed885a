/* Vectorised float math for the CPU backend: exp, log, tanh, sigmoid and the shifted exponential
   sum behind softmax. Each function is written once as a branch-free scalar loop (Cephes-style
   polynomials, about 1-2 ulp) and compiled three times, for AVX-512, AVX2+FMA and the baseline;
   the best version this CPU can run is picked on first use (cpuid, see cpu.c). The compiler's
   loop vectoriser turns each loop into 16-, 8- or 4-wide code.
   The maps are called in place (x == y) as often as not: without SAFE_MAP the vectoriser's
   overlap check sends every in-place call down the scalar remainder loop (measured: the LSTM's
   in-place gate sigmoids ran ~10x slower). An elementwise map reads x[i] before writing y[i], so
   vectorising it is safe for x == y and for disjoint arrays (partial overlap is not allowed). */
#include "CLaminaCPU.h"
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <pthread.h>

#include "vecmath_body.h"

#define SAFE_MAP _Pragma("clang loop vectorize(assume_safety)")

#define VECMATH_VARIANT(SUFFIX, TARGET)                                                            \
  TARGET static void exp_##SUFFIX(const float *x, float *y, long n) {                              \
    SAFE_MAP for (long i = 0; i < n; i++) y[i] = exp_body(x[i]);                                            \
  }                                                                                                \
  TARGET static void log_##SUFFIX(const float *x, float *y, long n) {                              \
    SAFE_MAP for (long i = 0; i < n; i++) y[i] = log_body(x[i]);                                            \
  }                                                                                                \
  TARGET static void tanh_##SUFFIX(const float *x, float *y, long n) {                             \
    SAFE_MAP for (long i = 0; i < n; i++) y[i] = tanh_body(x[i]);                                           \
  }                                                                                                \
  TARGET static void sigmoid_##SUFFIX(const float *x, float *y, long n) {                          \
    SAFE_MAP for (long i = 0; i < n; i++) y[i] = sigmoid_body(x[i]);                                        \
  }                                                                                                \
  TARGET static float sum16_##SUFFIX(const float *x, long n) {                                     \
    float part[16] = {0};                                                                          \
    long i = 0;                                                                                    \
    for (; i + 16 <= n; i += 16)                                                                   \
      for (int j = 0; j < 16; j++) part[j] += x[i + j];                                            \
    float s = 0;                                                                                   \
    for (; i < n; i++) s += x[i];                                                                  \
    for (int j = 0; j < 16; j++) s += part[j];                                                     \
    return s;                                                                                      \
  }                                                                                                \
  TARGET static float expsum_##SUFFIX(const float *x, float *y, long n, float shift) {             \
    SAFE_MAP for (long i = 0; i < n; i++) y[i] = exp_body(x[i] - shift);                                    \
    return sum16_##SUFFIX(y, n);                                                                   \
  }                                                                                                \
  /* The row maximum; a NaN is skipped here and reaches every output through exp and the sum. */   \
  TARGET static float rowmax_##SUFFIX(const float *x, long n) {                                    \
    float part[16];                                                                                \
    for (int j = 0; j < 16; j++) part[j] = -INFINITY;                                              \
    long i = 0;                                                                                    \
    for (; i + 16 <= n; i += 16)                                                                   \
      for (int j = 0; j < 16; j++) part[j] = x[i + j] > part[j] ? x[i + j] : part[j];              \
    float m = -INFINITY;                                                                           \
    for (; i < n; i++) m = x[i] > m ? x[i] : m;                                                    \
    for (int j = 0; j < 16; j++) m = part[j] > m ? part[j] : m;                                    \
    return m;                                                                                      \
  }                                                                                                \
  TARGET static void softmax_##SUFFIX(const float *x, float *y, long rows, long n, int log_out) {  \
    for (long r = 0; r < rows; r++) {                                                              \
      const float *src = x + r * n;                                                                \
      float *dst = y + r * n;                                                                      \
      float m = rowmax_##SUFFIX(src, n);                                                           \
      float shift = (m == INFINITY || m == -INFINITY) ? 0.0f : m;                                  \
      float sum = expsum_##SUFFIX(src, dst, n, shift);                                             \
      if (log_out) {                                                                               \
        float ls = logf(sum);                                                                      \
        SAFE_MAP for (long k = 0; k < n; k++) dst[k] = (src[k] - shift) - ls;                               \
      } else {                                                                                     \
        float inv = 1.0f / sum;                                                                    \
        for (long k = 0; k < n; k++) dst[k] *= inv;                                                \
      }                                                                                            \
    }                                                                                              \
  }

#if defined(__x86_64__)
VECMATH_VARIANT(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))))
VECMATH_VARIANT(avx2, __attribute__((target("avx2,fma"))))
#endif
VECMATH_VARIANT(base, )

typedef void (*map_fn)(const float *, float *, long);
typedef float (*sum_fn)(const float *, float *, long, float);
typedef void (*softmax_fn)(const float *, float *, long, long, int);
static struct { map_fn exp, log, tanh, sigmoid; sum_fn expsum; softmax_fn softmax; int level; } table;

static void choose_once(void) {
#if defined(__x86_64__)
  const int level = lamina_simd_level();
  if (level == 2) {
    table.log = log_avx512; table.tanh = tanh_avx512; table.sigmoid = sigmoid_avx512;
    table.expsum = expsum_avx512; table.softmax = softmax_avx512; table.level = 2; table.exp = exp_avx512;
    return;
  }
  if (level == 1) {
    table.log = log_avx2; table.tanh = tanh_avx2; table.sigmoid = sigmoid_avx2;
    table.expsum = expsum_avx2; table.softmax = softmax_avx2; table.level = 1; table.exp = exp_avx2;
    return;
  }
#endif
  table.log = log_base; table.tanh = tanh_base; table.sigmoid = sigmoid_base;
  table.expsum = expsum_base; table.softmax = softmax_base; table.level = 0; table.exp = exp_base;
}

static pthread_once_t chosen = PTHREAD_ONCE_INIT;
static void choose(void) { pthread_once(&chosen, choose_once); }

void lamina_vexp(const float *x, float *y, long n) { choose(); table.exp(x, y, n); }
void lamina_vlog(const float *x, float *y, long n) { choose(); table.log(x, y, n); }
void lamina_vtanh(const float *x, float *y, long n) { choose(); table.tanh(x, y, n); }
void lamina_vsigmoid(const float *x, float *y, long n) { choose(); table.sigmoid(x, y, n); }
float lamina_vexp_shifted_sum(const float *x, float *y, long n, float shift) { choose(); return table.expsum(x, y, n, shift); }
void lamina_softmax_rows(const float *x, float *y, long rows, long n, int log_out) {
  choose();
  table.softmax(x, y, rows, n, log_out);
}
const char *lamina_vecmath_isa(void) {
  choose();
  return table.level == 2 ? "AVX-512" : (table.level == 1 ? "AVX2+FMA" : "baseline");
}
