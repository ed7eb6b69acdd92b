/* Separable Bokeh: depth of field from a depth map, in layers (depth.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth.h"
#include "depth-ladder.h"
#include "design.h"

/* Slices on both sides of the focus, and the focus's.  */
#define N_SLICES           (2 * SBOKEH_DEPTH_SLICES_MAX + 1)
/* Below half a pixel a disk covers less than a pixel: a copy
 * (SBOKEH_RADIUS_MIN, which the design refuses below).  */
#define COPY_RADIUS        SBOKEH_RADIUS_MIN
/* A normalised convolution divides by the blurred weight of what is
 * known; below this weight nothing is known (deep in a hole, or a
 * filter's rounding around 0): the pixel is left transparent.  */
#define WEIGHT_MIN         1e-4f
/* Pixels per band of the per-pixel steps (4 MiB of RGBA floats), so that
 * memory does not grow with the image beyond GEGL's tiles.  */
#define DEPTH_BAND_PIXELS  (1 << 18)

typedef struct
{
  const SbokehParams *params;
  const SbokehDepth  *depth;
  GeglRectangle       work;      /* region + the largest radius, in input */
  const Babl         *rgba;      /* "RaGaBaA float" in input's space */
  const Babl         *gray;      /* "Y float" in input's space */
  SbokehDepthLadder   ladder;    /* slices −n … n */
  gboolean            present[N_SLICES];
  GeglRectangle       boxes[N_SLICES];     /* where α_j > 0 */
  SbokehDesign        designs[SBOKEH_DEPTH_SLICES_MAX + 1];
  gboolean            designed[SBOKEH_DEPTH_SLICES_MAX + 1];
  GeglBuffer         *t;         /* the signed radius, then the slice
                                    coordinate, per pixel ("Y float") */
  GeglBuffer         *image;     /* the input in rgba, over work */
  GeglBuffer         *acc;       /* A, the composite so far */
  GeglBuffer         *layer;     /* I α_j */
  GeglBuffer         *weight;    /* K_j ("Y float") */
  GeglBuffer         *blurred;   /* blur (I α_j), or blur (A) to fill */
  GeglBuffer         *blurred_weight;
  float              *band[4];   /* one band of 4 channels each */
  int                 band_rows;
  gboolean            copy;      /* source_pixels composites at once */
  const gint         *cancel;
} Depth;

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

static void
get (GeglBuffer          *buffer,
     const GeglRectangle *rect,
     const Babl          *format,
     float               *data)
{
  gegl_buffer_get (buffer, rect, 1.0, format, data, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_CLAMP);
}

static void
set (GeglBuffer          *buffer,
     const GeglRectangle *rect,
     const Babl          *format,
     const float         *data)
{
  gegl_buffer_set (buffer, rect, 0, format, data, GEGL_AUTO_ROWSTRIDE);
}

/* The band starting at row y of area.  */
static GeglRectangle
band_at (const Depth         *dof,
         const GeglRectangle *area,
         int                  y)
{
  GeglRectangle r = *area;

  r.y += y;
  r.height = MIN (dof->band_rows, area->height - y);
  return r;
}

/* r grown by `by` pixels on every side, within the work area.  */
static GeglRectangle
grow (const Depth         *dof,
      const GeglRectangle *r,
      int                  by)
{
  GeglRectangle g = { r->x - by, r->y - by, r->width + 2 * by,
                      r->height + 2 * by };

  if (! gegl_rectangle_intersect (&g, &g, &dof->work))
    g.width = g.height = 0;
  return g;
}

static gboolean
cancelled (const Depth *dof)
{
  return dof->cancel && g_atomic_int_get (dof->cancel);
}

/* Pass 1: the signed radius of every pixel into dof->t; its range.  */
static void
scan_radii (Depth      *dof,
            GeglBuffer *depth_map,
            double     *lo,
            double     *hi)
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
      GeglRectangle r = band_at (dof, area, y);
      gsize         n = (gsize) r.width * r.height;

      get (depth_map, &r, format, d);
      for (i = 0; i < n; i++)
        {
          double s = sbokeh_depth_radius (dof->depth, dof->params->radius,
                                          d[i]);

          d[i] = (float) s;
          *lo = MIN (*lo, d[i]);
          *hi = MAX (*hi, d[i]);
          sbokeh_depth_ladder_count (&dof->ladder, fabsf (d[i]));
        }
      set (dof->t, &r, dof->gray, d);
    }
}

/* Pass 2: radii to slice coordinates, and which slices hold pixels.  */
static void
scan_slices (Depth *dof)
{
  const GeglRectangle *area = &dof->work;
  float               *t = dof->band[0];
  int                  x0[N_SLICES], x1[N_SLICES];
  int                  y0[N_SLICES], y1[N_SLICES];
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
      GeglRectangle r = band_at (dof, area, y);
      gsize         n = (gsize) r.width * r.height;

      get (dof->t, &r, dof->gray, t);
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
      set (dof->t, &r, dof->gray, t);
    }
  for (j = 0; j <= 2 * dof->ladder.n; j++)
    {
      dof->present[j] = x1[j] >= x0[j];
      if (dof->present[j])
        dof->boxes[j] = (GeglRectangle) { x0[j], y0[j], x1[j] - x0[j] + 1,
                                          y1[j] - y0[j] + 1 };
    }
}

