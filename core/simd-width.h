/* Separable Bokeh: what the vector kernels share (internal to core/).
 *
 * Included only by the kernel sources (*-kernels.c), which core/meson.build
 * compiles once per CPU path with SBOKEH_SIMD_BUILD set to the path's
 * number (simd.h) and that path's instruction-set flags.  Here the path
 * gives:
 *
 *   VF_LEN, VD_LEN   floats and doubles per vector: the path's native width
 *                    (scalar: 1, so the same code is plain C)
 *   SBOKEH_REGISTERS vector registers (32 with AVX-512, else 16), which the
 *                    kernels' register blocks are sized by
 *   SBOKEH_KERNELS(name)  name_avx512 / _avx2 / _sse2 / _scalar: the
 *                    exported table of this compilation
 *
 * The vector types are GCC vector extensions, loaded and stored unaligned
 * through memcpy.  Padding that data structures outside the kernels depend
 * on (rows rounded up to whole blocks) uses the widest path's size,
 * SBOKEH_VD_MAX (simd.h), so that every path fits in it.
 */
#ifndef SBOKEH_SIMD_WIDTH_H
#define SBOKEH_SIMD_WIDTH_H

#include <string.h>

#include "simd.h"

#if ! defined(SBOKEH_SIMD_BUILD)
#error "simd-width.h is for the kernel sources, compiled once per path"
#elif SBOKEH_SIMD_BUILD == 3   /* SBOKEH_SIMD_AVX512 (the preprocessor has no enums) */
#define VF_LEN 16
#define SBOKEH_REGISTERS 32
#define SBOKEH_KERNELS(name) name##_avx512
#elif SBOKEH_SIMD_BUILD == 2   /* SBOKEH_SIMD_AVX2 */
#define VF_LEN 8
#define SBOKEH_REGISTERS 16
#define SBOKEH_KERNELS(name) name##_avx2
#elif SBOKEH_SIMD_BUILD == 1   /* SBOKEH_SIMD_SSE2 */
#define VF_LEN 4
#define SBOKEH_REGISTERS 16
#define SBOKEH_KERNELS(name) name##_sse2
#else
#define VF_LEN 1
#define SBOKEH_REGISTERS 16
#define SBOKEH_KERNELS(name) name##_scalar
#endif
#define VD_LEN (VF_LEN > 1 ? VF_LEN / 2 : 1)
_Static_assert (SBOKEH_SIMD_SSE2 == 1 && SBOKEH_SIMD_AVX2 == 2 &&
                SBOKEH_SIMD_AVX512 == 3, "the numbers above follow simd.h");
_Static_assert (VD_LEN <= SBOKEH_VD_MAX, "SBOKEH_VD_MAX is the widest path");

/* Passing vectors by value between functions built for different targets
 * would change the ABI; ours never cross a function boundary (always
 * inlined), so GCC's note about it does not apply.  */
#pragma GCC diagnostic ignored "-Wpsabi"

/* Put before a loop whose count is a small constant (the accumulators of
 * a register block): GCC at -O2 leaves such loops rolled and then keeps the
 * accumulators in memory, one load and one store per multiply-add.  */
#if defined(__GNUC__) && ! defined(__clang__)
#define SBOKEH_UNROLL _Pragma ("GCC unroll 16")
#else
#define SBOKEH_UNROLL
#endif

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

#endif /* SBOKEH_SIMD_WIDTH_H */
