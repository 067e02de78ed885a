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

/// Which variant of the multi-versioned kernels (vecmath.c, elementwise.c, batchnorm.c,
/// optimizers.c) this CPU runs: 2 = AVX-512 (F, DQ, VL), 1 = AVX2 + FMA, 0 = the baseline.
int lamina_simd_level(void);

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

/// Atomics and spinning for the phased work loops of the CPU backend (Parallel.phased).
long lamina_atomic_fetch_add(long *p, long v);
long lamina_atomic_load(const long *p);
/// A CPU pause hint for spin-waits.
void lamina_cpu_relax(void);

/// Fused SimpleRNN / LSTM steps (rnn.c); see RecurrentSequenceResult for the buffer layouts.
typedef struct {
  int lstm;                  /* 0: SimpleRNN (tanh); 1: LSTM (gates i, f, c, o) */
  int go_backwards;          /* processing step s reads input time T-1-s */
  int zero_output_for_mask;  /* a skipped step outputs 0 instead of the carried h */
  long batch, steps, units;
  float *gates;              /* [B, T, G·u] by input time: x·W + b on entry, activated gates after */
  float *hs, *cs;            /* [B, T, u] by processing step: carried h (and c, LSTM) */
  float *outputs;            /* [B, T, u] */
  const float *h0, *c0;      /* [B, u] initial states */
  const float *mask;         /* [B, T], 0 = skip the step; or NULL */
  const float *packed;       /* forward panels of lamina_rnn_pack */
  /* backward */
  const float *d_outputs;    /* [B, T, u] or NULL */
  float *dz;                 /* [B, T, G·u] by input time: gate gradients */
  float *h_prev;             /* [B, T, u] by input time: h before the step that read time t */
  float *dh;                 /* [B, u]: in dL/dh_T (zeros if none), out dL/dh0 */
  float *dc;                 /* [B, u]: in dL/dc_T, out dL/dc0 (LSTM) */
  const float *packed_t;     /* backward (Uᵀ) panels of lamina_rnn_pack */
} lamina_rnn_args;

/// Whether this CPU runs the fused kernels (AVX-512F/DQ/VL).
int lamina_rnn_available(void);
/// Floats in each of the two packed copies of U [units, gates·units].
long lamina_rnn_packed_count(long units, long gates);
/// Packs U into `forward` (h·U panels) and/or `backward` (dz·Uᵀ panels); either may be NULL.
void lamina_rnn_pack(const float *u_kernel, long units, long gates, float *forward, float *backward);
/// Work items per step (batch blocks × unit blocks).
long lamina_rnn_items(const lamina_rnn_args *a);
/// Step `step`'s product and gate math for one item; every item of step-1 must be done.
void lamina_rnn_forward_item(const lamina_rnn_args *a, long step, long item);
/// Phase `phase` (0...steps) of backpropagation through time for one item; phase-1 must be done.
void lamina_rnn_backward_item(const lamina_rnn_args *a, long phase, long item);

/// Adam over n elements (Keras's update; b1 = 1 - beta1, b2 = 1 - beta2, alpha the bias-corrected
/// step size; vhat the AMSGrad slot or NULL; decoupled weight decay `w -= w·decay` first).
void lamina_adam_update(float *w, const float *g, float *m, float *v, float *vhat, long n, float alpha,
                        float b1, float b2, float eps, float decay);
/// SGD over n elements: `v = mu·v - lr·g; w += v` (Nesterov: `w += mu·v - lr·g`), or `w -= lr·g`
/// when v is NULL; decoupled weight decay first.
void lamina_sgd_update(float *w, const float *g, float *v, long n, float lr, float mu, int nesterov, float decay);

/// NHWC max pooling with non-overlapping windows (pool.c): input [N, h, w, c], output [N, oh, ow, c]
/// with oh = h / kh, ow = w / kw (both > 0); rows r0..<r1 of the N·oh output rows.
typedef struct { long h, w, c, kh, kw, oh, ow; } lamina_pool_shape;
void lamina_maxpool_forward(const float *x, float *y, const lamina_pool_shape *s, long r0, long r1);
/// Writes every element of dx under output rows r0..<r1 (the last output row of an image also
/// zeroes the input rows below its windows; uncovered columns are zeroed).
void lamina_maxpool_backward(const float *x, const float *y, const float *dy, float *dx, const lamina_pool_shape *s,
                             long r0, long r1);

/// Direct NHWC convolution (conv.c, AVX-512): input [n, h, w, c], filter [kh, kw, c, o], output
/// [n, oh, ow, o]; strides sh, sw; padding top pt, left pl (bottom/right implied by oh, ow).
/// The kernels take the input already padded: pt = pl = 0 and every window inside it.
typedef struct { long n, h, w, c, kh, kw, o, oh, ow, sh, sw, pt, pl; } lamina_conv_shape;
/// Whether this CPU runs the direct convolution kernels (AVX-512F/DQ/VL).
int lamina_conv_available(void);
/// Output rows r0..<r1 (r = image·oh + oy) of the convolution, plus `bias` [o] if not NULL, then
/// max(·, 0) when relu != 0.
void lamina_conv_forward(const float *x, const float *filter, const float *bias, int relu, float *y,
                         const lamina_conv_shape *s, long r0, long r1);
/// Adds the filter gradient of output rows r0..<r1 (dy [n, oh, ow, o]) into dw [kh, kw, c, o].
void lamina_conv_filter_grad(const float *x, const float *dy, float *dw, const lamina_conv_shape *s, long r0, long r1);

/// Batch normalization over the rows of [rows, c] (batchnorm.c), for rows r0..<r1.
/// Adds Σ(x − pivot) and Σ(x − pivot)² per channel into s1 and s2.
void lamina_bn_moments(const float *x, long c, long r0, long r1, const float *pivot, double *s1, double *s2);
/// y = (x − mean)·scale + beta per channel, then max(·, 0) when relu != 0.
void lamina_bn_apply(const float *x, float *y, long c, long r0, long r1, const float *mean, const float *scale,
                     const float *beta, int relu);
/// Adds Σdy and Σdy·(x − mean) per channel into sdy and sdyx.
void lamina_bn_grad_sums(const float *dy, const float *x, long c, long r0, long r1, const float *mean, double *sdy,
                         double *sdyx);
/// dx = k1·(n·dy − dbeta − x̂·dgamma) with x̂ = (x − mean)·inv.
void lamina_bn_backward(const float *dy, const float *x, float *dx, long c, long r0, long r1, const float *mean,
                        const float *inv, const float *k1, float n, const float *dbeta, const float *dgamma);

/// dx = dy·(x > 0 ? 1 : 0) over n floats (elementwise.c).
void lamina_relu_backward(const float *dy, const float *x, float *dx, long n);
/// y[r, j] = a[r, j] op v[j] over `rows` rows of c floats (v op a[r, j] when vector_first).
enum { LAMINA_ROWS_ADD = 0, LAMINA_ROWS_SUB = 1, LAMINA_ROWS_MUL = 2, LAMINA_ROWS_DIV = 3 };
void lamina_rows_op(int op, const float *a, const float *v, float *y, long rows, long c, int vector_first);
/// y = max(a + b, 0) over n floats.
void lamina_add_relu(const float *a, const float *b, float *y, long n);
/// y[r, j] = a[r, j]·scale[j] + shift[j] (then max(·, 0) when relu) over `rows` rows of c floats.
void lamina_rows_affine(const float *a, const float *scale, const float *shift, float *y, long rows, long c, int relu);


#endif