static SbokehStatus
design_of (Depth               *dof,
           int                  k,
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
typedef void (*PixelsFunc) (Depth               *dof,
                            int                  j,
                            const GeglRectangle *rect,
                            float * const       *band);

/* Rows per part: fewer would cost more in GEGL's per-call overhead than
 * the work they share out.  */
#define PART_MIN_ROWS 16

typedef struct
{
  Depth         *dof;
  int            j;
  GeglRectangle  band;
  PixelsFunc     func;
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
for_bands (Depth               *dof,
           const GeglRectangle *area,
           int                  j,
           PixelsFunc           func)
{
  int y;

  for (y = 0; y < area->height; y += dof->band_rows)
    {
      Part p = { dof, j, band_at (dof, area, y), func };

      gegl_parallel_distribute (MAX (p.band.height / PART_MIN_ROWS, 1),
                                part_run, &p);
    }
}

static void
fill_pixels (Depth               *dof,
             int                  j,
             const GeglRectangle *r,
             float * const       *band)
{
  float *a = band[0], *b = band[1], *t = band[2];
  gsize  n = (gsize) r->width * r->height, i;

  get (dof->acc, r, dof->rgba, a);
  get (dof->blurred, r, dof->rgba, b);
  get (dof->t, r, dof->gray, t);
  for (i = 0; i < n; i++)
    {
      float  hidden = CLAMP (t[i] - j + 1.0f, 0.0f, 1.0f);
      float  open = 1.0f - CLAMP (a[4 * i + 3], 0.0f, 1.0f);
      float *px = a + 4 * i, *bl = b + 4 * i;
      int    c;

      if (hidden > 0.0f && open > 0.0f && bl[3] > WEIGHT_MIN)
        for (c = 0; c < 4; c++)
          px[c] += hidden * open * bl[c] / bl[3];
    }
  set (dof->acc, r, dof->rgba, a);
}

/* Step 1 (depth.h): A's holes where slice j or nearer hides it, filled
 * from blur (A) / blur (A)_α at slice j's radius.  */
static SbokehStatus
fill (Depth *dof,
      int    j)
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
source_pixels (Depth               *dof,
               int                  j,
               const GeglRectangle *r,
               float * const       *band)
{
  float   *img = band[0], *k = band[1], *t = band[2], *a = band[3];
  gsize    n = (gsize) r->width * r->height, i;
  gboolean copy = dof->copy;

  get (dof->image, r, dof->rgba, img);
  get (dof->t, r, dof->gray, t);
  if (copy)
    get (dof->acc, r, dof->rgba, a);
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
    set (dof->acc, r, dof->rgba, a);
  else
    {
      set (dof->layer, r, dof->rgba, img);
      set (dof->weight, r, dof->gray, k);
    }
}

/* Steps 2 and 3: L = blur (I α_j) / blur (K_j), over A.  */
static void
composite_pixels (Depth               *dof,
                  int                  j,
                  const GeglRectangle *r,
                  float * const       *band)
{
  float *l = band[0], *w = band[1], *a = band[3];
  gsize  n = (gsize) r->width * r->height, i;

  get (dof->blurred, r, dof->rgba, l);
  get (dof->blurred_weight, r, dof->gray, w);
  get (dof->acc, r, dof->rgba, a);
  for (i = 0; i < n; i++)
    if (w[i] > WEIGHT_MIN)
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
  set (dof->acc, r, dof->rgba, a);
}

/* A slice in focus: its pixels over A as they are.  */
static void
slice_copied (Depth *dof,
              int    j)
{
  dof->copy = TRUE;
  for_bands (dof, &dof->boxes[j + dof->ladder.n], j, source_pixels);
}

/* A blurred slice, over its box grown by the kernel's reach (the layer
 * is 0 beyond its box); its source as far again around that, which the
 * blurs read.  */
static SbokehStatus
slice_blurred (Depth *dof,
               int    j)
{
  const SbokehFilters *filters;
  SbokehStatus         status;
  const int            reach = (int) ceil (dof->ladder.radii[ABS (j)]) + 1;
  GeglRectangle        box = grow (dof, &dof->boxes[j + dof->ladder.n],
                                   reach);
  GeglRectangle        source = grow (dof, &box, reach);

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

  if (radius < COPY_RADIUS)
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
depth_clear (Depth *dof)
{
  int k;

  for (k = 0; k <= SBOKEH_DEPTH_SLICES_MAX; k++)
    if (dof->designed[k])
      sbokeh_design_clear (&dof->designs[k]);
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
  Depth         dof;
  SbokehStatus  status;
  GeglRectangle region;
  gsize         floats;
  double        lo, hi, previous = 0.0;
  int           halo, j, total = 0, done = 0;
  gboolean      composited = FALSE;

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
      if (r >= COPY_RADIUS && r > previous && composited)
        {
          status = fill (&dof, j);
          if (status != SBOKEH_OK)
            goto out;
        }
      if (r < COPY_RADIUS)
        slice_copied (&dof, j);
      else
        {
          status = slice_blurred (&dof, j);
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
