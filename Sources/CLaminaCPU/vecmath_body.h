/* The scalar bodies of the vector math (Cephes-style polynomials, about 1-2 ulp), branch-free so
   that a loop over them vectorises. Included by vecmath.c (the maps) and rnn.c (the fused
   recurrent gate math), each compiling them for its own target. */
#ifndef LAMINA_VECMATH_BODY_H
#define LAMINA_VECMATH_BODY_H
#include <stdint.h>
#include <string.h>
#include <math.h>

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

#endif
