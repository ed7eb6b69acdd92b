/* Separable Bokeh: what the vector kernels share (internal to core/).
 *
 * SBOKEH_CLONES compiles a kernel for x86-64-v4 (AVX-512), x86-64-v3 (AVX2
 * + FMA) and the baseline, picked at load time (GCC target_clones); the
 * vector types are GCC vector extensions of 64 bytes, loaded and stored
 * unaligned through memcpy.
 */
#ifndef SBOKEH_VECTOR_H
#define SBOKEH_VECTOR_H

#include <string.h>

#if defined(__GNUC__) && ! defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
#define SBOKEH_CLONES \
  __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", \
                                 "default")))
#else
#define SBOKEH_CLONES
#endif

/* Passing 64-byte vectors by value between functions built for different
 * targets would change the ABI; ours never cross a function boundary
 * (always inlined), so GCC's note about it does not apply.  */
#pragma GCC diagnostic ignored "-Wpsabi"

/* Put before a loop whose count is a small constant (the accumulators of
 * a register block): GCC at -O2 leaves such loops rolled and then keeps the
 * accumulators in memory, one load and one store per multiply-add.  */
#if defined(__GNUC__) && ! defined(__clang__)
#define SBOKEH_UNROLL _Pragma ("GCC unroll 16")
#else
#define SBOKEH_UNROLL
#endif

#define VF_LEN 16
#define VD_LEN 8
typedef float  vf __attribute__ ((vector_size (VF_LEN * sizeof (float))));
typedef double vd __attribute__ ((vector_size (VD_LEN * sizeof (double))));

static inline __attribute__ ((always_inline)) vf
vf_load (const float *p)
{
  vf v;

  memcpy (&v, p, sizeof (v));
  return v;
}

static inline __attribute__ ((always_inline)) void
vf_store (float *p,
          vf     v)
{
  memcpy (p, &v, sizeof (v));
}

static inline __attribute__ ((always_inline)) vd
vd_load (const double *p)
{
  vd v;

  memcpy (&v, p, sizeof (v));
  return v;
}

static inline __attribute__ ((always_inline)) void
vd_store (double *p,
          vd      v)
{
  memcpy (p, &v, sizeof (v));
}

#endif /* SBOKEH_VECTOR_H */
