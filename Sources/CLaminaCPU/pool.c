/* Max pooling with non-overlapping windows (strides equal to the window, no padding or dilation:
   Keras's MaxPooling2D default), NHWC, over a range of output rows (image n, output row oy, as
   r = n·OH + oy). The generic loops in CPU+Pooling.swift zero dx, then scan every window per
   channel with a flag array; here each window is read once, channels vectorised, and every dx
   element is written exactly once (windows do not overlap), so dx needs no zeroing pass.
   Semantics are those of the generic path: a NaN wins the max; the gradient goes to the first
   element of the window (rows, then columns) equal to the max, none if the max is NaN. */
#include "CLaminaCPU.h"

#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")

#define POOL_VARIANT(SUFFIX, TARGET)                                                               \
  TARGET static void forward_##SUFFIX(const float *x, float *y, const lamina_pool_shape *s, long r0, long r1) { \
    const long c = s->c, kh = s->kh, kw = s->kw, w = s->w;                                         \
    for (long r = r0; r < r1; r++) {                                                               \
      const long n = r / s->oh, oy = r % s->oh;                                                    \
      const float *row = x + ((n * s->h + oy * kh) * w) * c;                                       \
      for (long ox = 0; ox < s->ow; ox++) {                                                        \
        float *dst = y + (r * s->ow + ox) * c;                                                     \
        const float *first = row + ox * kw * c;                                                    \
        SAFE_LOOP for (long ch = 0; ch < c; ch++) dst[ch] = first[ch];                             \
        for (long ky = 0; ky < kh; ky++)                                                           \
          for (long kx = ky == 0 ? 1 : 0; kx < kw; kx++) {                                         \
            const float *src = first + (ky * w + kx) * c;                                          \
            SAFE_LOOP for (long ch = 0; ch < c; ch++) {                                            \
              float v = src[ch], m = dst[ch];                                                      \
              dst[ch] = (v > m) | (v != v) ? v : m;                                                \
            }                                                                                      \
          }                                                                                        \
      }                                                                                            \
    }                                                                                              \
  }                                                                                                \
  TARGET static void backward_##SUFFIX(const float *x, const float *y, const float *dy, float *dx, \
                                       const lamina_pool_shape *s, long r0, long r1) {             \
    const long c = s->c, kh = s->kh, kw = s->kw, w = s->w;                                         \
    for (long r = r0; r < r1; r++) {                                                               \
      const long n = r / s->oh, oy = r % s->oh;                                                    \
      /* the last window row of an image also owns the rows below it */                            \
      const long iy0 = oy * kh, iy1 = oy == s->oh - 1 ? s->h : iy0 + kh;                           \
      for (long iy = iy0; iy < iy1; iy++) {                                                        \
        float *d = dx + ((n * s->h + iy) * w) * c;                                                 \
        const long from = iy >= iy0 + kh ? 0 : s->ow * kw * c;                                     \
        for (long k = from; k < w * c; k++) d[k] = 0;                                              \
      }                                                                                            \
      for (long ox = 0; ox < s->ow; ox++) {                                                        \
        const long o = (r * s->ow + ox) * c, base = ((n * s->h + iy0) * w + ox * kw) * c;          \
        for (long c0 = 0; c0 < c; c0 += CB) {                                                      \
          const long cn = c - c0 < CB ? c - c0 : CB;                                               \
          const float *ym = y + o + c0, *g = dy + o + c0;                                          \
          int found[CB];                                                                           \
          for (long ch = 0; ch < cn; ch++) found[ch] = 0;                                          \
          for (long ky = 0; ky < kh; ky++)                                                         \
            for (long kx = 0; kx < kw; kx++) {                                                     \
              const long at = base + (ky * w + kx) * c + c0;                                       \
              const float *src = x + at;                                                           \
              float *d = dx + at;                                                                  \
              SAFE_LOOP for (long ch = 0; ch < cn; ch++) {                                         \
                int hit = (found[ch] == 0) & (src[ch] == ym[ch]);                                  \
                d[ch] = hit ? g[ch] : 0.0f;                                                        \
                found[ch] |= hit;                                                                  \
              }                                                                                    \
            }                                                                                      \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  }

#define CB 256  /* channels per block of flags */

#if defined(__x86_64__)
POOL_VARIANT(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))))
#endif
POOL_VARIANT(base, )

static int use_avx512(void) {
#if defined(__x86_64__)
  static int level = -1;
  if (level < 0) {
    uint32_t f = lamina_cpu_features();
    level = (f & LAMINA_CPU_AVX512F) && (f & LAMINA_CPU_AVX512BW) && (f & LAMINA_CPU_AVX512VL) && (f & LAMINA_CPU_AVX512DQ);
  }
  return level;
#else
  return 0;
#endif
}

void lamina_maxpool_forward(const float *x, float *y, const lamina_pool_shape *s, long r0, long r1) {
#if defined(__x86_64__)
  if (use_avx512()) { forward_avx512(x, y, s, r0, r1); return; }
#endif
  forward_base(x, y, s, r0, r1);
}

void lamina_maxpool_backward(const float *x, const float *y, const float *dy, float *dx, const lamina_pool_shape *s,
                             long r0, long r1) {
#if defined(__x86_64__)
  if (use_avx512()) { backward_avx512(x, y, dy, dx, s, r0, r1); return; }
#endif
  backward_base(x, y, dy, dx, s, r0, r1);
}
