/* Max pooling with non-overlapping windows (strides equal to the window, no padding or dilation:
   Keras's MaxPooling2D default), NHWC, over a range of output rows (image n, output row oy, as
   r = n·OH + oy). The generic loops in CPU+Pooling.swift zero dx, then scan every window per
   channel with a flag array; here each window is read once, channels vectorised, and every dx
   element is written exactly once (windows do not overlap), so dx needs no zeroing pass.
   Semantics are those of the generic path: a NaN wins the max; the gradient goes to the first
   element of the window (rows, then columns) equal to the max, none if the max is NaN. */
#include "CLaminaCPU.h"

#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")

/* Memory-bound: compiled for the baseline ISA (the loops vectorise 4-wide), no dispatch. */
void lamina_maxpool_forward(const float *x, float *y, const lamina_pool_shape *s, long r0, long r1) {
  const long c = s->c, kh = s->kh, kw = s->kw, w = s->w;
  for (long r = r0; r < r1; r++) {
    const long n = r / s->oh, oy = r % s->oh;
    const float *row = x + ((n * s->h + oy * kh) * w) * c;
    for (long ox = 0; ox < s->ow; ox++) {
      float *dst = y + (r * s->ow + ox) * c;
      const float *first = row + ox * kw * c;
      SAFE_LOOP for (long ch = 0; ch < c; ch++) dst[ch] = first[ch];
      for (long ky = 0; ky < kh; ky++)
        for (long kx = ky == 0 ? 1 : 0; kx < kw; kx++) {
          const float *src = first + (ky * w + kx) * c;
          SAFE_LOOP for (long ch = 0; ch < c; ch++) {
            float v = src[ch], m = dst[ch];
            dst[ch] = (v > m || v != v) ? v : m;
          }
        }
    }
  }
}

void lamina_maxpool_backward(const float *x, const float *y, const float *dy, float *dx, const lamina_pool_shape *s,
                             long r0, long r1) {
  const long c = s->c, kh = s->kh, kw = s->kw, w = s->w;
  for (long r = r0; r < r1; r++) {
    const long n = r / s->oh, oy = r % s->oh;
    const long iy0 = oy * kh, iy1 = oy == s->oh - 1 ? s->h : iy0 + kh;  /* the last window row also owns the uncovered rows */
    for (long iy = iy0; iy < iy1; iy++) {
      float *tail = dx + ((n * s->h + iy) * w + s->ow * kw) * c;
      for (long k = 0; k < (w - s->ow * kw) * c; k++) tail[k] = 0;
      if (iy >= iy0 + kh) {
        float *d = dx + ((n * s->h + iy) * w) * c;
        for (long k = 0; k < s->ow * kw * c; k++) d[k] = 0;
      }
    }
    for (long ox = 0; ox < s->ow; ox++) {
      const long o = (r * s->ow + ox) * c, base = ((n * s->h + iy0) * w + ox * kw) * c;
      const float *ym = y + o, *g = dy + o;
      /* taken[ch]: the window's maximum was already found (one flag per channel, on the stack). */
      for (long c0 = 0; c0 < c; c0 += 256) {
        const long cn = c - c0 < 256 ? c - c0 : 256;
        unsigned char taken[256];
        for (long ch = 0; ch < cn; ch++) taken[ch] = 0;
        for (long ky = 0; ky < kh; ky++)
          for (long kx = 0; kx < kw; kx++) {
            const long at = base + (ky * w + kx) * c + c0;
            const float *src = x + at;
            float *d = dx + at;
            SAFE_LOOP for (long ch = 0; ch < cn; ch++) {
              int hit = !taken[ch] && src[ch] == ym[c0 + ch];
              d[ch] = hit ? g[c0 + ch] : 0.0f;
              taken[ch] |= hit;
            }
          }
      }
    }
  }
}
