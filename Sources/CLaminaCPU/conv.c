/* Direct NHWC convolution (AVX-512), for the thin convolutions of small CNNs (3-64 channels)
   where im2col + sgemm spends more time building and repacking the 9x-inflated column matrix
   than multiplying: the products read the input where it lies.

   The input comes without padding (the caller pads it: a window reaching into the padding would
   need clipped taps and one-pixel tiles, several times slower per pixel).

   Forward, over output rows: a tile is NP consecutive output pixels × NV·16 output channels
   (NP·NV ≤ 24 zmm accumulators); for every tap (ky, kx) and input channel c it loads NV filter
   vectors and broadcasts NP input values. Stride-1 input gradients run this same kernel on the
   padded dy with the flipped, transposed filter (CPU+ConvDirect.swift).

   Filter gradient, over a range of output rows into a partial sum: for each row ky of taps the
   (kx, c) pairs are contiguous both in the input (for one output pixel) and in the filter, so a
   tile is MR of them × NV·16 output channels, accumulated over the pixels of a row, for every
   row of a block of rows that stays in L2. */
#include "CLaminaCPU.h"

#if defined(__x86_64__)
#include <immintrin.h>

/* The tile loops over pixels and vectors must unroll fully so the accumulators stay in registers. */
#define UNROLL _Pragma("clang loop unroll(full)")

int lamina_conv_available(void) {
  uint32_t f = lamina_cpu_features();
  return (f & LAMINA_CPU_AVX512F) && (f & LAMINA_CPU_AVX512DQ) && (f & LAMINA_CPU_AVX512VL);
}

#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))), apply_to = function)

static inline long min_l(long a, long b) { return a < b ? a : b; }
static inline long max_l(long a, long b) { return a > b ? a : b; }

static inline __mmask16 tail_mask(long n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1); }

/* ---- forward ---------------------------------------------------------------------------------- */

/* y[p, o0 + 16j] = Σ over taps (ky < nky, kx < nkx) and channels c of x·w, for NP pixels.
   x: input at the first pixel's first tap; xp: input stride between pixels; xr: between rows of
   taps. w: filter at the first tap, block o0; wr: filter stride between tap rows. */
static inline __attribute__((always_inline)) void fwd_tile(const int np, const int nv, const float *x, long xp, long xr,
                                                          const float *w, long wr, long nky, long nkx, long c, long o,
                                                          __mmask16 last, const float *bias, float *y, long yp) {
  __m512 acc[24];
  UNROLL for (int p = 0; p < np; p++)
    UNROLL for (int j = 0; j < nv; j++) {
      __mmask16 m = j == nv - 1 ? last : 0xFFFF;
      acc[p * nv + j] = bias ? _mm512_maskz_loadu_ps(m, bias + 16 * j) : _mm512_setzero_ps();
    }
  for (long ky = 0; ky < nky; ky++) {
    for (long kx = 0; kx < nkx; kx++) {
      const float *xs = x + ky * xr + kx * c;
      const float *ws = w + ky * wr + kx * c * o;
      for (long ci = 0; ci < c; ci++) {
        __m512 wv[4];
        UNROLL for (int j = 0; j < nv; j++) wv[j] = _mm512_maskz_loadu_ps(j == nv - 1 ? last : 0xFFFF, ws + ci * o + 16 * j);
        UNROLL for (int p = 0; p < np; p++) {
          __m512 b = _mm512_set1_ps(xs[p * xp + ci]);
          UNROLL for (int j = 0; j < nv; j++) acc[p * nv + j] = _mm512_fmadd_ps(b, wv[j], acc[p * nv + j]);
        }
      }
    }
  }
  UNROLL for (int p = 0; p < np; p++)
    UNROLL for (int j = 0; j < nv; j++) _mm512_mask_storeu_ps(y + p * yp + 16 * j, j == nv - 1 ? last : 0xFFFF, acc[p * nv + j]);
}

#define FWD_ARGS x, xp, xr, w, wr, nky, nkx, c, o, last, bias, y, yp
#define FWD_CASE(NP, NV) case NP: fwd_tile(NP, NV, FWD_ARGS); break;
#define FWD_CASES_6(NV) FWD_CASE(1, NV) FWD_CASE(2, NV) FWD_CASE(3, NV) FWD_CASE(4, NV) FWD_CASE(5, NV) FWD_CASE(6, NV)

