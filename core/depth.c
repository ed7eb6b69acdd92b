/* Separable Bokeh: depth of field from a depth map, in layers (depth.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth-private.h"

/* Pixels per band of the per-pixel steps (4 MiB of RGBA floats), so that
 * memory does not grow with the image beyond GEGL's tiles.  */
#define DEPTH_BAND_PIXELS  (1 << 18)

double
sbokeh_depth_radius (const SbokehDepth *depth,
                     double             radius,
                     double             d)
{
  double off;

  if (! isfinite (d))
    return 0.0;
  d = CLAMP (d, SBOKEH_DEPTH_MIN, SBOKEH_DEPTH_MAX);
  if (depth->invert)
    d = SBOKEH_DEPTH_MAX - d;
  off = fabs (d - depth->focus_depth) - depth->focus_range;
  if (! (off > 0.0))
    return 0.0;
  return d > depth->focus_depth ? radius * off : -radius * off;
}

static gboolean
cancelled (const SbokehDepthRun *dof)
{
  return dof->cancel && g_atomic_int_get (dof->cancel);
}

/* Pass 1: the signed radius of every pixel into dof->t; its range.  */
static void
scan_radii (SbokehDepthRun *dof,
            GeglBuffer     *depth_map,
            double         *lo,
            double         *hi)
{
  const Babl *format = babl_format_with_space (
                         "Y' float", gegl_buffer_get_format (depth_map));
  const GeglRectangle *area = &dof->work;
  float      *d = dof->band[0];
  int         y;
  gsize       i;

  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (y = 0; y < area->height; y += dof->band_rows)
    {
      GeglRectangle r = sbokeh_depth_band_at (dof, area, y);
      gsize         n = (gsize) r.width * r.height;

      sbokeh_depth_get (depth_map, &r, format, d);
      for (i = 0; i < n; i++)
        {
          double s = sbokeh_depth_radius (dof->depth, dof->params->radius,
                                          d[i]);

          d[i] = (float) s;
          *lo = MIN (*lo, d[i]);
          *hi = MAX (*hi, d[i]);
          sbokeh_depth_ladder_count (&dof->ladder, fabsf (d[i]));
        }
      sbokeh_depth_set (dof->t, &r, dof->gray, d);
    }
}

/* Pass 2: radii to slice coordinates, and which slices hold pixels.  */
static void
scan_slices (SbokehDepthRun *dof)
{
  const GeglRectangle *area = &dof->work;
  float               *t = dof->band[0];
  int                  x0[SBOKEH_DEPTH_N_SLICES];
  int                  x1[SBOKEH_DEPTH_N_SLICES];
  int                  y0[SBOKEH_DEPTH_N_SLICES];
  int                  y1[SBOKEH_DEPTH_N_SLICES];
  int                  y, j;
  gsize                i;

  for (j = 0; j <= 2 * dof->ladder.n; j++)
    {
      x0[j] = y0[j] = G_MAXINT;
      x1[j] = y1[j] = G_MININT;
    }
  memset (dof->present, 0, sizeof (dof->present));
  for (y = 0; y < area->height; y += dof->band_rows)
    {
      GeglRectangle r = sbokeh_depth_band_at (dof, area, y);
      gsize         n = (gsize) r.width * r.height;

      sbokeh_depth_get (dof->t, &r, dof->gray, t);
      for (i = 0; i < n; i++)
        {
          int x = r.x + (int) (i % r.width), yy = r.y + (int) (i / r.width);
          int k, last;

          t[i] = sbokeh_depth_ladder_coordinate (&dof->ladder, t[i]);
          k = (int) floorf (t[i]) + dof->ladder.n;
          last = t[i] > floorf (t[i]) && k < 2 * dof->ladder.n ? k + 1 : k;
          for (; k <= last; k++)
            {
              x0[k] = MIN (x0[k], x);
              x1[k] = MAX (x1[k], x);
              y0[k] = MIN (y0[k], yy);
              y1[k] = MAX (y1[k], yy);
            }
        }
      sbokeh_depth_set (dof->t, &r, dof->gray, t);
    }
  for (j = 0; j <= 2 * dof->ladder.n; j++)
    {
      dof->present[j] = x1[j] >= x0[j];
      if (dof->present[j])
        dof->boxes[j] = (GeglRectangle) { x0[j], y0[j], x1[j] - x0[j] + 1,
                                          y1[j] - y0[j] + 1 };
    }
}

/* One depth everywhere: the plain blur at its radius, or a copy.  */
static SbokehStatus
uniform (const SbokehParams  *params,
         double               radius,
         GeglBuffer          *input,
         GeglBuffer          *output,
         const GeglRectangle *region,
         SbokehProgressFunc   progress,
         gpointer             user_data,
         const gint          *cancel)
{
  SbokehParams p = *params;
  SbokehDesign design;
  SbokehStatus status;

  if (radius < SBOKEH_DEPTH_COPY_RADIUS)
    {
      gegl_buffer_copy (input, region, GEGL_ABYSS_NONE, output, region);
      if (progress && ! progress (1.0, user_data))
        return SBOKEH_ERROR_CANCELLED;
      return SBOKEH_OK;
    }
  p.radius = radius;
  sbokeh_params_fit_rank (&p);
  status = sbokeh_design_run (&p, &design);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_apply_buffer (&design.filters, params->highlight_boost,
                                input, output, region, progress, user_data,
                                cancel);
  sbokeh_design_clear (&design);
  return status;
}

static void
depth_clear (SbokehDepthRun *dof)
{
  int k;

  sbokeh_depth_slices_clear (dof);
  for (k = 0; k < 4; k++)
    g_free (dof->band[k]);
  g_clear_object (&dof->t);
  g_clear_object (&dof->image);
  g_clear_object (&dof->acc);
  g_clear_object (&dof->layer);
  g_clear_object (&dof->weight);
  g_clear_object (&dof->blurred);
  g_clear_object (&dof->blurred_weight);
}

