/* Batch normalization over the rows of a [rows, c] matrix (every axis but the channels), in
   passes vectorised over the channels: the statistics in one read (sums of x − pivot and its
   square, pivot = the first row, so the variance does not cancel), the output in one
   read-and-write; backward Σdy and Σdy·(x − mean) in one read of both, dx in one more.
   Per-channel sums are kept in float over blocks of 64 rows and added into double totals.
   Compiled like vecmath.c for AVX-512, AVX2 and the baseline; the best is picked once. */
#include "CLaminaCPU.h"
#include <pthread.h>

#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")
#define CB 256  /* channels per block of float accumulators */
#define RB 64   /* rows per float block */

#define BN_VARIANT(SUFFIX, TARGET)                                                                 \
  TARGET static void moments_##SUFFIX(const float *x, long c, long r0, long r1, const float *pivot, \
                                      double *s1, double *s2) {                                    \
    for (long c0 = 0; c0 < c; c0 += CB) {                                                          \
      const long cn = c - c0 < CB ? c - c0 : CB;                                                   \
      float a1[CB], a2[CB];                                                                        \
      for (long b0 = r0; b0 < r1; b0 += RB) {                                                      \
        const long b1 = r1 - b0 < RB ? r1 : b0 + RB;                                               \
        for (long j = 0; j < cn; j++) { a1[j] = 0; a2[j] = 0; }                                    \
        for (long r = b0; r < b1; r++) {                                                           \
          const float *row = x + r * c + c0;                                                       \
          SAFE_LOOP for (long j = 0; j < cn; j++) {                                                \
            float d = row[j] - pivot[c0 + j];                                                      \
            a1[j] += d; a2[j] += d * d;                                                            \
          }                                                                                        \
        }                                                                                          \
        for (long j = 0; j < cn; j++) { s1[c0 + j] += a1[j]; s2[c0 + j] += a2[j]; }                \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void apply_##SUFFIX(const float *x, float *y, long c, long r0, long r1,            \
                                    const float *mean, const float *scale, const float *beta,      \
                                    int relu) {                                                    \
    for (long r = r0; r < r1; r++) {                                                               \
      const float *src = x + r * c;                                                                \
      float *dst = y + r * c;                                                                      \
      if (relu) {                                                                                  \
        SAFE_LOOP for (long j = 0; j < c; j++) {                                                   \
          float v = (src[j] - mean[j]) * scale[j] + beta[j];                                       \
          dst[j] = v > 0 ? v : 0.0f;                                                               \
        }                                                                                          \
      } else {                                                                                     \
        SAFE_LOOP for (long j = 0; j < c; j++) dst[j] = (src[j] - mean[j]) * scale[j] + beta[j];   \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void grad_sums_##SUFFIX(const float *dy, const float *x, long c, long r0, long r1, \
                                        const float *mean, double *sdy, double *sdyx) {            \
    for (long c0 = 0; c0 < c; c0 += CB) {                                                          \
      const long cn = c - c0 < CB ? c - c0 : CB;                                                   \
      float a1[CB], a2[CB];                                                                        \
      for (long b0 = r0; b0 < r1; b0 += RB) {                                                      \
        const long b1 = r1 - b0 < RB ? r1 : b0 + RB;                                               \
        for (long j = 0; j < cn; j++) { a1[j] = 0; a2[j] = 0; }                                    \
        for (long r = b0; r < b1; r++) {                                                           \
          const float *g = dy + r * c + c0, *row = x + r * c + c0;                                 \
          SAFE_LOOP for (long j = 0; j < cn; j++) {                                                \
            a1[j] += g[j]; a2[j] += g[j] * (row[j] - mean[c0 + j]);                                \
          }                                                                                        \
        }                                                                                          \
        for (long j = 0; j < cn; j++) { sdy[c0 + j] += a1[j]; sdyx[c0 + j] += a2[j]; }             \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void backward_##SUFFIX(const float *dy, const float *x, float *dx, long c, long r0, \
                                       long r1, const float *mean, const float *inv,               \
                                       const float *k1, float n, const float *dbeta,               \
                                       const float *dgamma) {                                      \
    for (long r = r0; r < r1; r++) {                                                               \
      const float *g = dy + r * c, *row = x + r * c;                                               \
      float *d = dx + r * c;                                                                       \
      SAFE_LOOP for (long j = 0; j < c; j++) {                                                     \
        float xhat = (row[j] - mean[j]) * inv[j];                                                  \
        d[j] = k1[j] * (n * g[j] - dbeta[j] - xhat * dgamma[j]);                                   \
      }                                                                                            \
    }                                                                                              \
  }

#if defined(__x86_64__)
BN_VARIANT(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))))
BN_VARIANT(avx2, __attribute__((target("avx2,fma"))))
#endif
BN_VARIANT(base, )

static struct {
  void (*moments)(const float *, long, long, long, const float *, double *, double *);
  void (*apply)(const float *, float *, long, long, long, const float *, const float *, const float *, int);
  void (*grad_sums)(const float *, const float *, long, long, long, const float *, double *, double *);
  void (*backward)(const float *, const float *, float *, long, long, long, const float *, const float *, const float *,
                   float, const float *, const float *);
} table;

static void choose_once(void) {
  table.moments = moments_base; table.apply = apply_base; table.grad_sums = grad_sums_base; table.backward = backward_base;
#if defined(__x86_64__)
  const int level = lamina_simd_level();
  if (level == 2) {
    table.moments = moments_avx512; table.apply = apply_avx512; table.grad_sums = grad_sums_avx512;
    table.backward = backward_avx512;
  } else if (level == 1) {
    table.moments = moments_avx2; table.apply = apply_avx2; table.grad_sums = grad_sums_avx2; table.backward = backward_avx2;
  }
#endif
}

static pthread_once_t chosen = PTHREAD_ONCE_INIT;

void lamina_bn_moments(const float *x, long c, long r0, long r1, const float *pivot, double *s1, double *s2) {
  pthread_once(&chosen, choose_once);
  table.moments(x, c, r0, r1, pivot, s1, s2);
}

void lamina_bn_apply(const float *x, float *y, long c, long r0, long r1, const float *mean, const float *scale,
                     const float *beta, int relu) {
  pthread_once(&chosen, choose_once);
  table.apply(x, y, c, r0, r1, mean, scale, beta, relu);
}

void lamina_bn_grad_sums(const float *dy, const float *x, long c, long r0, long r1, const float *mean, double *sdy,
                         double *sdyx) {
  pthread_once(&chosen, choose_once);
  table.grad_sums(dy, x, c, r0, r1, mean, sdy, sdyx);
}

void lamina_bn_backward(const float *dy, const float *x, float *dx, long c, long r0, long r1, const float *mean,
                        const float *inv, const float *k1, float n, const float *dbeta, const float *dgamma) {
  pthread_once(&chosen, choose_once);
  table.backward(dy, x, dx, c, r0, r1, mean, inv, k1, n, dbeta, dgamma);
}
