/* Separable Bokeh: what grain-measure.c and grain-spectrum.c share
 * (internal; grain.h is the API).  */
#ifndef SBOKEH_GRAIN_PRIVATE_H
#define SBOKEH_GRAIN_PRIVATE_H

#include "grain.h"

#define SBOKEH_GRAIN_BINS (SBOKEH_GRAIN_BLOCK * SBOKEH_GRAIN_BLOCK)
/* Channel pairs c ≤ d: 6 for RGB.  */
#define SBOKEH_GRAIN_PAIRS \
  (SBOKEH_GRAIN_CHANNELS_MAX * (SBOKEH_GRAIN_CHANNELS_MAX + 1) / 2)

/* The index of pair (c, d), c ≤ d, among channels pairs.  */
static inline int
sbokeh_grain_pair (int c,
                   int d,
                   int channels)
{
  return c * channels - c * (c - 1) / 2 + (d - c);
}

/* The summed (cross-)periodograms F_c F_d* of some blocks, per pair and
 * bin (row-major ky, kx).  */
typedef struct
{
  double re[SBOKEH_GRAIN_PAIRS][SBOKEH_GRAIN_BINS];
  double im[SBOKEH_GRAIN_PAIRS][SBOKEH_GRAIN_BINS];
} SbokehGrainSpectra;

/* The 2-D DFT of a block in place (SBOKEH_GRAIN_BLOCK², row-major),
 * forward (e^−i) or inverse (e^+i, unscaled).  */
void sbokeh_grain_fft2 (double  *re,
                        double  *im,
                        gboolean inverse);

/* Adds the block's residuals' periodograms (channels planes of
 * SBOKEH_GRAIN_BINS values, destroyed) to sum.  */
void sbokeh_grain_spectra_add (SbokehGrainSpectra *sum,
                               double             *residuals,
                               int                 channels);

/* Turns the sum of blocks flat blocks' periodograms, chosen as the
 * lowest fraction selected / usable of the usable blocks' scores, into
 * the grain (σ, correlation, kernels); sum is changed.  */
void sbokeh_grain_from_spectra (SbokehGrainSpectra *sum,
                                int                 channels,
                                int                 blocks,
                                int                 selected,
                                int                 usable,
                                SbokehGrain        *grain);

#endif /* SBOKEH_GRAIN_PRIVATE_H */
