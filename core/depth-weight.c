/* Separable Bokeh: a slice's known weight and its blur (depth-private.h).
 *
 * A layer is normalised by blur (K_j), K_j = clamp (j + 1 − t, 0, 1): 1
 * wherever the picture is at slice j or behind it, below 1 only on the
 * pixels nearer than j (all in the boxes of the nearer slices).  So
 * blur (K_j) is 1 exactly, no blur needed, wherever the blur's window
 * holds no nearer pixel: a slice with nothing nearer within its reach
 * takes 4 channels, not 5 (SBOKEH_DEPTH_WEIGHT_ONE); a slice with nearer
 * pixels in a part of its box blurs K_j alone over that part, into
 * dof->weight, when the part is small enough that a second pass over it
 * costs less than the fifth channel over the whole box
 * (SBOKEH_DEPTH_WEIGHT_APART); the farthest slice of an opaque image has
 * K_j = α_j, which the layer's alpha carries (SBOKEH_DEPTH_WEIGHT_ALPHA).
 * blur (1) is 1 within the filters' rounding (about 1e-7), so the
 * results are those of blurring K_j everywhere within that.  */
#include "config.h"

#include <string.h>

#include "memory.h"

#include "depth-private.h"

/* K_j apart when its part is at most this share of the box: a 1-channel
 * pass over it, plus writing and reading its result, against a fifth of
 * the 5-channel pass over the whole box.  */
#define APART_SHARE 0.75

/* The bounding box of the pixels nearer than j within rect.  */
static GeglRectangle
nearer_within (const SbokehDepthRun *dof,
               int                   j,
               const GeglRectangle  *rect)
{
  GeglRectangle near = { 0, 0, 0, 0 }, part;
  int           k;

  for (k = j + 1; k <= dof->ladder.n; k++)
    if (dof->present[k + dof->ladder.n] &&
        gegl_rectangle_intersect (&part, rect, &dof->boxes[k + dof->ladder.n]))
      gegl_rectangle_bounding_box (&near, &near, &part);
  return near;
}

static gboolean
farthest (const SbokehDepthRun *dof,
          int                   j)
{
  int k;

  for (k = -dof->ladder.n; k < j; k++)
    if (dof->present[k + dof->ladder.n])
      return FALSE;
  return TRUE;
}

static void
weight_feed (SbokehDepthRun          *dof,
             int                      j,
             const GeglRectangle     *r,
             const SbokehDepthArrays *src,
             float * const           *band)
{
  int x, y;

  sbokeh_depth_rows (dof, dof->t, 1, r, src->data[0], src->stride[0]);
  for (y = 0; y < r->height; y++)
    {
      float *k = src->data[0] + y * src->stride[0];

      for (x = 0; x < r->width; x++)
        k[x] = CLAMP (j + 1.0f - k[x], 0.0f, 1.0f);
    }
}

static void
weight_drain (SbokehDepthRun          *dof,
              int                      j,
              const GeglRectangle     *r,
              const SbokehDepthArrays *blurred,
              float * const           *band)
{
  int y;

  for (y = 0; y < r->height; y++)
    memcpy (sbokeh_depth_at (dof, dof->weight, 1, r->x, r->y + y),
            blurred->data[0] + y * blurred->stride[0],
            (gsize) r->width * sizeof (float));
}

static const SbokehDepthBlurSteps weight_steps = { { 1, 0 }, 0.0, TRUE,
                                                   weight_feed, weight_drain };

SbokehStatus
sbokeh_depth_weight (SbokehDepthRun      *dof,
                     int                  j,
                     const SbokehFilters *filters,
                     const GeglRectangle *box,
                     int                  reach)
{
  const GeglRectangle read = sbokeh_depth_grow (dof, box, reach);
  GeglRectangle       near = nearer_within (dof, j, &read), part;

  if (near.width < 1)
    {
      dof->weight_mode = SBOKEH_DEPTH_WEIGHT_ONE;
      return SBOKEH_OK;
    }
  if (farthest (dof, j) && ! g_atomic_int_get (&dof->translucent))
    {
      dof->weight_mode = SBOKEH_DEPTH_WEIGHT_ALPHA;
      return SBOKEH_OK;
    }
  near = sbokeh_depth_grow (dof, &near, reach);
  if (! gegl_rectangle_intersect (&part, box, &near) ||
      (double) part.width * part.height >
      APART_SHARE * box->width * box->height)
    {
      dof->weight_mode = SBOKEH_DEPTH_WEIGHT_BLURRED;
      return SBOKEH_OK;
    }
  if (! dof->weight)
    {
      dof->weight = sbokeh_memory_alloc ((gsize) dof->work.width *
                                         dof->work.height, sizeof (float));
      if (! dof->weight)
        return SBOKEH_ERROR_NO_MEMORY;
    }
  dof->weight_mode = SBOKEH_DEPTH_WEIGHT_APART;
  dof->weight_box = part;
  return sbokeh_depth_blur (dof, j, filters, &weight_steps, &part);
}
