/* Separable Bokeh: depth of field from a depth map, in layers (depth.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth-private.h"
#include "memory.h"
#include "values.h"

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

/* A's rows out, through the output's working format (an 8-bit RGB layer
 * converts from RGB float twice as fast as from premultiplied).  */
static void
out_rows (SbokehDepthRun          *dof,
          int                      j,
          const GeglRectangle     *r,
          const SbokehDepthArrays *arrays,
          float * const           *band)
{
  const float *a = sbokeh_depth_at (dof, dof->acc, 4, r->x, r->y);
  const gsize  stride = (gsize) dof->work.width * 4 * sizeof (float);
  int          y;

  if (dof->out_format == dof->rgba)
    {
      gegl_buffer_set (dof->output, r, 0, dof->rgba, a, stride);
      return;
    }
  for (y = 0; y < r->height; y++)
    babl_process (babl_fish (dof->rgba, dof->out_format),
                  a + y * stride / sizeof (float),
                  (char *) band[0] + (gsize) y * r->width *
                  babl_format_get_bytes_per_pixel (dof->out_format),
                  r->width);
  gegl_buffer_set (dof->output, r, 0, dof->out_format, band[0],
                   GEGL_AUTO_ROWSTRIDE);
}

static void
clear_rows (SbokehDepthRun          *dof,
            int                      j,
            const GeglRectangle     *r,
            const SbokehDepthArrays *arrays,
            float * const           *band)
{
  memset (sbokeh_depth_at (dof, dof->acc, 4, r->x, r->y), 0,
          (gsize) r->width * r->height * 4 * sizeof (float));
}

