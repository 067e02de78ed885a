/* Fused recurrent steps for the CPU backend (SimpleRNN and LSTM, Keras's activations), AVX-512.

   The recurrent kernel U [u, G·u] is packed once per sequence into panels of NR = 32 units (one
   panel per gate, zero-padded past u), so a step's product h·U streams contiguous panels instead
   of OpenBLAS repacking the whole 256 KB matrix on every one of the 100 steps. A step is split
   into work items of MR = 8 batch rows × NR units: an item multiplies its rows of h by its four
   gate panels (16 zmm accumulators, K = u) and applies the gate math right away, while the
   products are still in L1. Items of one step are independent (the next step needs all of h, so
   the caller runs a barrier between steps; see Parallel.phased).

   Backward through time, an item of phase p (processing step s = T-1-p) first forms its block of
   dh_s = dz_{s+1}·Uᵀ (K = G·u, packed Uᵀ panels), adds the output gradient, then its block of the
   gate gradients dz_s and dc. dU is one large product afterwards (h_prevᵀ·dz, done by the caller
   with sgemm), so no per-step dU product remains.

   Layouts are those of RecurrentSequenceResult's cache (Sources/LaminaCore/Backend/
   RecurrentSequence.swift): gates and dz by input time, hs / cs by processing step. */
#include "CLaminaCPU.h"
#include "vecmath_body.h"

#define NR 32
#define MR 8
#define SAFE_LOOP _Pragma("clang loop vectorize(assume_safety)")

static inline long min_l(long a, long b) { return a < b ? a : b; }

long lamina_rnn_packed_count(long units, long gates) { return ((units + NR - 1) / NR) * gates * units * NR; }

long lamina_rnn_items(const lamina_rnn_args *a) {
  return ((a->batch + MR - 1) / MR) * ((a->units + NR - 1) / NR);
}

void lamina_rnn_pack(const float *u_kernel, long units, long gates, float *forward, float *backward) {
  long gu = gates * units, blocks = (units + NR - 1) / NR;
  for (long j = 0; j < blocks; j++) {
    for (long g = 0; forward && g < gates; g++) {
      float *panel = forward + (j * gates + g) * units * NR;
      for (long p = 0; p < units; p++)
        for (long c = 0; c < NR; c++) {
          long col = j * NR + c;
          panel[p * NR + c] = col < units ? u_kernel[p * gu + g * units + col] : 0.0f;
        }
    }
    if (!backward) continue;
    float *panel = backward + j * gu * NR;
    for (long p = 0; p < gu; p++)
      for (long c = 0; c < NR; c++) {
        long row = j * NR + c;
        panel[p * NR + c] = row < units ? u_kernel[row * gu + p] : 0.0f;
      }
  }
}

#if defined(__x86_64__)
#include <immintrin.h>

int lamina_rnn_available(void) {
  uint32_t f = lamina_cpu_features();
  return (f & LAMINA_CPU_AVX512F) && (f & LAMINA_CPU_AVX512DQ) && (f & LAMINA_CPU_AVX512VL);
}

#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))), apply_to = function)

/* C[mr × 32] += A[mr × k] · panel[k × 32], columns masked by m0 / m1. */
static inline __attribute__((always_inline)) void tile(const int mr, long k, const float *a, long lda,
                                                      const float *panel, float *c, long ldc,
                                                      __mmask16 m0, __mmask16 m1) {
  __m512 x0[MR], x1[MR];
  for (int i = 0; i < mr; i++) {
    x0[i] = _mm512_maskz_loadu_ps(m0, c + i * ldc);
    x1[i] = _mm512_maskz_loadu_ps(m1, c + i * ldc + 16);
  }
  for (long p = 0; p < k; p++) {
    __m512 b0 = _mm512_loadu_ps(panel + p * NR), b1 = _mm512_loadu_ps(panel + p * NR + 16);
    for (int i = 0; i < mr; i++) {
      __m512 av = _mm512_set1_ps(a[i * lda + p]);
      x0[i] = _mm512_fmadd_ps(av, b0, x0[i]);
      x1[i] = _mm512_fmadd_ps(av, b1, x1[i]);
    }
  }
  for (int i = 0; i < mr; i++) {
    _mm512_mask_storeu_ps(c + i * ldc, m0, x0[i]);
    _mm512_mask_storeu_ps(c + i * ldc + 16, m1, x1[i]);
  }
}

