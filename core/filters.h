/* Separable Bokeh: a bank of N separable filter pairs.
 *
 * The kernel they stand for is K = Σᵢ uᵢ vᵢᵀ, i.e.
 * K[y][x] = Σᵢ vertical[i][y] · horizontal[i][x].
 * Applying it is N passes: a horizontal 1-D convolution with vᵢ then a
 * vertical one with uᵢ, summed.
 */
#ifndef SBOKEH_FILTERS_H
#define SBOKEH_FILTERS_H

#include "status.h"

typedef struct
{
  int     size;        /* taps of every 1-D filter (odd) */
  int     rank;        /* number of pairs N */
  double *vertical;    /* N × size: uᵢ, applied along y */
  double *horizontal;  /* N × size: vᵢ, applied along x */
} SbokehFilters;

SbokehStatus sbokeh_filters_init        (SbokehFilters       *filters,
                                         int                  size,
                                         int                  rank);
void         sbokeh_filters_clear       (SbokehFilters       *filters);
SbokehStatus sbokeh_filters_copy        (const SbokehFilters *src,
                                         SbokehFilters       *dest);

/* K = Σᵢ uᵢ vᵢᵀ into out (size × size, row-major).  */
void         sbokeh_filters_reconstruct (const SbokehFilters *filters,
                                         double              *out);

/* Σ K = Σᵢ (Σ uᵢ)(Σ vᵢ): what the passes divide by.  */
double       sbokeh_filters_sum         (const SbokehFilters *filters);

#endif /* SBOKEH_FILTERS_H */
