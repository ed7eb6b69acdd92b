/* Separable Bokeh: the design pipeline. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "design.h"
#include "engine.h"
#include "lowrank.h"

SbokehStatus
sbokeh_design_run (const SbokehParams *params,
                   SbokehDesign       *design)
{
  SbokehOptimizeOptions options;
  SbokehStatus          status;
  SbokehSimd            path;
  gint64                start;

  if (! design)
    return SBOKEH_ERROR_ARGUMENT;
  memset (design, 0, sizeof (*design));

  status = sbokeh_params_check (params);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;
  design->params = *params;
  /* The picture is the caller's and may be gone when the design is read:
   * the design keeps its hash (sbokeh_params_same_design) and T.  */
  design->params.aperture.picture = NULL;
  design->engine = sbokeh_engine_resolve (params->engine, params->radius,
                                          params->rank, path);

  status = sbokeh_kernel_aperture (params->radius, &params->aperture,
                                   &design->target);
  if (status != SBOKEH_OK)
    goto fail;

  design->singular_values = g_try_new (double, design->target.size);
  if (! design->singular_values)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto fail;
    }

  start = g_get_monotonic_time ();
  status = sbokeh_lowrank_svd (design->target.data, design->target.size,
                               params->rank, &design->svd,
                               design->singular_values);
  design->svd_seconds = (g_get_monotonic_time () - start) * 1e-6;
  if (status != SBOKEH_OK)
    goto fail;

  status = sbokeh_filters_copy (&design->svd, &design->filters);
  if (status != SBOKEH_OK)
    goto fail;

  options.l2_weight       = params->l2_weight;
  options.nonneg_weight   = params->nonneg_weight;
  options.zeros_weight    = params->zeros_weight;
  options.max_evaluations = params->max_evaluations;
  status = sbokeh_optimize (design->target.data, &design->filters, &options,
                            &design->optimize);
  if (status != SBOKEH_OK)
    goto fail;

  if (design->engine == SBOKEH_ENGINE_BOXES)
    {
      int pieces = sbokeh_boxes_design_pieces (params->rank);

      design->dense = design->filters;
      memset (&design->filters, 0, sizeof (design->filters));
      status = sbokeh_boxes_design_run (design->target.data, &design->dense,
                                        pieces, &options, &design->filters,
                                        &design->boxes);
      if (status != SBOKEH_OK)
        goto fail;
    }

  return SBOKEH_OK;

fail:
  sbokeh_design_clear (design);
  return status;
}

void
sbokeh_design_clear (SbokehDesign *design)
{
  if (! design)
    return;
  sbokeh_kernel_clear (&design->target);
  sbokeh_filters_clear (&design->svd);
  sbokeh_filters_clear (&design->filters);
  sbokeh_filters_clear (&design->dense);
  g_free (design->singular_values);
  design->singular_values = NULL;
}
