/* Separable Bokeh: a slice of depth of field composited (depth.h, steps
 * 1 … 3). */
#include "config.h"

#include <math.h>

#include "depth-private.h"

static SbokehStatus
design_of (SbokehDepthRun       *dof,
           int                   k,
           const SbokehFilters **filters)
{
  if (! dof->designed[k])
    {
      SbokehParams p = *dof->params;
      SbokehStatus status;

      p.radius = dof->ladder.radii[k];
      sbokeh_params_fit_rank (&p);
      status = sbokeh_design_run (&p, &dof->designs[k]);
      if (status != SBOKEH_OK)
        return status;
      dof->designed[k] = TRUE;
    }
  *filters = &dof->designs[k].filters;
  return SBOKEH_OK;
}

/* The premultiplied layer l (4 floats) "over" a.  */
static inline void
over (const float *l,
      float       *a)
{
  float below = 1.0f - CLAMP (l[3], 0.0f, 1.0f);
  int   c;

  for (c = 0; c < 4; c++)
    a[c] = l[c] + below * a[c];
}

/* The per-pixel steps run band by band, each band's rows shared over
 * GEGL's threads: a step reads and writes its part of the band (rows
 * rect, 4 floats a pixel at most in each of band[]) itself, so that the
 * format conversions are shared out too.  */
typedef void (*PixelsFunc) (SbokehDepthRun      *dof,
                            int                  j,
                            const GeglRectangle *rect,
                            float * const       *band);

/* Rows per part: fewer would cost more in GEGL's per-call overhead than
 * the work they share out.  */
#define PART_MIN_ROWS 16

typedef struct
{
  SbokehDepthRun *dof;
  int             j;
  GeglRectangle   band;
  PixelsFunc      func;
} Part;

static void
part_run (gint     i,
          gint     n,
          gpointer data)
{
  Part         *p = data;
  int           y0 = (int) ((gint64) p->band.height * i / n);
  int           y1 = (int) ((gint64) p->band.height * (i + 1) / n);
  GeglRectangle r = { p->band.x, p->band.y + y0, p->band.width, y1 - y0 };
  float        *band[4];
  int           k;

  if (r.height < 1)
    return;
  for (k = 0; k < 4; k++)
    band[k] = p->dof->band[k] + (gsize) y0 * p->band.width * 4;
  p->func (p->dof, p->j, &r, band);
}

static void
for_bands (SbokehDepthRun      *dof,
           const GeglRectangle *area,
           int                  j,
           PixelsFunc           func)
{
  int y;

  for (y = 0; y < area->height; y += dof->band_rows)
    {
      Part p = { dof, j, sbokeh_depth_band_at (dof, area, y), func };

      gegl_parallel_distribute (MAX (p.band.height / PART_MIN_ROWS, 1),
                                part_run, &p);
    }
}

static void
fill_pixels (SbokehDepthRun      *dof,
             int                  j,
             const GeglRectangle *r,
             float * const       *band)
{
  float *a = band[0], *b = band[1], *t = band[2];
  gsize  n = (gsize) r->width * r->height, i;

  sbokeh_depth_get (dof->acc, r, dof->rgba, a);
  sbokeh_depth_get (dof->blurred, r, dof->rgba, b);
  sbokeh_depth_get (dof->t, r, dof->gray, t);
  for (i = 0; i < n; i++)
    {
      float  hidden = CLAMP (t[i] - j + 1.0f, 0.0f, 1.0f);
      float  open = 1.0f - CLAMP (a[4 * i + 3], 0.0f, 1.0f);
      float *px = a + 4 * i, *bl = b + 4 * i;
      int    c;

      if (hidden > 0.0f && open > 0.0f && bl[3] > SBOKEH_DEPTH_WEIGHT_MIN)
        for (c = 0; c < 4; c++)
          px[c] += hidden * open * bl[c] / bl[3];
    }
  sbokeh_depth_set (dof->acc, r, dof->rgba, a);
}

/* Step 1 (depth.h): A's holes where slice j or nearer hides it, filled
 * from blur (A) / blur (A)_α at slice j's radius.  */
SbokehStatus
sbokeh_depth_slices_fill (SbokehDepthRun *dof,
                          int             j)
{
  const SbokehFilters *filters;
  SbokehStatus         status;
  GeglRectangle        hidden_box = { 0, 0, 0, 0 };
  int                  k;

  /* Where slice j or a nearer one has pixels.  */
  for (k = j; k <= dof->ladder.n; k++)
    if (dof->present[k + dof->ladder.n])
      gegl_rectangle_bounding_box (&hidden_box, &hidden_box,
                                   &dof->boxes[k + dof->ladder.n]);
  status = design_of (dof, ABS (j), &filters);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_apply_buffer (filters, 0.0, dof->acc, dof->blurred,
                                &hidden_box, NULL, NULL, dof->cancel);
  if (status != SBOKEH_OK)
    return status;
  for_bands (dof, &hidden_box, j, fill_pixels);
  return SBOKEH_OK;
}

