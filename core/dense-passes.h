/* Separable Bokeh: the dense engine's N separable passes on float pixel
 * arrays.
 *
 * Pixels are `channels` floats (1 … 4: Y, YA, RGB or premultiplied RGBA in
 * linear light; the passes treat every channel alike).  The passes compute
 * the true convolution with K / Σ K, K = Σᵢ uᵢ vᵢᵀ: for each i a
 * horizontal 1-D convolution with vᵢ then a vertical one with uᵢ, summed.
 * An impulse therefore comes out as K itself, not its mirror image.
 *
 * Layout of a call: src holds (width + 2 halo) × (height + 2 halo) pixels,
 * src_stride floats per row, the output's top-left pixel at (halo, halo);
 * dest gets width × height pixels, dest_stride floats per row.
 */
#ifndef SBOKEH_DENSE_PASSES_H
#define SBOKEH_DENSE_PASSES_H

#include <glib.h>

#include "filters.h"

#define SBOKEH_CHANNELS_MAX 4

/* Filters ready to apply: float, the horizontal ones divided by Σ K.
 * When every horizontal filter is mirror-symmetric or antisymmetric (the
 * disk's are), the pairs are stored symmetric ones first and `n_even`
 * counts those; the fast path then adds the two mirrored taps before
 * multiplying, and feeds all ranks from one read of the row.  */
typedef struct
{
  int       size;
  int       rank;
  float    *vertical;    /* rank × size */
  float    *horizontal;  /* rank × size, includes 1 / Σ K */
  gboolean  mirrored;    /* every horizontal filter has a parity */
  int       n_even;      /* the first n_even are symmetric, the rest
                            antisymmetric (when mirrored)          */
  /* The CPU path's kernels (simd.h), chosen by
   * sbokeh_dense_passes_prepare.  */
  const struct SbokehDenseKernels *kernels;
} SbokehDensePasses;

SbokehStatus sbokeh_dense_passes_prepare  (const SbokehFilters     *filters,
                                           SbokehDensePasses       *passes);
void         sbokeh_dense_passes_clear    (SbokehDensePasses       *passes);

/* Halo: how many pixels the passes read beyond each side of the output.  */
int          sbokeh_dense_passes_halo     (const SbokehDensePasses *passes);

/* The fast passes work on vertical strips of the output, each with its
 * own scratch that stays in cache; strips are independent, so callers may
 * run them on several threads.  */
int          sbokeh_dense_passes_n_strips (const SbokehDensePasses *passes,
                                           int                      channels,
                                           int                      width,
                                           int                      height);

/* Strips first … last − 1 of the region.  */
SbokehStatus sbokeh_dense_passes_strips   (const SbokehDensePasses *passes,
                                           int                      channels,
                                           const float             *src,
                                           gsize                    src_stride,
                                           int                      width,
                                           int                      height,
                                           float                   *dest,
                                           gsize                    dest_stride,
                                           int                      first,
                                           int                      last);

/* All strips, on the calling thread.  The straightforward version (one
 * scratch for the whole region, plain loops), the reference these are
 * tested and benchmarked against, is in
 * tests/reference/dense-passes-reference.h.  */
SbokehStatus sbokeh_dense_passes_region   (const SbokehDensePasses *passes,
                                           int                      channels,
                                           const float             *src,
                                           gsize                    src_stride,
                                           int                      width,
                                           int                      height,
                                           float                   *dest,
                                           gsize                    dest_stride);

#endif /* SBOKEH_DENSE_PASSES_H */
