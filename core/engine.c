/* Separable Bokeh: the "auto" method's choice (see engine.h). */
#include "config.h"

#include <glib.h>

#include "boxes-design.h"
#include "engine.h"
#include "params.h"

/* Per path, seconds for a 12-megapixel RGBA float image on 2 threads:
 * dense_tap per tap and pair of the dense passes; boxes_fixed (running
 * sums, the ring of output rows in double) and boxes_piece per piece and
 * pair of the box passes.  Fitted to tools/bench boxes on an AMD EPYC
 * (Zen 5) at ranks 4 and 8 (a shared host: ±20 % from run to run, so the
 * crossovers are good to a few pixels of radius, where both methods cost
 * about the same anyway).  */
typedef struct
{
  double dense_tap;
  double boxes_fixed;
  double boxes_piece;
} Cost;

static const Cost costs[SBOKEH_SIMD_N_PATHS] = {
  [SBOKEH_SIMD_SCALAR] = { 0.0250, 1.00, 0.0030 },
  [SBOKEH_SIMD_SSE2]   = { 0.0060, 1.20, 0.0010 },
  [SBOKEH_SIMD_AVX2]   = { 0.0025, 0.50, 0.0005 },
  [SBOKEH_SIMD_AVX512] = { 0.0020, 0.45, 0.0004 },
};

static gboolean
boxes_faster (int        size,
              int        rank,
              SbokehSimd path)
{
  const Cost *c = &costs[(unsigned) path < SBOKEH_SIMD_N_PATHS ? path : 0];
  double      dense = c->dense_tap * rank * size;
  double      boxes = c->boxes_fixed +
                      c->boxes_piece * rank * sbokeh_boxes_design_pieces (rank);

  return boxes < dense;
}

SbokehEngine
sbokeh_engine_resolve (SbokehEngine engine,
                       double       radius,
                       int          rank,
                       SbokehSimd   path)
{
  if (engine != SBOKEH_ENGINE_AUTO)
    return engine;
  return boxes_faster (sbokeh_params_kernel_size (radius), rank, path)
         ? SBOKEH_ENGINE_BOXES : SBOKEH_ENGINE_DENSE;
}

int
sbokeh_engine_crossover (int        rank,
                         SbokehSimd path)
{
  int size;

  for (size = 3; size <= sbokeh_params_kernel_size (SBOKEH_RADIUS_MAX);
       size += 2)
    if (boxes_faster (size, rank, path))
      return size;
  return size;
}

const char *
sbokeh_engine_name (SbokehEngine engine)
{
  switch (engine)
    {
    case SBOKEH_ENGINE_DENSE: return "dense";
    case SBOKEH_ENGINE_BOXES: return "boxes";
    case SBOKEH_ENGINE_AUTO:  return "auto";
    }
  return "?";
}
