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

static inline float bits_to_float(int32_t i) { float f; memcpy(&f, &i, 4); return f; }
static inline int32_t float_to_bits(float f) { int32_t i; memcpy(&i, &f, 4); return i; }


static inline float exp_body(float x) {
  float c = x < -87.33654f ? -87.33654f : (x > 88.72283f ? 88.72283f : x);
  const float magic = 12582912.0f; /* 1.5 * 2^23: adding it rounds to an integer */
  float t = c * 1.44269504088896341f + magic;
  int32_t n = float_to_bits(t) - float_to_bits(magic);
  float nf = t - magic;
  float r = c - nf * 0.693359375f + nf * 2.12194440e-4f;
  float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r2 + r + 1.0f;
  int32_t h = n >> 1;
  float y = p * bits_to_float((h + 127) << 23) * bits_to_float((n - h + 127) << 23);
  y = x > 88.72283f ? INFINITY : y;
  y = x < -87.33654f ? 0.0f : y;
  return x != x ? x : y;
}

static inline float log_body(float x) {
  int32_t xi = float_to_bits(x);
  float e = (float)(((xi >> 23) & 0xFF) - 126);
  float m = bits_to_float((xi & (int32_t)0x807FFFFF) | 0x3F000000);
  int low = m < 0.707106781186547524f;
  e = low ? e - 1.0f : e;
  m = (low ? m + m : m) - 1.0f;
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y = y + e * -2.12194440e-4f;
  y = y - z * 0.5f;
  float r = m + y + e * 0.693359375f;
  r = x == 0.0f ? -INFINITY : r;
  r = x < 0.0f ? NAN : r;
  return (x != x || x == INFINITY) ? x : r;
}

static inline float tanh_body(float x) {
  float a = x < 0 ? -x : x;
  float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  float small = p * z * x + x;
  float large = 1.0f - 2.0f / (exp_body(a + a) + 1.0f);
  large = x < 0 ? -large : large;
  return a >= 0.625f ? large : small;
}

static inline float sigmoid_body(float x) { return 1.0f / (1.0f + exp_body(-x)); }

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
  uint32_t f = lamina_cpu_features();
  if ((f & LAMINA_CPU_AVX512F) && (f & LAMINA_CPU_AVX512DQ) && (f & LAMINA_CPU_AVX512VL)) {
    table.log = log_avx512; table.tanh = tanh_avx512; table.sigmoid = sigmoid_avx512;
    table.expsum = expsum_avx512; table.softmax = softmax_avx512; table.level = 2; table.exp = exp_avx512;
    return;
  }
  if ((f & LAMINA_CPU_AVX2) && (f & LAMINA_CPU_FMA)) {
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