static void fwd_v1(int np, const float *x, long xp, long xr, const float *w, long wr, long nky, long nkx, long c, long o,
                   __mmask16 last, const float *bias, float *y, long yp) {
  switch (np) {
    FWD_CASES_6(1) FWD_CASE(7, 1) FWD_CASE(8, 1) FWD_CASE(9, 1) FWD_CASE(10, 1) FWD_CASE(11, 1) FWD_CASE(12, 1)
    FWD_CASE(13, 1) FWD_CASE(14, 1) FWD_CASE(15, 1) FWD_CASE(16, 1) FWD_CASE(17, 1) FWD_CASE(18, 1)
    FWD_CASE(19, 1) FWD_CASE(20, 1) FWD_CASE(21, 1) FWD_CASE(22, 1) FWD_CASE(23, 1) default: fwd_tile(24, 1, FWD_ARGS);
  }
}
static void fwd_v2(int np, const float *x, long xp, long xr, const float *w, long wr, long nky, long nkx, long c, long o,
                   __mmask16 last, const float *bias, float *y, long yp) {
  switch (np) {
    FWD_CASES_6(2) FWD_CASE(7, 2) FWD_CASE(8, 2) FWD_CASE(9, 2) FWD_CASE(10, 2) FWD_CASE(11, 2) default: fwd_tile(12, 2, FWD_ARGS);
  }
}
static void fwd_v3(int np, const float *x, long xp, long xr, const float *w, long wr, long nky, long nkx, long c, long o,
                   __mmask16 last, const float *bias, float *y, long yp) {
  switch (np) { FWD_CASES_6(3) FWD_CASE(7, 3) default: fwd_tile(8, 3, FWD_ARGS); }
}
static void fwd_v4(int np, const float *x, long xp, long xr, const float *w, long wr, long nky, long nkx, long c, long o,
                   __mmask16 last, const float *bias, float *y, long yp) {
  switch (np) { FWD_CASE(1, 4) FWD_CASE(2, 4) FWD_CASE(3, 4) FWD_CASE(4, 4) FWD_CASE(5, 4) default: fwd_tile(6, 4, FWD_ARGS); }
}

typedef void (*fwd_fn)(int, const float *, long, long, const float *, long, long, long, long, long, __mmask16, const float *,
                       float *, long);
static const fwd_fn fwd_by_nv[5] = {0, fwd_v1, fwd_v2, fwd_v3, fwd_v4};
static const int fwd_np_max[5] = {0, 24, 12, 8, 6};

void lamina_conv_forward(const float *x, const float *filter, const float *bias, float *y, const lamina_conv_shape *s,
                         long r0, long r1) {
  const long c = s->c, o = s->o, kh = s->kh, kw = s->kw, w = s->w;
  const long wr = kw * c * o, xr = w * c, xp = s->sw * c;
  for (long r = r0; r < r1; r++) {
    const long n = r / s->oh, oy = r % s->oh;
    const float *xrow = x + ((n * s->h + oy * s->sh) * w) * c;
    float *yrow = y + r * s->ow * o;
    for (long o0 = 0; o0 < o; o0 += 64) {
      const long ob = min_l(64, o - o0), nv = (ob + 15) / 16, npmax = fwd_np_max[nv];
      const __mmask16 last = tail_mask(ob - 16 * (nv - 1));
      for (long ox = 0; ox < s->ow; ox += npmax) {
        const int np = (int)min_l(npmax, s->ow - ox);
        fwd_by_nv[nv](np, xrow + ox * xp, xp, xr, filter + o0, wr, kh, kw, c, o, last, bias ? bias + o0 : 0,
                      yrow + ox * o + o0, o);
      }
    }
  }
}

/* ---- filter gradient -------------------------------------------------------------------------- */

/* acc[i, 16j] += Σ over nrows rows of np pixels of x[row·xr + p·xp + i] · dy[row·dyr + p·o + 16j],
   i < MR: one tile of MR consecutive (kx, c) rows of the filter gradient, added into dw (row
   stride o) at the end. */
static inline __attribute__((always_inline)) void dw_tile(const int mr, const int nv, const float *x, long xp, long xr,
                                                         const float *dy, long dyr, long np, long nrows, __mmask16 last,
                                                         float *dw, long o) {
  __m512 acc[24];
  UNROLL for (int i = 0; i < mr * nv; i++) acc[i] = _mm512_setzero_ps();
  for (long row = 0; row < nrows; row++) {
    const float *xs = x + row * xr, *gs = dy + row * dyr;
    for (long p = 0; p < np; p++) {
      __m512 g[4];
      UNROLL for (int j = 0; j < nv; j++) g[j] = _mm512_maskz_loadu_ps(j == nv - 1 ? last : 0xFFFF, gs + p * o + 16 * j);
      UNROLL for (int i = 0; i < mr; i++) {
        __m512 b = _mm512_set1_ps(xs[p * xp + i]);
        UNROLL for (int j = 0; j < nv; j++) acc[i * nv + j] = _mm512_fmadd_ps(b, g[j], acc[i * nv + j]);
      }
    }
  }
  UNROLL for (int i = 0; i < mr; i++)
    UNROLL for (int j = 0; j < nv; j++) {
      __mmask16 m = j == nv - 1 ? last : 0xFFFF;
      float *d = dw + i * o + 16 * j;
      _mm512_mask_storeu_ps(d, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, d), acc[i * nv + j]));
    }
}

