/* Separable Bokeh: the box engine's vector kernels, one table per CPU path
 * (internal to core/; boxes-kernels.c for the register blocks,
 * boxes-stream.c for how the passes use them).  Lengths n are multiples of
 * SBOKEH_BOXES_BLOCK; the places' weights coef are laid out with `stride`
 * doubles per place (one per filter).
 */
#ifndef SBOKEH_BOXES_KERNELS_H
#define SBOKEH_BOXES_KERNELS_H

#include "simd.h"

/* Rows of running sums computed together (their chains interleave).  */
#define SBOKEH_BOXES_ROW_GROUP 4
/* Values per block: every path's kernels work on whole blocks (2 vectors
 * of the widest path, twice).  */
#define SBOKEH_BOXES_BLOCK (4 * SBOKEH_VD_MAX)

typedef struct SbokehBoxesKernels
{
  /* Running sums along x of rows ≤ ROW_GROUP source rows of `pixels`
   * pixels: s[g] gets 0 then the sums, (pixels + 1) · channels values.  */
  void (*row_sums)         (const float *const *src,
                            double *const      *s,
                            int                 rows,
                            int                 pixels,
                            int                 channels);
  /* t_i[j] = before_i[j] + Σₖ coef[k · stride + i] · s[j + offset[k]]
   * for the rank filters i.  */
  void (*horizontal)       (const double  *s,
                            const int     *offset,
                            const double  *coef,
                            int            stride,
                            int            count,
                            double *const *before,
                            double *const *t,
                            int            rank,
                            int            n);
  /* Mirrored places: t_i[j] += Σₖ coef[k · stride + i] · (s[j + lo[k]] ∓
   * s[j + hi[k]]), − for the first n_even (symmetric) filters.  */
  void (*horizontal_pairs) (const double  *s,
                            const int     *lo,
                            const int     *hi,
                            const double  *coef,
                            int            stride,
                            int            count,
                            double *const *t,
                            int            rank,
                            int            n_even,
                            int            n);
  /* rows[k][j] += Σ_i coef[k · stride + i] · t_i[j], k < count.  */
  void (*vertical)         (double *const *rows,
                            const double  *coef,
                            int            stride,
                            int            count,
                            double *const *t,
                            int            rank,
                            int            n);
  /* Mirrored places: with e = Σ_{i<n_even} c_i t_i and o = the rest,
   * rows_a[k][j] += e + o, rows_b[k][j] += o − e (either may be NULL).  */
  void (*vertical_pairs)   (double *const *rows_a,
                            double *const *rows_b,
                            const double  *coef,
                            int            stride,
                            int            count,
                            double *const *t,
                            int            rank,
                            int            n_even,
                            int            n);
  /* out[j] += Σ_i a[i] t_i[j] + b[i] h_i[j].  */
  void (*repeat_row)       (double        *out,
                            double *const *t,
                            double *const *h,
                            const double  *a,
                            const double  *b,
                            int            rank,
                            int            n);
} SbokehBoxesKernels;

extern const SbokehBoxesKernels sbokeh_boxes_kernels_scalar;
#if defined(SBOKEH_SIMD_X86)
extern const SbokehBoxesKernels sbokeh_boxes_kernels_sse2;
extern const SbokehBoxesKernels sbokeh_boxes_kernels_avx2;
extern const SbokehBoxesKernels sbokeh_boxes_kernels_avx512;
#endif

#endif /* SBOKEH_BOXES_KERNELS_H */
