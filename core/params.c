/* Separable Bokeh: parameter defaults and validation. */
#include "config.h"

#include <math.h>

#include "params.h"

void
sbokeh_params_init_default (SbokehParams *params)
{
  params->radius          = SBOKEH_RADIUS_DEFAULT;
  params->rank            = SBOKEH_RANK_DEFAULT;
  params->l2_weight       = SBOKEH_L2_WEIGHT_DEFAULT;
  params->nonneg_weight   = SBOKEH_NONNEG_WEIGHT_DEFAULT;
  params->zeros_weight    = SBOKEH_ZEROS_WEIGHT_DEFAULT;
  params->max_evaluations = SBOKEH_EVALUATIONS_DEFAULT;
  params->aperture.shape     = SBOKEH_SHAPE_DISK;
  params->aperture.blades    = SBOKEH_BLADES_DEFAULT;
  params->aperture.rotation  = 0.0;
  params->aperture.curvature = SBOKEH_CURVATURE_DEFAULT;
  params->highlight_boost    = SBOKEH_HIGHLIGHT_BOOST_DEFAULT;
  params->engine             = SBOKEH_ENGINE_AUTO;
}

SbokehStatus
sbokeh_params_check_aperture (const SbokehAperture *a)
{
  if (! a)
    return SBOKEH_ERROR_ARGUMENT;
  if (a->shape == SBOKEH_SHAPE_DISK)
    return SBOKEH_OK;
  if (a->shape != SBOKEH_SHAPE_POLYGON || a->blades < SBOKEH_BLADES_MIN ||
      a->blades > SBOKEH_BLADES_MAX ||
      ! (fabs (a->rotation) <= SBOKEH_ROTATION_MAX) ||
      ! (a->curvature >= 0.0 && a->curvature <= 1.0))
    return SBOKEH_ERROR_APERTURE;
  return SBOKEH_OK;
}

int
sbokeh_params_kernel_size (double radius)
{
  if (! (radius >= SBOKEH_RADIUS_MIN && radius <= SBOKEH_RADIUS_MAX))
    return 0;

  return 2 * (int) ceil (radius) + 1;
}

static int
weight_ok (double w)
{
  return isfinite (w) && w >= 0.0 && w <= SBOKEH_WEIGHT_MAX;
}

SbokehStatus
sbokeh_params_check (const SbokehParams *params)
{
  int size;

  if (! params)
    return SBOKEH_ERROR_ARGUMENT;

  size = sbokeh_params_kernel_size (params->radius);
  if (size == 0)
    return SBOKEH_ERROR_RADIUS;

  if (params->rank < SBOKEH_RANK_MIN || params->rank > SBOKEH_RANK_MAX ||
      params->rank > size)
    return SBOKEH_ERROR_RANK;

  if (! weight_ok (params->l2_weight) || ! weight_ok (params->nonneg_weight) ||
      ! weight_ok (params->zeros_weight))
    return SBOKEH_ERROR_WEIGHT;

  if (params->l2_weight == 0.0 && params->nonneg_weight == 0.0 &&
      params->zeros_weight == 0.0)
    return SBOKEH_ERROR_WEIGHTS_ZERO;

  if (params->max_evaluations < 0 ||
      params->max_evaluations > SBOKEH_EVALUATIONS_MAX)
    return SBOKEH_ERROR_EVALUATIONS;

  if (params->engine != SBOKEH_ENGINE_DENSE &&
      params->engine != SBOKEH_ENGINE_BOXES &&
      params->engine != SBOKEH_ENGINE_AUTO)
    return SBOKEH_ERROR_ARGUMENT;

  if (! (params->highlight_boost >= 0.0 &&
         params->highlight_boost <= SBOKEH_HIGHLIGHT_BOOST_MAX))
    return SBOKEH_ERROR_HIGHLIGHTS;

  return sbokeh_params_check_aperture (&params->aperture);
}

int
sbokeh_params_same_design (const SbokehParams *a,
                           const SbokehParams *b)
{
  return a->radius == b->radius && a->rank == b->rank &&
         a->engine == b->engine &&
         a->l2_weight == b->l2_weight &&
         a->nonneg_weight == b->nonneg_weight &&
         a->zeros_weight == b->zeros_weight &&
         a->max_evaluations == b->max_evaluations &&
         a->aperture.shape == b->aperture.shape &&
         (a->aperture.shape == SBOKEH_SHAPE_DISK ||
          (a->aperture.blades == b->aperture.blades &&
           a->aperture.rotation == b->aperture.rotation &&
           a->aperture.curvature == b->aperture.curvature));
}
