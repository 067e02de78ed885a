/* The Adam and SGD parameter updates, the optimizer steps every benchmark runs, over a range of
   elements (the Swift side splits the range across threads). Compiled like vecmath.c for
   AVX-512, AVX2 and the baseline, the best picked once by cpuid: the Swift kernels they replace
   compiled to scalar SSE code with a libm call per square root. Contraction into FMA is off so
   that every element gets exactly the roundings of the scalar formula (Keras's update order). */
#include "CLaminaCPU.h"
#include <pthread.h>

#pragma STDC FP_CONTRACT OFF

#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")

#define OPTIMIZER_VARIANT(SUFFIX, TARGET)                                                          \
  TARGET static void adam_##SUFFIX(float *w, const float *g, float *m, float *v, float *vhat,     \
                                   long n, float alpha, float b1, float b2, float eps,            \
                                   float decay) {                                                 \
    if (vhat) {                                                                                    \
      SAFE_LOOP for (long k = 0; k < n; k++) {                                                     \
        float wk = decay != 0 ? w[k] - w[k] * decay : w[k], gk = g[k];                             \
        float mk = m[k] + (gk - m[k]) * b1, vk = v[k] + (gk * gk - v[k]) * b2;                     \
        float d = vk >= vhat[k] ? vk : vhat[k];                                                    \
        m[k] = mk; v[k] = vk; vhat[k] = d;                                                         \
        w[k] = wk - alpha * mk / (__builtin_elementwise_sqrt(d) + eps);                            \
      }                                                                                            \
    } else {                                                                                       \
      SAFE_LOOP for (long k = 0; k < n; k++) {                                                     \
        float wk = decay != 0 ? w[k] - w[k] * decay : w[k], gk = g[k];                             \
        float mk = m[k] + (gk - m[k]) * b1, vk = v[k] + (gk * gk - v[k]) * b2;                     \
        m[k] = mk; v[k] = vk;                                                                      \
        w[k] = wk - alpha * mk / (__builtin_elementwise_sqrt(vk) + eps);                           \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void sgd_##SUFFIX(float *w, const float *g, float *v, long n, float lr, float mu, \
                                  int nesterov, float decay) {                                     \
    if (!v) {                                                                                      \
      SAFE_LOOP for (long k = 0; k < n; k++) {                                                     \
        float wk = decay != 0 ? w[k] - w[k] * decay : w[k];                                        \
        w[k] = wk - lr * g[k];                                                                     \
      }                                                                                            \
    } else {                                                                                       \
      SAFE_LOOP for (long k = 0; k < n; k++) {                                                     \
        float wk = decay != 0 ? w[k] - w[k] * decay : w[k];                                        \
        float nv = mu * v[k] - lr * g[k];                                                          \
        v[k] = nv;                                                                                 \
        w[k] = nesterov ? wk + (mu * nv - lr * g[k]) : wk + nv;                                    \
      }                                                                                            \
    }                                                                                              \
  }

#if defined(__x86_64__)
OPTIMIZER_VARIANT(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))))
OPTIMIZER_VARIANT(avx2, __attribute__((target("avx2,fma"))))
#endif
OPTIMIZER_VARIANT(base, )

typedef void (*adam_fn)(float *, const float *, float *, float *, float *, long, float, float, float, float, float);
typedef void (*sgd_fn)(float *, const float *, float *, long, float, float, int, float);
static struct { adam_fn adam; sgd_fn sgd; } table;

static void choose_once(void) {
  table.adam = adam_base; table.sgd = sgd_base;
#if defined(__x86_64__)
  const int level = lamina_simd_level();
  if (level == 2) {
    table.adam = adam_avx512; table.sgd = sgd_avx512;
  } else if (level == 1) {
    table.adam = adam_avx2; table.sgd = sgd_avx2;
  }
#endif
}

static pthread_once_t chosen = PTHREAD_ONCE_INIT;

void lamina_adam_update(float *w, const float *g, float *m, float *v, float *vhat, long n, float alpha,
                        float b1, float b2, float eps, float decay) {
  pthread_once(&chosen, choose_once);
  table.adam(w, g, m, v, vhat, n, alpha, b1, b2, eps, decay);
}

void lamina_sgd_update(float *w, const float *g, float *v, long n, float lr, float mu, int nesterov, float decay) {
  pthread_once(&chosen, choose_once);
  table.sgd(w, g, v, n, lr, mu, nesterov, decay);
}
