/* Separable Bokeh: a slice of depth of field composited (depth.h, steps
 * 1 … 3). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth-private.h"
#include "values.h"

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
      status = sbokeh_depth_designs_get (&p, &dof->filters[k]);
      if (status != SBOKEH_OK)
        return status;
      dof->designed[k] = TRUE;
    }
  *filters = &dof->filters[k];
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

static inline float
alpha_of (float t, int j)
{
  return MAX (0.0f, 1.0f - fabsf (t - j));
}

static inline float
known_of (float t, int j)
{
  return CLAMP (j + 1.0f - t, 0.0f, 1.0f);
}

static inline float
hidden_of (float t, int j)
{
  return CLAMP (t - j + 1.0f, 0.0f, 1.0f);
}

/* The fill's source: A itself.  */
static void
fill_feed (SbokehDepthRun          *dof,
           int                      j,
           const GeglRectangle     *r,
           const SbokehDepthArrays *src,
           float * const           *band)
{
  sbokeh_depth_rows (dof, dof->acc, 4, r, src->data[0], src->stride[0]);
}

/* A += H_j (1 − A_α) · blur (A) / blur (A)_α where A is open.  */
static void
fill_drain (SbokehDepthRun          *dof,
            int                      j,
            const GeglRectangle     *r,
            const SbokehDepthArrays *blurred,
            float * const           *band)
{
  int x, y, c;

  for (y = 0; y < r->height; y++)
    {
      const float *t = sbokeh_depth_at (dof, dof->t, 1, r->x, r->y + y);
      float       *a = sbokeh_depth_at (dof, dof->acc, 4, r->x, r->y + y);
      const float *bl = blurred->data[0] + y * blurred->stride[0];

      for (x = 0; x < r->width; x++, a += 4, bl += 4)
        {
          float hidden = hidden_of (t[x], j);
          float open = 1.0f - CLAMP (a[3], 0.0f, 1.0f);

          if (hidden > 0.0f && open > SBOKEH_DEPTH_OPEN_MIN &&
              bl[3] > SBOKEH_DEPTH_WEIGHT_MIN)
            for (c = 0; c < 4; c++)
              a[c] += hidden * open * bl[c] / bl[3];
        }
    }
}

/* Where the fill can change A (hidden and open), as a bounding box.  */
static void
holes_scan (SbokehDepthRun          *dof,
            int                      j,
            const GeglRectangle     *r,
            const SbokehDepthArrays *arrays,
            float * const           *band)
{
  int x0 = G_MAXINT, x1 = G_MININT, y0 = G_MAXINT, y1 = G_MININT;
  int x, y;

  for (y = 0; y < r->height; y++)
    for (x = 0; x < r->width; x++)
      {
        const float *t = sbokeh_depth_at (dof, dof->t, 1, r->x + x, r->y + y);
        const float *a = sbokeh_depth_at (dof, dof->acc, 4, r->x + x,
                                          r->y + y);

        if (hidden_of (*t, j) > 0.0f &&
            1.0f - CLAMP (a[3], 0.0f, 1.0f) > SBOKEH_DEPTH_OPEN_MIN)
          {
            x0 = MIN (x0, x);
            x1 = MAX (x1, x);
            y0 = MIN (y0, y);
            y1 = MAX (y1, y);
          }
      }
  if (x1 >= x0)
    {
      GeglRectangle found = { r->x + x0, r->y + y0, x1 - x0 + 1,
                              y1 - y0 + 1 };

      g_mutex_lock (&dof->lock);
      gegl_rectangle_bounding_box (&dof->found, &dof->found, &found);
      g_mutex_unlock (&dof->lock);
    }
}

static const SbokehDepthBlurSteps fill_steps = { { 4, 0 }, 0.0, TRUE,
                                                 fill_feed, fill_drain };

/* Step 1 (depth.h): A's holes where slice j or nearer hides it, filled
 * from blur (A) / blur (A)_α at slice j's radius.  Only where A is open
 * and hidden (scanned), and within the blur's reach of A's support: the
 * rest it would leave as it is.  */
SbokehStatus
sbokeh_depth_slices_fill (SbokehDepthRun *dof,
                          int             j)
{
  const SbokehFilters *filters;
  SbokehStatus         status;
  const int            reach = (int) ceil (dof->ladder.radii[ABS (j)]) + 1;
  GeglRectangle        hidden_box = { 0, 0, 0, 0 }, near;
  int                  k;

  /* Where slice j or a nearer one has pixels.  */
  for (k = j; k <= dof->ladder.n; k++)
    if (dof->present[k + dof->ladder.n])
      gegl_rectangle_bounding_box (&hidden_box, &hidden_box,
                                   &dof->boxes[k + dof->ladder.n]);
  near = sbokeh_depth_grow (dof, &dof->support, reach);
  if (! gegl_rectangle_intersect (&hidden_box, &hidden_box, &near))
    return SBOKEH_OK;
  dof->found = (GeglRectangle) { 0, 0, 0, 0 };
  sbokeh_depth_for_bands (dof, j, &hidden_box, NULL, holes_scan);
  if (dof->found.width < 1)
    return SBOKEH_OK;
  status = design_of (dof, ABS (j), &filters);
  if (status != SBOKEH_OK)
    return status;
  return sbokeh_depth_blur (dof, j, filters, &fill_steps, &dof->found);
}

