/* Separable Bokeh: the values the passes take, and what they give back.
 *
 * Taking a band (before the passes), every value becomes one the passes can
 * sum without harm beyond its footprint:
 *   NaN                          → 0, and a pixel whose alpha is NaN
 *                                  becomes transparent black (all 0);
 *   ±Inf, |v| > SBOKEH_VALUE_MAX → ±SBOKEH_VALUE_MAX.
 * Without this, one NaN spreads past its footprint in the dense passes (a
 * register block multiplies its zero-padded taps by every value: 0 · NaN
 * is NaN) and to the end of its row and column in the box engine, whose
 * running sums also carry an Inf, or the rounding of a value of 10³⁰, to
 * every later sum.  So a NaN pixel blurs as a black one would.
 *
 * With the highlight boost b > 0 (params.h), the colour v (unpremultiplied)
 * above the knee k is then expanded, v → min (k (v / k)^(1 + b),
 * SBOKEH_VALUE_MAX), and after the passes compressed back by the inverse;
 * the result is clamped per channel to the range of the colours taken
 * (sbokeh_values_range): a filter's small negative lobes times an expanded
 * highlight (10¹³ for a highlight of 4 at b = 15) would otherwise draw far
 * below black, or overflow.  Without boost nothing is clamped: the plain
 * blur, exactly.
 *
 * Cost: one vectorised read of the band when it holds nothing to fix (the
 * usual case); the boost adds a pow () per colour above the knee.
 */
#ifndef SBOKEH_VALUES_H
#define SBOKEH_VALUES_H

#include <glib.h>

#include "params.h"

/* The largest magnitude the passes take.  The box engine's running sums
 * are doubles: a value of magnitude M leaves an error of about M · 2⁻⁵³
 * (1e-6 here) on every later sum of its row and column, below float's
 * resolution for the values around it (tests/unit/test-values.c asserts
 * 1e-5 beyond the footprint).  Scene-linear HDR photos reach ~1e5 (the
 * sun); with boost 7 highlights up to ~9.6 expand without reaching it, at
 * boost 15 up to ~2.2.  */
#define SBOKEH_VALUE_MAX 1e10

/* Channels per pixel at most (RGBA).  */
#define SBOKEH_VALUES_CHANNELS_MAX 4

/* The range of the unpremultiplied colours taken, per colour channel
 * (alpha excluded; pixels with almost no alpha have no colour to count).  */
typedef struct
{
  float lo[SBOKEH_VALUES_CHANNELS_MAX];
  float hi[SBOKEH_VALUES_CHANNELS_MAX];
} SbokehValuesRange;

/* An empty range (lo = +Inf, hi = −Inf), to widen band by band.  */
void sbokeh_values_range_init (SbokehValuesRange *range);

/* Takes rows × pixels pixels of channels floats (1 … 4: Y, YA, RGB, RGBA,
 * alpha premultiplied and last), rows stride floats apart: the values made
 * safe, then with boost > 0 expanded and range widened to their colours
 * (range may be NULL without boost).  Runs on GEGL's threads.  */
void sbokeh_values_take (float             *data,
                         gsize              stride,
                         int                pixels,
                         int                rows,
                         int                channels,
                         double             boost,
                         SbokehValuesRange *range);

/* Gives back what the passes made of taken values: with boost > 0
 * compressed and clamped to range; without boost untouched.  */
void sbokeh_values_give (float                   *data,
                         gsize                    stride,
                         int                      pixels,
                         int                      rows,
                         int                      channels,
                         double                   boost,
                         const SbokehValuesRange *range);

#endif /* SBOKEH_VALUES_H */
