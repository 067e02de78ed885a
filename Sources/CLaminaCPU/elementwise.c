/* Elementwise passes that the generic Swift loops run slowly or in several passes: the ReLU
   gradient (one pass instead of compare, cast and multiply), add + ReLU, x·scale + shift per
   channel (+ ReLU), and binary ops of a [rows, c] matrix with a [c] vector (biases, per-channel
   scales): the generic broadcast loop makes one call per row of c elements, 20+ ns of overhead
   for 16 channels. Compiled like vecmath.c for AVX-512, AVX2 and the
   baseline; the best is picked once. */
#include "CLaminaCPU.h"
#include <pthread.h>

#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")

#define EW_VARIANT(SUFFIX, TARGET)                                                                 \
  TARGET static void relu_backward_##SUFFIX(const float *dy, const float *x, float *dx, long n) {  \
    SAFE_LOOP for (long k = 0; k < n; k++) dx[k] = dy[k] * (x[k] > 0 ? 1.0f : 0.0f);               \
  }                                                                                                \
  TARGET static void add_relu_##SUFFIX(const float *a, const float *b, float *y, long n) {        \
    SAFE_LOOP for (long k = 0; k < n; k++) {                                                       \
      float v = a[k] + b[k];                                                                       \
      y[k] = v > 0 ? v : 0.0f;                                                                     \
    }                                                                                              \
  }                                                                                                \
  TARGET static void rows_affine_##SUFFIX(const float *a, const float *scale, const float *shift, \
                                          float *y, long rows, long c, int relu) {                 \
    for (long r = 0; r < rows; r++) {                                                              \
      const float *x = a + r * c;                                                                  \
      float *d = y + r * c;                                                                        \
      if (relu) {                                                                                  \
        SAFE_LOOP for (long j = 0; j < c; j++) {                                                   \
          float v = x[j] * scale[j] + shift[j];                                                    \
          d[j] = v > 0 ? v : 0.0f;                                                                 \
        }                                                                                          \
      } else {                                                                                     \
        SAFE_LOOP for (long j = 0; j < c; j++) d[j] = x[j] * scale[j] + shift[j];                  \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void rows_##SUFFIX(int op, const float *a, const float *v, float *y, long rows,    \
                                   long c, int vector_first) {                                     \
    for (long r = 0; r < rows; r++) {                                                              \
      const float *x = a + r * c;                                                                  \
      float *d = y + r * c;                                                                        \
      switch (op) {                                                                                \
        case LAMINA_ROWS_ADD: SAFE_LOOP for (long j = 0; j < c; j++) d[j] = x[j] + v[j]; break;    \
        case LAMINA_ROWS_MUL: SAFE_LOOP for (long j = 0; j < c; j++) d[j] = x[j] * v[j]; break;    \
        case LAMINA_ROWS_SUB:                                                                      \
          if (vector_first) { SAFE_LOOP for (long j = 0; j < c; j++) d[j] = v[j] - x[j]; }         \
          else { SAFE_LOOP for (long j = 0; j < c; j++) d[j] = x[j] - v[j]; }                      \
          break;                                                                                   \
        default:                                                                                   \
          if (vector_first) { SAFE_LOOP for (long j = 0; j < c; j++) d[j] = v[j] / x[j]; }         \
          else { SAFE_LOOP for (long j = 0; j < c; j++) d[j] = x[j] / v[j]; }                      \
          break;                                                                                   \
      }                                                                                            \
    }                                                                                              \
  }

#if defined(__x86_64__)
EW_VARIANT(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))))
EW_VARIANT(avx2, __attribute__((target("avx2,fma"))))
#endif
EW_VARIANT(base, )

static struct {
  void (*relu_backward)(const float *, const float *, float *, long);
  void (*add_relu)(const float *, const float *, float *, long);
  void (*rows_affine)(const float *, const float *, const float *, float *, long, long, int);
  void (*rows)(int, const float *, const float *, float *, long, long, int);
} table;

static void choose_once(void) {
  table.relu_backward = relu_backward_base; table.rows = rows_base;
  table.add_relu = add_relu_base; table.rows_affine = rows_affine_base;
#if defined(__x86_64__)
  const int level = lamina_simd_level();
  if (level == 2) {
    table.relu_backward = relu_backward_avx512; table.rows = rows_avx512;
    table.add_relu = add_relu_avx512; table.rows_affine = rows_affine_avx512;
  } else if (level == 1) {
    table.relu_backward = relu_backward_avx2; table.rows = rows_avx2;
    table.add_relu = add_relu_avx2; table.rows_affine = rows_affine_avx2;
  }
#endif
}

static pthread_once_t chosen = PTHREAD_ONCE_INIT;

void lamina_relu_backward(const float *dy, const float *x, float *dx, long n) {
  pthread_once(&chosen, choose_once);
  table.relu_backward(dy, x, dx, n);
}

void lamina_rows_op(int op, const float *a, const float *v, float *y, long rows, long c, int vector_first) {
  pthread_once(&chosen, choose_once);
  table.rows(op, a, v, y, rows, c, vector_first);
}

void lamina_add_relu(const float *a, const float *b, float *y, long n) {
  pthread_once(&chosen, choose_once);
  table.add_relu(a, b, y, n);
}

void lamina_rows_affine(const float *a, const float *scale, const float *shift, float *y, long rows, long c, int relu) {
  pthread_once(&chosen, choose_once);
  table.rows_affine(a, scale, shift, y, rows, c, relu);
}
