/* Separable Bokeh: the N separable passes on float pixel arrays.
 *
 * Pixels are SBOKEH_CHANNELS floats (premultiplied linear RGBA, GEGL's
 * "RaGaBaA float").  The passes compute the true convolution with
 * K / Σ K, K = Σᵢ uᵢ vᵢᵀ: for each i a horizontal 1-D convolution with vᵢ
 * then a vertical one with uᵢ, summed.  An impulse therefore comes out as
 * K itself, not its mirror image.
 */
#ifndef SBOKEH_CONVOLVE_H
#define SBOKEH_CONVOLVE_H

#include <glib.h>

#include "filters.h"

#define SBOKEH_CHANNELS 4

/* Filters ready to apply: float, the horizontal ones divided by Σ K.  */
typedef struct
{
  int    size;
  int    rank;
  float *vertical;    /* rank × size */
  float *horizontal;  /* rank × size, includes 1 / Σ K */
} SbokehPasses;

SbokehStatus sbokeh_convolve_prepare (const SbokehFilters *filters,
                                      SbokehPasses        *passes);
void         sbokeh_convolve_clear   (SbokehPasses        *passes);

/* Halo: how many pixels the passes read beyond each side of the output.  */
int          sbokeh_convolve_halo    (const SbokehPasses  *passes);

/* src holds (width + 2 halo) × (height + 2 halo) pixels, src_stride floats
 * per row, the output region's top-left pixel at (halo, halo).  dest gets
 * width × height pixels, dest_stride floats per row.  */
SbokehStatus sbokeh_convolve_region  (const SbokehPasses  *passes,
                                      const float         *src,
                                      gsize                src_stride,
                                      int                  width,
                                      int                  height,
                                      float               *dest,
                                      gsize                dest_stride);

#endif /* SBOKEH_CONVOLVE_H */