/* One unrolled kernel per row count. */
static void gemm_block(long mr, long k, const float *a, long lda, const float *panel, float *c, long ldc, long w) {
  __mmask16 m0 = w >= 16 ? 0xFFFF : (__mmask16)((1u << w) - 1);
  __mmask16 m1 = w >= 32 ? 0xFFFF : (w > 16 ? (__mmask16)((1u << (w - 16)) - 1) : 0);
  switch (mr) {
    case 8: tile(8, k, a, lda, panel, c, ldc, m0, m1); break;
    case 7: tile(7, k, a, lda, panel, c, ldc, m0, m1); break;
    case 6: tile(6, k, a, lda, panel, c, ldc, m0, m1); break;
    case 5: tile(5, k, a, lda, panel, c, ldc, m0, m1); break;
    case 4: tile(4, k, a, lda, panel, c, ldc, m0, m1); break;
    case 3: tile(3, k, a, lda, panel, c, ldc, m0, m1); break;
    case 2: tile(2, k, a, lda, panel, c, ldc, m0, m1); break;
    default: tile(1, k, a, lda, panel, c, ldc, m0, m1); break;
  }
}

/* The rows, units and time of one item. */
typedef struct { long r0, mr, block, j0, w; } item_place;

static item_place place(const lamina_rnn_args *a, long item) {
  long row_blocks = (a->batch + MR - 1) / MR;
  item_place q;
  q.r0 = (item % row_blocks) * MR;
  q.mr = min_l(MR, a->batch - q.r0);
  q.block = item / row_blocks;
  q.j0 = q.block * NR;
  q.w = min_l(NR, a->units - q.j0);
  return q;
}

static inline long time_of(const lamina_rnn_args *a, long s) { return a->go_backwards ? a->steps - 1 - s : s; }
static inline int step_on(const lamina_rnn_args *a, long r, long t) { return !a->mask || a->mask[r * a->steps + t] != 0; }

void lamina_rnn_forward_item(const lamina_rnn_args *a, long s, long item) {
  const long u = a->units, gates = a->lstm ? 4 : 1, gu = gates * u, T = a->steps;
  const long ldz = T * gu, ldh = T * u, t = time_of(a, s);
  const item_place q = place(a, item);
  const long j0 = q.j0, w = q.w;
  const long ldp = s == 0 ? u : ldh;
  const float *hp = s == 0 ? a->h0 + q.r0 * u : a->hs + q.r0 * ldh + (s - 1) * u;
  const float *cp = !a->lstm ? 0 : (s == 0 ? a->c0 + q.r0 * u : a->cs + q.r0 * ldh + (s - 1) * u);
  float *z = a->gates + q.r0 * ldz + t * gu;
  const float *panels = a->packed + q.block * gates * u * NR;
  for (long g = 0; g < gates; g++) gemm_block(q.mr, u, hp, ldp, panels + g * u * NR, z + g * u + j0, ldz, w);
  for (long i = 0; i < q.mr; i++) {
    const long r = q.r0 + i;
    const int on = step_on(a, r, t), zero = !on && a->zero_output_for_mask;
    const float *h = hp + i * ldp + j0;
    float *zr = z + i * ldz + j0, *hout = a->hs + r * ldh + s * u + j0, *out = a->outputs + r * ldh + s * u + j0;
    if (a->lstm) {
      const float *c = cp + i * ldp + j0;
      float *cout = a->cs + r * ldh + s * u + j0;
      SAFE_LOOP for (long j = 0; j < w; j++) {
        float ig = sigmoid_body(zr[j]), fg = sigmoid_body(zr[u + j]);
        float gg = tanh_body(zr[2 * u + j]), og = sigmoid_body(zr[3 * u + j]);
        zr[j] = ig; zr[u + j] = fg; zr[2 * u + j] = gg; zr[3 * u + j] = og;
        float cn = fg * c[j] + ig * gg, hn = tanh_body(cn) * og;
        float hk = on ? hn : h[j];
        cout[j] = on ? cn : c[j];
        hout[j] = hk;
        out[j] = zero ? 0.0f : hk;
      }
    } else {
      SAFE_LOOP for (long j = 0; j < w; j++) {
        float hn = tanh_body(zr[j]);
        zr[j] = hn;
        float hk = on ? hn : h[j];
        hout[j] = hk;
        out[j] = zero ? 0.0f : hk;
      }
    }
  }
}

