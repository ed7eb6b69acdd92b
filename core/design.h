/* Separable Bokeh: from parameters to filters.
 *
 * The whole design pipeline: target aperture T (kernel.h) → rank-N SVD
 * (lowrank.h) → optimised pairs (optimize.h).  The result depends only on
 * the parameters, so callers may cache it.
 */
#ifndef SBOKEH_DESIGN_H
#define SBOKEH_DESIGN_H

#include "boxes-design.h"
#include "filters.h"
#include "kernel.h"
#include "optimize.h"
#include "params.h"

typedef struct
{
  SbokehParams         params;           /* as asked (engine may be auto);
                                            a custom aperture's picture
                                            NULL, its hash kept        */
  SbokehEngine         engine;           /* the method of the filters:
                                            params.engine, or auto's choice
                                            for this CPU path (engine.h) */
  SbokehKernel         target;           /* T, unnormalised (0 … 1)      */
  SbokehFilters        svd;              /* the SVD start                */
  SbokehFilters        filters;          /* the optimised pairs: what to
                                            apply (engine as params)    */
  SbokehFilters        dense;            /* boxes engine: the optimised
                                            dense pairs they start from */
  double              *singular_values;  /* target.size values, descending */
  double               svd_seconds;
  SbokehOptimizeReport optimize;
  SbokehBoxesDesignReport    boxes;            /* boxes engine only           */
} SbokehDesign;

SbokehStatus sbokeh_design_run   (const SbokehParams *params,
                                  SbokehDesign       *design);
void         sbokeh_design_clear (SbokehDesign       *design);

#endif /* SBOKEH_DESIGN_H */
