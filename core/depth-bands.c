/* Separable Bokeh: depth of field's per-pixel steps, band by band on
 * GEGL's threads (depth-private.h): a rect is cut into bands of the run's
 * band_pixels, each band's rows shared out, and a step reads and writes
 * its own rows itself (so that GEGL's format conversions are shared out
 * too), with the run's band scratch at its rows.  */
#include "config.h"

#include <string.h>

#include "depth-private.h"

/* Rows per part: fewer would cost more in GEGL's per-call overhead than
 * the work they share out.  */
#define PART_MIN_ROWS 16

typedef struct
{
  SbokehDepthRun   *dof;
  int               j;
  GeglRectangle     rect;
  SbokehDepthArrays arrays;
  SbokehDepthPixels func;
} Part;

static void
part_run (gint     i,
          gint     n,
          gpointer data)
{
  const Part       *p = data;
  int               y0 = (int) ((gint64) p->rect.height * i / n);
  int               y1 = (int) ((gint64) p->rect.height * (i + 1) / n);
  GeglRectangle     r = { p->rect.x, p->rect.y + y0, p->rect.width, y1 - y0 };
  SbokehDepthArrays a = p->arrays;
  float            *band[SBOKEH_DEPTH_BANDS];
  int               k;

  if (r.height < 1)
    return;
  for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
    if (a.data[k])
      a.data[k] += (gsize) y0 * a.stride[k];
  for (k = 0; k < SBOKEH_DEPTH_BANDS; k++)
    band[k] = p->dof->band[k] + (gsize) y0 * r.width * 4;
  p->func (p->dof, p->j, &r, &a, band);
}

void
sbokeh_depth_for_bands (SbokehDepthRun          *dof,
                        int                      j,
                        const GeglRectangle     *rect,
                        const SbokehDepthArrays *arrays,
                        SbokehDepthPixels        func)
{
  const int rows = MAX ((int) (dof->band_pixels / MAX (rect->width, 1)), 1);
  int       y, k;

  for (y = 0; y < rect->height; y += rows)
    {
      Part p;

      memset (&p, 0, sizeof (p));
      p.dof = dof;
      p.j = j;
      p.rect = (GeglRectangle) { rect->x, rect->y + y, rect->width,
                                 MIN (rows, rect->height - y) };
      p.func = func;
      if (arrays)
        for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
          if (arrays->data[k])
            {
              p.arrays.data[k] = arrays->data[k] + (gsize) y * arrays->stride[k];
              p.arrays.stride[k] = arrays->stride[k];
            }
      gegl_parallel_distribute (MAX (p.rect.height / PART_MIN_ROWS, 1),
                                part_run, &p);
    }
}


void
sbokeh_depth_rows (const SbokehDepthRun *dof,
                   const float          *array,
                   int                   c,
                   const GeglRectangle  *rect,
                   float                *dest,
                   gsize                 stride)
{
  const GeglRectangle *w = &dof->work;
  /* Columns left of the work area, right of it, and within.  */
  const int            left = CLAMP (w->x - rect->x, 0, rect->width);
  const int            right = CLAMP (rect->x + rect->width -
                                      (w->x + w->width), 0, rect->width);
  const int            inside = MAX (rect->width - left - right, 0);
  const gsize          px = c * sizeof (float);
  int                  y, k;

  for (y = 0; y < rect->height; y++)
    {
      int          sy = CLAMP (rect->y + y, w->y, w->y + w->height - 1);
      const float *row = array + (gsize) (sy - w->y) * w->width * c;
      float       *d = dest + y * stride;

      for (k = 0; k < left; k++)
        memcpy (d + (gsize) k * c, row, px);
      if (inside)
        memcpy (d + (gsize) left * c,
                row + (gsize) (rect->x + left - w->x) * c, inside * px);
      for (k = left + inside; k < rect->width; k++)
        memcpy (d + (gsize) k * c, row + (gsize) (w->width - 1) * c, px);
    }
}