void lamina_rnn_backward_item(const lamina_rnn_args *a, long phase, long item) {
  const long u = a->units, gates = a->lstm ? 4 : 1, gu = gates * u, T = a->steps;
  const long ldz = T * gu, ldh = T * u, s = T - 1 - phase;
  const item_place q = place(a, item);
  const long j0 = q.j0, w = q.w;
  float *g = a->dh + q.r0 * u + j0;
  if (phase > 0) {
    /* dh_s = dz_{s+1}·Uᵀ; a row skipped at s+1 has dz = 0 and passes its gradient through. */
    const long t1 = time_of(a, s + 1);
    for (long i = 0; i < q.mr; i++)
      if (step_on(a, q.r0 + i, t1)) for (long j = 0; j < w; j++) g[i * u + j] = 0;
    gemm_block(q.mr, gu, a->dz + q.r0 * ldz + t1 * gu, ldz, a->packed_t + q.block * gu * NR, g, u, w);
  }
  if (s < 0) return;
  const long t = time_of(a, s);
  for (long i = 0; i < q.mr; i++) {
    const long r = q.r0 + i;
    const int on = step_on(a, r, t);
    float *gr = g + i * u;
    if (a->d_outputs && (on || !a->zero_output_for_mask)) {
      const float *o = a->d_outputs + r * ldh + s * u + j0;
      SAFE_LOOP for (long j = 0; j < w; j++) gr[j] += o[j];
    }
    const float *hp = (s == 0 ? a->h0 + r * u : a->hs + r * ldh + (s - 1) * u) + j0;
    float *hprev = a->h_prev + r * ldh + t * u + j0;
    SAFE_LOOP for (long j = 0; j < w; j++) hprev[j] = hp[j];
    float *zr = a->dz + r * ldz + t * gu + j0;
    const float *ar = a->gates + r * ldz + t * gu + j0;
    if (!on) {
      for (long k = 0; k < gates; k++)
        for (long j = 0; j < w; j++) zr[k * u + j] = 0;
      continue;
    }
    if (a->lstm) {
      const float *cs = a->cs + r * ldh + s * u + j0;
      const float *cp = (s == 0 ? a->c0 + r * u : a->cs + r * ldh + (s - 1) * u) + j0;
      float *dc = a->dc + r * u + j0;
      SAFE_LOOP for (long j = 0; j < w; j++) {
        float ig = ar[j], fg = ar[u + j], gg = ar[2 * u + j], og = ar[3 * u + j], th = tanh_body(cs[j]);
        float dct = dc[j] + gr[j] * og * (1 - th * th);
        zr[j] = dct * gg * ig * (1 - ig);
        zr[u + j] = dct * cp[j] * fg * (1 - fg);
        zr[2 * u + j] = dct * ig * (1 - gg * gg);
        zr[3 * u + j] = gr[j] * th * og * (1 - og);
        dc[j] = dct * fg;
      }
    } else {
      SAFE_LOOP for (long j = 0; j < w; j++) zr[j] = gr[j] * (1 - ar[j] * ar[j]);
    }
  }
}

#pragma clang attribute pop

#else
int lamina_rnn_available(void) { return 0; }
void lamina_rnn_forward_item(const lamina_rnn_args *a, long s, long item) { (void)a; (void)s; (void)item; }
void lamina_rnn_backward_item(const lamina_rnn_args *a, long phase, long item) { (void)a; (void)phase; (void)item; }
#endif
