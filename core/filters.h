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

/* How the passes are computed.  Dense: 1-D convolutions, O(size) per
 * pixel.  Boxes: the filters are piecewise constant (sums of boxes, see
 * boxes-design.h), so each 1-D convolution is a few lookups in running
 * sums (boxes-passes.h), O(pieces) per pixel whatever the radius.  */
typedef enum
{
  SBOKEH_ENGINE_DENSE = 0,
  SBOKEH_ENGINE_BOXES,
  /* Parameters only: the design picks the faster of the two for the
   * radius, rank and CPU path (engine.h); filters are never "auto".  */
  SBOKEH_ENGINE_AUTO
} SbokehEngine;

typedef struct
{
  int     size;        /* taps of every 1-D filter (odd) */
  int     rank;        /* number of pairs N */
  double *vertical;    /* N × size: uᵢ, applied along y */
  double *horizontal;  /* N × size: vᵢ, applied along x */
  SbokehEngine engine; /* how sbokeh_apply_buffer applies them */
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

/* How far the kernel K the passes apply is from the target T (size ×
 * size), as fractions that do not depend on the kernel's scale.  */
typedef struct
{
  double relative_l2;    /* ‖K − T‖ / ‖T‖ (Frobenius)                  */
  double negative_mass;  /* Σ max (−K, 0) / Σ K                        */
  double leakage;        /* Σ over T = 0 of |K| / Σ K                  */
  double most_negative;  /* min K / max K (0 when K ≥ 0)               */
} SbokehQuality;

SbokehStatus sbokeh_filters_quality     (const SbokehFilters *filters,
                                         const double        *target,
                                         SbokehQuality       *quality);

/* The maximal runs of equal values of f (n taps): their number, and if
 * starts is not NULL their first taps (up to n values).  A box filter's
 * pieces (boxes-design.h).  */
int          sbokeh_filters_runs        (const double        *f,
                                         int                  n,
                                         int                 *starts);

/* Parity of a filter f (n taps): +1 if f[k] = f[n − 1 − k], −1 if
 * f[k] = −f[n − 1 − k], 0 otherwise, up to tolerance × its largest |tap|
 * (each caller names the tolerance its use allows).  */
int          sbokeh_filters_parity      (const double        *f,
                                         int                  n,
                                         double               tolerance);

#endif /* SBOKEH_FILTERS_H */
