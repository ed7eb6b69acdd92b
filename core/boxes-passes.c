/* Separable Bokeh: the box engine's passes by running sums (see
 * boxes-passes.h).  */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "boxes-kernels.h"
#include "boxes-passes.h"
#include "boxes-stream.h"

/* Strip width.  The ring is worked on one column block at a time
 * (strip () in boxes-stream.c), so the strip's width does not decide what stays in cache;
 * wider strips share the running sums over the halo columns among more
 * pixels (measured: 1024 values slower at radius 200, 4096 slower still
 * — the chunk's running sums leave L2).  */
/* Strips no wider than this (512 RGBA pixels), so that a region has
 * strips for every thread.  */
#define STRIP_MAX_VALUES 2048

SbokehStatus
sbokeh_boxes_passes_prepare (const SbokehFilters *filters,
                             SbokehBoxesPasses   *rs)
{
  SbokehStatus status;
  SbokehSimd   path;
  double       sum;

  if (! rs)
    return SBOKEH_ERROR_ARGUMENT;
  memset (rs, 0, sizeof (*rs));
  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;
  if (! filters || filters->size < 1 || filters->rank < 1 ||
      ! filters->vertical || ! filters->horizontal)
    return SBOKEH_ERROR_ARGUMENT;

  sum = sbokeh_filters_sum (filters);
  if (! isfinite (sum) || fabs (sum) < 1e-12)
    return SBOKEH_ERROR_ARGUMENT;

  status = sbokeh_boxes_places_build (&rs->horizontal, filters->horizontal,
                                      filters->size, filters->rank,
                                      1.0 / sum);
  if (status == SBOKEH_OK)
    status = sbokeh_boxes_places_build (&rs->vertical, filters->vertical,
                                        filters->size, filters->rank, 1.0);
  if (status != SBOKEH_OK || rs->vertical.count < 1)
    {
      sbokeh_boxes_passes_clear (rs);
      return status != SBOKEH_OK ? status : SBOKEH_ERROR_ARGUMENT;
    }
  rs->size = filters->size;
  rs->rank = filters->rank;
  rs->kernels = SBOKEH_SIMD_PICK (sbokeh_boxes_kernels, path);
  return SBOKEH_OK;
}

void
sbokeh_boxes_passes_clear (SbokehBoxesPasses *rs)
{
  if (! rs)
    return;
  sbokeh_boxes_places_clear (&rs->horizontal);
  sbokeh_boxes_places_clear (&rs->vertical);
  memset (rs, 0, sizeof (*rs));
}

int
sbokeh_boxes_passes_halo (const SbokehBoxesPasses *rs)
{
  return rs->size / 2;
}

int
sbokeh_boxes_passes_lookups (const SbokehBoxesPasses *rs)
{
  const SbokehBoxesPlaces *h = &rs->horizontal, *v = &rs->vertical;

  /* A mirrored pair of places is one multiply-add per filter.  */
  return ((h->mirrored ? h->count / 2 : h->count) +
          (v->mirrored ? v->count / 2 : v->count)) * rs->rank;
}

int
sbokeh_boxes_passes_n_strips (const SbokehBoxesPasses *rs,
                              int                      channels,
                              int                      width,
                              int                      height)
{
  int pixels = STRIP_MAX_VALUES / MAX (channels, 1);

  (void) height;
  if (! rs || rs->rank < 1 || channels < 1 || width < 1)
    return 0;
  return (width + pixels - 1) / pixels;
}

SbokehStatus
sbokeh_boxes_passes_strips (const SbokehBoxesPasses *rs,
                            int                      channels,
                            const float             *src,
                            gsize                    src_stride,
                            int                      width,
                            int                      height,
                            float                   *dest,
                            gsize                    dest_stride,
                            int                      first,
                            int                      last)
{
  SbokehBoxesStream *st;
  SbokehStatus       status;

  if (! rs || ! src || ! dest)
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_boxes_stream_new (rs, channels, width, height, &st);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_boxes_stream_strips (st, src, src_stride,
                                       height + rs->size - 1, dest,
                                       dest_stride, first, last);
  sbokeh_boxes_stream_free (st);
  return status;
}

SbokehStatus
sbokeh_boxes_passes_region (const SbokehBoxesPasses *rs,
                            int                      channels,
                            const float             *src,
                            gsize                    src_stride,
                            int                      width,
                            int                      height,
                            float                   *dest,
                            gsize                    dest_stride)
{
  return sbokeh_boxes_passes_strips (rs, channels, src, src_stride, width,
                                     height, dest, dest_stride, 0, G_MAXINT);
}
