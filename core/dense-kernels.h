/* Separable Bokeh: the dense passes' vector kernels, one table per CPU
 * path (internal to core/; see dense-kernels.c for the register blocks).
 */
#ifndef SBOKEH_DENSE_KERNELS_H
#define SBOKEH_DENSE_KERNELS_H

#include <glib.h>

#include "simd.h"

/* Output rows per vertical block; the vertical filter is padded with this
 * many zeros on each side.  */
#define SBOKEH_DENSE_VROWS 4

typedef struct SbokehDenseKernels
{
  /* out[j] = Σₖ h[k] · in[j + k · step], j < n; h already flipped.  */
  void (*row)          (const float  *in,
                        float        *out,
                        int           n,
                        const float  *h,
                        int           size,
                        int           step);
  /* count ≤ 4 mirrored filters of one parity `sign` from one read of the
   * row: outs[g][j] = Σₖ w[g][k] · (in[j + k·step] ± in[j + (size − 1 −
   * k)·step]) for k < half, plus the centre tap; w[g] holds the first
   * half + 1 taps of the flipped filter, size = 2 · half + 1.  */
  void (*mirrored)     (const float  *in,
                        float *const *outs,
                        int           n,
                        const float  *w,
                        int           half,
                        int           step,
                        int           sign,
                        int           count);
  /* dest[y][j] += Σₖ v[k] · tmp[y + k][j] for y < rows, j < n, with
   * vpad[SBOKEH_DENSE_VROWS + k] = v[k] and zeros around.  */
  void (*vertical_add) (const float  *tmp,
                        gsize         tmp_stride,
                        float        *dest,
                        gsize         dest_stride,
                        int           rows,
                        int           n,
                        const float  *vpad,
                        int           size);
  /* Floats per vertical block: strips are whole blocks wide (the tails
   * run one value at a time).  */
  int   block;
} SbokehDenseKernels;

extern const SbokehDenseKernels sbokeh_dense_kernels_scalar;
#if defined(SBOKEH_SIMD_X86)
extern const SbokehDenseKernels sbokeh_dense_kernels_sse2;
extern const SbokehDenseKernels sbokeh_dense_kernels_avx2;
extern const SbokehDenseKernels sbokeh_dense_kernels_avx512;
#endif

#endif /* SBOKEH_DENSE_KERNELS_H */