/* Slice j's layer I α_j and its known weight K_j: composited over A at
 * once when it is not blurred (a copy, dof->copy), else written to layer
 * and weight.  */
static void
source_pixels (SbokehDepthRun      *dof,
               int                  j,
               const GeglRectangle *r,
               float * const       *band)
{
  float   *img = band[0], *k = band[1], *t = band[2], *a = band[3];
  gsize    n = (gsize) r->width * r->height, i;
  gboolean copy = dof->copy;

  sbokeh_depth_get (dof->image, r, dof->rgba, img);
  sbokeh_depth_get (dof->t, r, dof->gray, t);
  if (copy)
    sbokeh_depth_get (dof->acc, r, dof->rgba, a);
  for (i = 0; i < n; i++)
    {
      float  alpha = MAX (0.0f, 1.0f - fabsf (t[i] - j));
      float  known = CLAMP (j + 1.0f - t[i], 0.0f, 1.0f);
      float *px = img + 4 * i;
      int    c;

      for (c = 0; c < 4; c++)
        px[c] *= alpha;
      k[i] = known;
      if (copy && alpha > 0.0f)
        {
          for (c = 0; c < 4; c++)
            px[c] /= known;
          over (px, a + 4 * i);
        }
    }
  if (copy)
    sbokeh_depth_set (dof->acc, r, dof->rgba, a);
  else
    {
      sbokeh_depth_set (dof->layer, r, dof->rgba, img);
      sbokeh_depth_set (dof->weight, r, dof->gray, k);
    }
}

/* Steps 2 and 3: L = blur (I α_j) / blur (K_j), over A.  */
static void
composite_pixels (SbokehDepthRun      *dof,
                  int                  j,
                  const GeglRectangle *r,
                  float * const       *band)
{
  float *l = band[0], *w = band[1], *a = band[3];
  gsize  n = (gsize) r->width * r->height, i;

  sbokeh_depth_get (dof->blurred, r, dof->rgba, l);
  sbokeh_depth_get (dof->blurred_weight, r, dof->gray, w);
  sbokeh_depth_get (dof->acc, r, dof->rgba, a);
  for (i = 0; i < n; i++)
    if (w[i] > SBOKEH_DEPTH_WEIGHT_MIN)
      {
        float *px = l + 4 * i;
        int    c;

        for (c = 0; c < 4; c++)
          px[c] /= w[i];
        if (px[3] > 1.0f)   /* the filters' rounding: keep it a colour */
          for (c = 0; c < 4; c++)
            px[c] /= px[3];
        over (px, a + 4 * i);
      }
  sbokeh_depth_set (dof->acc, r, dof->rgba, a);
}

/* A slice in focus: its pixels over A as they are.  */
void
sbokeh_depth_slices_copy (SbokehDepthRun *dof,
                          int             j)
{
  dof->copy = TRUE;
  for_bands (dof, &dof->boxes[j + dof->ladder.n], j, source_pixels);
}

/* A blurred slice, over its box grown by the kernel's reach (the layer
 * is 0 beyond its box); its source as far again around that, which the
 * blurs read.  */
SbokehStatus
sbokeh_depth_slices_blur (SbokehDepthRun *dof,
                          int             j)
{
  const SbokehFilters *filters;
  SbokehStatus         status;
  const int            reach = (int) ceil (dof->ladder.radii[ABS (j)]) + 1;
  GeglRectangle        box = sbokeh_depth_grow (dof,
                                                &dof->boxes[j + dof->ladder.n],
                                                reach);
  GeglRectangle        source = sbokeh_depth_grow (dof, &box, reach);

  dof->copy = FALSE;
  for_bands (dof, &source, j, source_pixels);
  status = design_of (dof, ABS (j), &filters);
  if (status == SBOKEH_OK)
    status = sbokeh_apply_buffer (filters, dof->params->highlight_boost,
                                  dof->layer, dof->blurred, &box, NULL, NULL,
                                  dof->cancel);
  if (status == SBOKEH_OK)
    status = sbokeh_apply_buffer (filters, 0.0, dof->weight,
                                  dof->blurred_weight, &box, NULL, NULL,
                                  dof->cancel);
  if (status != SBOKEH_OK)
    return status;
  for_bands (dof, &box, j, composite_pixels);
  return SBOKEH_OK;
}

void
sbokeh_depth_slices_clear (SbokehDepthRun *run)
{
  int k;

  for (k = 0; k <= SBOKEH_DEPTH_SLICES_MAX; k++)
    if (run->designed[k])
      sbokeh_design_clear (&run->designs[k]);
}