SbokehStatus
sbokeh_depth_apply (const SbokehParams  *params,
                    const SbokehDepth   *depth,
                    GeglBuffer          *input,
                    GeglBuffer          *depth_map,
                    GeglBuffer          *output,
                    const GeglRectangle *roi,
                    SbokehProgressFunc   progress,
                    gpointer             user_data,
                    const gint          *cancel)
{
  SbokehDepthRun dof;
  SbokehStatus   status;
  GeglRectangle  region;
  gsize          floats;
  double         lo, hi, previous = 0.0;
  int            halo, j, total = 0, done = 0;
  gboolean       composited = FALSE;

  if (! params || ! depth || ! GEGL_IS_BUFFER (input) ||
      ! GEGL_IS_BUFFER (depth_map) || ! GEGL_IS_BUFFER (output) ||
      ! (depth->focus_depth >= SBOKEH_DEPTH_MIN &&
         depth->focus_depth <= SBOKEH_DEPTH_MAX) ||
      ! (depth->focus_range >= SBOKEH_DEPTH_MIN &&
         depth->focus_range <= SBOKEH_DEPTH_MAX))
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_params_check (params);
  if (status != SBOKEH_OK)
    return status;

  region = roi ? *roi : *gegl_buffer_get_extent (input);
  if (region.width < 1 || region.height < 1)
    return SBOKEH_OK;

  memset (&dof, 0, sizeof (dof));
  dof.params = params;
  dof.depth = depth;
  dof.cancel = cancel;
  dof.rgba = babl_format_with_space ("RaGaBaA float",
                                     gegl_buffer_get_format (input));
  dof.gray = babl_format_with_space ("Y float",
                                     gegl_buffer_get_format (input));
  /* The region and what its blurs read around it, within the input
   * (beyond, the blurs repeat the edges as sbokeh_apply_buffer does): a
   * layer's blur reaches R, a fill blurs the blurred layers behind once
   * more.  */
  halo = 2 * ((int) ceil (params->radius) + 1);
  dof.work = region;
  if (region.width > G_MAXINT - 2 * halo ||
      region.height > G_MAXINT - 2 * halo)
    return SBOKEH_ERROR_OVERFLOW;
  dof.work.x -= halo;
  dof.work.y -= halo;
  dof.work.width += 2 * halo;
  dof.work.height += 2 * halo;
  if (! gegl_rectangle_intersect (&dof.work, &dof.work,
                                  gegl_buffer_get_extent (input)) ||
      ! gegl_rectangle_contains (&dof.work, &region))
    return SBOKEH_ERROR_ARGUMENT;

  dof.band_rows = MAX (DEPTH_BAND_PIXELS / dof.work.width, 1);
  dof.band_rows = MIN (dof.band_rows, dof.work.height);
  if (! g_size_checked_mul (&floats, (gsize) dof.work.width * 4,
                            dof.band_rows) ||
      floats > G_MAXSIZE / sizeof (float))
    return SBOKEH_ERROR_OVERFLOW;
  for (j = 0; j < 4; j++)
    if (! (dof.band[j] = g_try_new (float, floats)))
      {
        depth_clear (&dof);
        return SBOKEH_ERROR_NO_MEMORY;
      }

  dof.t = gegl_buffer_new (&dof.work, dof.gray);
  scan_radii (&dof, depth_map, &lo, &hi);
  if (lo == hi)
    {
      depth_clear (&dof);
      return uniform (params, fabs (lo), input, output, &region, progress,
                      user_data, cancel);
    }
  status = sbokeh_depth_ladder_make (&dof.ladder,
                                     MAX (fabs (lo), fabs (hi)));
  if (status != SBOKEH_OK)
    goto out;
  scan_slices (&dof);

  /* The input once in the working format: each slice reads it.  */
  dof.image = gegl_buffer_new (&dof.work, dof.rgba);
  gegl_buffer_copy (input, &dof.work, GEGL_ABYSS_NONE, dof.image, &dof.work);
  dof.acc = gegl_buffer_new (&dof.work, dof.rgba);
  dof.layer = gegl_buffer_new (&dof.work, dof.rgba);
  dof.blurred = gegl_buffer_new (&dof.work, dof.rgba);
  dof.weight = gegl_buffer_new (&dof.work, dof.gray);
  dof.blurred_weight = gegl_buffer_new (&dof.work, dof.gray);
  for (j = -dof.ladder.n; j <= dof.ladder.n; j++)
    total += dof.present[j + dof.ladder.n];

  for (j = -dof.ladder.n; j <= dof.ladder.n; j++)
    {
      double   r = dof.ladder.radii[ABS (j)];

      if (! dof.present[j + dof.ladder.n])
        continue;
      if (cancelled (&dof))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
      if (r >= SBOKEH_DEPTH_COPY_RADIUS && r > previous && composited)
        {
          status = sbokeh_depth_slices_fill (&dof, j);
          if (status != SBOKEH_OK)
            goto out;
        }
      if (r < SBOKEH_DEPTH_COPY_RADIUS)
        sbokeh_depth_slices_copy (&dof, j);
      else
        {
          status = sbokeh_depth_slices_blur (&dof, j);
          if (status != SBOKEH_OK)
            goto out;
        }
      previous = r;
      composited = TRUE;
      if (progress && ! progress ((double) ++done / total, user_data))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
    }
  gegl_buffer_copy (dof.acc, &region, GEGL_ABYSS_NONE, output, &region);

out:
  depth_clear (&dof);
  return status;
}