#define DW_ARGS x, xp, xr, dy, dyr, np, nrows, last, dw, o
#define DW_CASE(MR, NV) case MR: dw_tile(MR, NV, DW_ARGS); break;
static void dw_v1(int mr, const float *x, long xp, long xr, const float *dy, long dyr, long np, long nrows, __mmask16 last, float *dw, long o) {
  switch (mr) {
    DW_CASE(1, 1) DW_CASE(2, 1) DW_CASE(3, 1) DW_CASE(4, 1) DW_CASE(5, 1) DW_CASE(6, 1) DW_CASE(7, 1) DW_CASE(8, 1)
    DW_CASE(9, 1) DW_CASE(10, 1) DW_CASE(11, 1) DW_CASE(12, 1) DW_CASE(13, 1) DW_CASE(14, 1) DW_CASE(15, 1)
    DW_CASE(16, 1) DW_CASE(17, 1) DW_CASE(18, 1) DW_CASE(19, 1) DW_CASE(20, 1) DW_CASE(21, 1) DW_CASE(22, 1)
    DW_CASE(23, 1) default: dw_tile(24, 1, DW_ARGS);
  }
}
static void dw_v2(int mr, const float *x, long xp, long xr, const float *dy, long dyr, long np, long nrows, __mmask16 last, float *dw, long o) {
  switch (mr) {
    DW_CASE(1, 2) DW_CASE(2, 2) DW_CASE(3, 2) DW_CASE(4, 2) DW_CASE(5, 2) DW_CASE(6, 2) DW_CASE(7, 2) DW_CASE(8, 2)
    DW_CASE(9, 2) DW_CASE(10, 2) DW_CASE(11, 2) default: dw_tile(12, 2, DW_ARGS);
  }
}
static void dw_v3(int mr, const float *x, long xp, long xr, const float *dy, long dyr, long np, long nrows, __mmask16 last, float *dw, long o) {
  switch (mr) { DW_CASE(1, 3) DW_CASE(2, 3) DW_CASE(3, 3) DW_CASE(4, 3) DW_CASE(5, 3) DW_CASE(6, 3) DW_CASE(7, 3) default: dw_tile(8, 3, DW_ARGS); }
}
static void dw_v4(int mr, const float *x, long xp, long xr, const float *dy, long dyr, long np, long nrows, __mmask16 last, float *dw, long o) {
  switch (mr) { DW_CASE(1, 4) DW_CASE(2, 4) DW_CASE(3, 4) DW_CASE(4, 4) DW_CASE(5, 4) default: dw_tile(6, 4, DW_ARGS); }
}
typedef void (*dw_fn)(int, const float *, long, long, const float *, long, long, long, __mmask16, float *, long);
static const dw_fn dw_by_nv[5] = {0, dw_v1, dw_v2, dw_v3, dw_v4};

void lamina_conv_filter_grad(const float *x, const float *dy, float *dw, const lamina_conv_shape *s, long r0, long r1) {
  const long c = s->c, o = s->o, kh = s->kh, kw = s->kw, w = s->w, kwc = kw * c, xp = s->sw * c;
  /* Blocks of rows small enough that their input and dy stay in L2 across all tiles. */
  const long block = max_l(1, 65536 / max_l(1, s->ow * (o + kh * s->sw * c)));
  for (long b0 = r0; b0 < r1; b0 += block) {
    const long b1 = min_l(r1, b0 + block);
    for (long o0 = 0; o0 < o; o0 += 64) {
      const long ob = min_l(64, o - o0), nv = (ob + 15) / 16, mrmax = 24 / nv;
      const __mmask16 last = tail_mask(ob - 16 * (nv - 1));
      for (long ky = 0; ky < kh; ky++)
        for (long m0 = 0; m0 < kwc; m0 += mrmax) {
          const int mr = (int)min_l(mrmax, kwc - m0);
          float *d = dw + (ky * kwc + m0) * o + o0;
          /* rows of one image at a time: their input rows are evenly spaced */
          for (long r = b0; r < b1;) {
            const long n = r / s->oh, oy = r % s->oh, rows = min_l(b1 - r, s->oh - oy);
            const float *xs = x + ((n * s->h + oy * s->sh + ky) * w) * c + m0;
            dw_by_nv[nv](mr, xs, xp, s->sh * w * c, dy + r * s->ow * o + o0, s->ow * o, s->ow, rows, last, d, o);
            r += rows;
          }
        }
    }
  }
}

#pragma clang attribute pop

#else
int lamina_conv_available(void) { return 0; }
void lamina_conv_forward(const float *x, const float *filter, const float *bias, float *y, const lamina_conv_shape *s,
                         long r0, long r1) { (void)x; (void)filter; (void)bias; (void)y; (void)s; (void)r0; (void)r1; }
void lamina_conv_filter_grad(const float *x, const float *dy, float *dw, const lamina_conv_shape *s, long r0, long r1) {
  (void)x; (void)dy; (void)dw; (void)s; (void)r0; (void)r1;
}
#endif