/* Whether the input's alpha is 1 everywhere (as far as rgba reads it).  */
static void
opaque_rows (SbokehDepthRun          *dof,
             int                      j,
             const GeglRectangle     *r,
             const SbokehDepthArrays *arrays,
             float * const           *band)
{
  gsize n = (gsize) r->width * r->height, i;

  if (g_atomic_int_get (&dof->translucent))
    return;
  sbokeh_depth_get (dof->image, r, dof->rgba, band[0]);
  for (i = 0; i < n && band[0][4 * i + 3] == 1.0f; i++)
    ;
  if (i < n)
    g_atomic_int_set (&dof->translucent, TRUE);
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
  sbokeh_depth_blur_clear (dof);
  for (k = 0; k < SBOKEH_DEPTH_BANDS; k++)
    g_free (dof->band[k]);
  sbokeh_memory_free (dof->t);
  sbokeh_memory_free (dof->acc);
  sbokeh_memory_free (dof->weight);
  g_mutex_clear (&dof->lock);
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
  gsize          floats, pixels;
  const Babl    *type;
  double         lo, hi, previous = 0.0;
  int            halo, j, total = 0, done = 0;

  if (! params || ! depth || ! GEGL_IS_BUFFER (input) ||
      ! GEGL_IS_BUFFER (depth_map) || ! GEGL_IS_BUFFER (output))
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_params_check (params);
  if (status != SBOKEH_OK)
    return status;
  /* The parameters' own depth is checked above; another one here.  */
  if (! (depth->focus_depth >= SBOKEH_DEPTH_MIN &&
         depth->focus_depth <= SBOKEH_DEPTH_MAX) ||
      ! (depth->focus_range >= SBOKEH_DEPTH_MIN &&
         depth->focus_range <= SBOKEH_DEPTH_MAX) ||
      (depth->invert != 0 && depth->invert != 1))
    return SBOKEH_ERROR_DEPTH;

  region = roi ? *roi : *gegl_buffer_get_extent (input);
  if (region.width < 1 || region.height < 1)
    return SBOKEH_OK;

  memset (&dof, 0, sizeof (dof));
  g_mutex_init (&dof.lock);
  dof.params = params;
  dof.depth = depth;
  dof.cancel = cancel;
  dof.rgba = babl_format_with_space ("RaGaBaA float",
                                     gegl_buffer_get_format (input));
  /* The region and what its blurs read around it, within the input
   * (beyond, the blurs repeat the edges as sbokeh_apply_buffer does): a
   * layer's blur reaches R, a fill blurs the blurred layers behind once
   * more.  */
  halo = 2 * ((int) ceil (params->radius) + 1);
  dof.work = region;
  if (region.width > G_MAXINT - 4 * halo ||
      region.height > G_MAXINT - 4 * halo)
    {
      depth_clear (&dof);
      return SBOKEH_ERROR_OVERFLOW;
    }
  dof.work.x -= halo;
  dof.work.y -= halo;
  dof.work.width += 2 * halo;
  dof.work.height += 2 * halo;
  if (! gegl_rectangle_intersect (&dof.work, &dof.work,
                                  gegl_buffer_get_extent (input)) ||
      ! gegl_rectangle_contains (&dof.work, &region))
    {
      depth_clear (&dof);
      return SBOKEH_ERROR_ARGUMENT;
    }

  /* The bands: a blur's source rows are as wide as the work area and its
   * halo.  */
  dof.band_pixels = MAX (DEPTH_BAND_PIXELS, (gsize) dof.work.width + halo);
  if (! g_size_checked_mul (&floats, dof.band_pixels, 4) ||
      floats > G_MAXSIZE / sizeof (float))
    {
      depth_clear (&dof);
      return SBOKEH_ERROR_OVERFLOW;
    }
  for (j = 0; j < SBOKEH_DEPTH_BANDS; j++)
    if (! (dof.band[j] = g_try_new (float, floats)))
      {
        depth_clear (&dof);
        return SBOKEH_ERROR_NO_MEMORY;
      }

  /* t and A in RAM, over the work area (20 bytes a pixel).  */
  pixels = (gsize) dof.work.width * dof.work.height;
  dof.t = sbokeh_memory_alloc (pixels, sizeof (float));
  dof.acc = sbokeh_memory_alloc (pixels, 4 * sizeof (float));
  if (! dof.t || ! dof.acc)
    {
      depth_clear (&dof);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  status = sbokeh_depth_scan_radii (&dof, depth_map, &lo, &hi);
  if (status != SBOKEH_OK)
    goto out;
  if (lo == hi)
    {
      depth_clear (&dof);
      return uniform (params, fabs (lo), input, output, &region, progress,
                      user_data, cancel);
    }
  status = sbokeh_depth_ladder_make (&dof.ladder,
                                     MAX (fabs (lo), fabs (hi)));
  if (status == SBOKEH_OK)
    status = sbokeh_depth_scan_slices (&dof);
  if (status != SBOKEH_OK)
    goto out;

  /* The slices read the input as it is; integer pixels are finite and
   * within 0 … 1 already (others are taken as read, values.h).  An input
   * with alpha may be opaque all the same (opaque_rows).  */
  dof.image = input;
  type = babl_format_get_type (gegl_buffer_get_format (input), 0);
  dof.image_taken = type != babl_type ("float") &&
                    type != babl_type ("double") &&
                    type != babl_type ("half");
  if (babl_format_has_alpha (gegl_buffer_get_format (input)))
    sbokeh_depth_for_bands (&dof, 0, &dof.work, NULL, opaque_rows);
  /* A starts transparent.  Written first, on GEGL's threads: pages that
   * were read before (calloc's shared zero page) are copied on the first
   * write, each with a TLB shootdown across the cores.  */
  sbokeh_depth_for_bands (&dof, 0, &dof.work, NULL, clear_rows);
  dof.empty = TRUE;
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
      if (r >= SBOKEH_DEPTH_COPY_RADIUS && r > previous && ! dof.empty)
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
      dof.empty = FALSE;
      if (progress && ! progress ((double) ++done / total, user_data))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
    }
  dof.output = output;
  dof.out_format = sbokeh_apply_work_format (gegl_buffer_get_format (output));
  sbokeh_depth_for_bands (&dof, 0, &region, NULL, out_rows);

out:
  depth_clear (&dof);
  return status;
}
