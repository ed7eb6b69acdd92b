/* Separable Bokeh: the box engine's separable passes by running sums.
 *
 * Each pass looks its source's running sums up at the places where its
 * filters change (boxes-places.h): P + 1 lookups per pixel and filter for
 * P pieces, whatever the radius, where the dense passes (dense-passes.h)
 * take size multiply-adds.
 *
 * Same contract as the dense passes: true convolution with K / Σ K, src
 * with a halo of size / 2 pixels on each side, channels 1 … 4,
 * independent strips for threads.
 *
 * Precision: running sums over thousands of pixels in float would lose
 * the small values next to large ones (HDR), so they are kept in double,
 * restarted for every strip and band; the result equals the dense passes
 * with the same filters within float rounding
 * (tests/unit/test-boxes-passes.c).
 *
 * The work is done by the stream (boxes-stream.h), which these functions
 * feed a whole region at once; the kernels are the CPU path's
 * (boxes-kernels.h).
 */
#ifndef SBOKEH_BOXES_PASSES_H
#define SBOKEH_BOXES_PASSES_H

#include <glib.h>

#include "boxes-places.h"
#include "filters.h"

typedef struct
{
  int               size;
  int               rank;
  /* The CPU path's kernels (simd.h), chosen by
   * sbokeh_boxes_passes_prepare.  */
  const struct SbokehBoxesKernels *kernels;
  SbokehBoxesPlaces horizontal;
  SbokehBoxesPlaces vertical;
} SbokehBoxesPasses;

SbokehStatus sbokeh_boxes_passes_prepare  (const SbokehFilters     *filters,
                                           SbokehBoxesPasses       *passes);
void         sbokeh_boxes_passes_clear    (SbokehBoxesPasses       *passes);

int          sbokeh_boxes_passes_halo     (const SbokehBoxesPasses *passes);

/* Multiply-adds per output value, both passes and all pairs together
 * (lookup places × pairs; half as many places when mirrored).  */
int          sbokeh_boxes_passes_lookups  (const SbokehBoxesPasses *passes);

int          sbokeh_boxes_passes_n_strips (const SbokehBoxesPasses *passes,
                                           int                      channels,
                                           int                      width,
                                           int                      height);

SbokehStatus sbokeh_boxes_passes_strips   (const SbokehBoxesPasses *passes,
                                           int                      channels,
                                           const float             *src,
                                           gsize                    src_stride,
                                           int                      width,
                                           int                      height,
                                           float                   *dest,
                                           gsize                    dest_stride,
                                           int                      first,
                                           int                      last);

/* The whole region at once (a stream fed every row in one call).  */
SbokehStatus sbokeh_boxes_passes_region   (const SbokehBoxesPasses *passes,
                                           int                      channels,
                                           const float             *src,
                                           gsize                    src_stride,
                                           int                      width,
                                           int                      height,
                                           float                   *dest,
                                           gsize                    dest_stride);

#endif /* SBOKEH_BOXES_PASSES_H */
