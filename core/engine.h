/* Separable Bokeh: which method applies the passes when the user asks for
 * "auto" — the faster of dense and boxes for the radius, rank and CPU path.
 *
 * Cost per output value on one core, from the engines' work:
 *
 *   dense  D_path · rank · size                 (size = 2 ⌈r⌉ + 1 taps)
 *   boxes  B0_path + B1_path · rank · pieces    (pieces: boxes-design.h)
 *
 * The constants are fitted to tools/bench boxes (12 MP, RGBA and RGB,
 * ranks 4 and 8) on each path; what matters is where the two lines cross,
 * which the README's performance notes give per path (docs/performance.md).
 * Boxes cost the same at any radius; dense grows with it; so auto is dense
 * up to a kernel size and boxes above it.
 */
#ifndef SBOKEH_ENGINE_H
#define SBOKEH_ENGINE_H

#include "filters.h"
#include "simd.h"

/* engine unless it is SBOKEH_ENGINE_AUTO; then the faster one.  */
SbokehEngine sbokeh_engine_resolve   (SbokehEngine engine,
                                      double       radius,
                                      int          rank,
                                      SbokehSimd   path);

/* The smallest kernel size (taps) at which auto picks boxes.  */
int          sbokeh_engine_crossover (int          rank,
                                      SbokehSimd   path);

const char  *sbokeh_engine_name      (SbokehEngine engine);

#endif /* SBOKEH_ENGINE_H */