/* Slice j's layer I α_j and (when blurred) its known weight K_j.  */
static void
layer_feed (SbokehDepthRun          *dof,
            int                      j,
            const GeglRectangle     *r,
            const SbokehDepthArrays *src,
            float * const           *band)
{
  const float *t = band[2];
  int          x, y, c;

  gegl_buffer_get (dof->image, r, 1.0, dof->rgba, src->data[0],
                   src->stride[0] * sizeof (float), GEGL_ABYSS_CLAMP);
  sbokeh_depth_rows (dof, dof->t, 1, r, band[2], r->width);
  for (y = 0; y < r->height; y++, t += r->width)
    {
      float *img = src->data[0] + y * src->stride[0];
      float *k = src->data[1] ? src->data[1] + y * src->stride[1] : NULL;

      for (x = 0; x < r->width; x++)
        {
          float alpha = alpha_of (t[x], j);

          for (c = 0; c < 4; c++)
            img[4 * x + c] *= alpha;
          if (k)
            k[x] = known_of (t[x], j);
        }
    }
}

/* Steps 2 and 3: L = blur (I α_j) / blur (K_j), over A; blur (K_j) is 1
 * or blur (I α_j)_α when the weight was not blurred (see
 * sbokeh_depth_slices_blur).  */
static void
layer_drain (SbokehDepthRun          *dof,
             int                      j,
             const GeglRectangle     *r,
             const SbokehDepthArrays *blurred,
             float * const           *band)
{
  const GeglRectangle *wb = &dof->weight_box;
  int                  x, y, c;

  for (y = 0; y < r->height; y++)
    {
      float       *a = sbokeh_depth_at (dof, dof->acc, 4, r->x, r->y + y);
      float       *l = blurred->data[0] + y * blurred->stride[0];
      const float *w = blurred->data[1] ? blurred->data[1] +
                                          y * blurred->stride[1] : NULL;
      /* The weight blurred apart: columns x0 … x1 − 1 of this row.  */
      int          x0 = 0, x1 = 0;

      if (dof->weight_mode == SBOKEH_DEPTH_WEIGHT_APART &&
          r->y + y >= wb->y && r->y + y < wb->y + wb->height)
        {
          x0 = CLAMP (wb->x - r->x, 0, r->width);
          x1 = CLAMP (wb->x + wb->width - r->x, x0, r->width);
        }
      for (x = 0; x < r->width; x++)
        {
          float *px = l + 4 * x;
          float  weight = w ? w[x]
                          : x >= x0 && x < x1
                          ? *sbokeh_depth_at (dof, dof->weight, 1, r->x + x,
                                              r->y + y)
                          : dof->weight_mode == SBOKEH_DEPTH_WEIGHT_ALPHA
                          ? px[3] : 1.0f;

          if (weight > SBOKEH_DEPTH_WEIGHT_MIN)
            {
              for (c = 0; c < 4; c++)
                px[c] /= weight;
              if (px[3] > 1.0f)   /* the filters' rounding: keep it a colour */
                for (c = 0; c < 4; c++)
                  px[c] /= px[3];
              over (px, a + 4 * x);
            }
        }
    }
}

/* A slice in focus: its pixels over A as they are, I α_j / K_j.  */
static void
copy_pixels (SbokehDepthRun          *dof,
             int                      j,
             const GeglRectangle     *r,
             const SbokehDepthArrays *arrays,
             float * const           *band)
{
  float *img = band[0];
  int    x, y, c;

  sbokeh_depth_get (dof->image, r, dof->rgba, img);
  if (! dof->image_taken)
    sbokeh_values_take (img, (gsize) r->width * 4, r->width, r->height, 4,
                        0.0, NULL);
  for (y = 0; y < r->height; y++)
    {
      const float *t = sbokeh_depth_at (dof, dof->t, 1, r->x, r->y + y);
      float       *a = sbokeh_depth_at (dof, dof->acc, 4, r->x, r->y + y);

      for (x = 0; x < r->width; x++, img += 4)
        {
          float alpha = alpha_of (t[x], j), known = known_of (t[x], j);

          if (alpha > 0.0f)
            {
              for (c = 0; c < 4; c++)
                img[c] = img[c] * alpha / known;
              over (img, a + 4 * x);
            }
        }
    }
}

void
sbokeh_depth_slices_copy (SbokehDepthRun *dof,
                          int             j)
{
  const GeglRectangle *box = &dof->boxes[j + dof->ladder.n];

  sbokeh_depth_for_bands (dof, j, box, NULL, copy_pixels);
  gegl_rectangle_bounding_box (&dof->support, &dof->support, box);
}

/* A blurred slice, over its box grown by the kernel's reach (the layer
 * is 0 beyond its box); its weight's blur as depth-weight.c finds
 * cheapest.  */
SbokehStatus
sbokeh_depth_slices_blur (SbokehDepthRun *dof,
                          int             j)
{
  const SbokehFilters  *filters;
  SbokehStatus          status;
  const int             reach = (int) ceil (dof->ladder.radii[ABS (j)]) + 1;
  const GeglRectangle   box = sbokeh_depth_grow (
                                dof, &dof->boxes[j + dof->ladder.n], reach);
  SbokehDepthBlurSteps  steps = { { 4, 1 }, dof->params->highlight_boost,
                                  dof->image_taken, layer_feed, layer_drain };

  status = design_of (dof, ABS (j), &filters);
  if (status == SBOKEH_OK)
    status = sbokeh_depth_weight (dof, j, filters, &box, reach);
  if (status == SBOKEH_OK && dof->weight_mode != SBOKEH_DEPTH_WEIGHT_BLURRED)
    steps.channels[1] = 0;
  if (status == SBOKEH_OK)
    status = sbokeh_depth_blur (dof, j, filters, &steps, &box);
  if (status == SBOKEH_OK)
    gegl_rectangle_bounding_box (&dof->support, &dof->support, &box);
  return status;
}

void
sbokeh_depth_slices_clear (SbokehDepthRun *run)
{
  int k;

  for (k = 0; k <= SBOKEH_DEPTH_SLICES_MAX; k++)
    if (run->designed[k])
      sbokeh_filters_clear (&run->filters[k]);
}
