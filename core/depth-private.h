/* Separable Bokeh: depth of field, inside (depth.c: the model, the
 * scans and the run; depth-slices.c: a slice's steps; internal to
 * core/).  */
#ifndef SBOKEH_DEPTH_PRIVATE_H
#define SBOKEH_DEPTH_PRIVATE_H

#include "depth.h"
#include "depth-ladder.h"
#include "design.h"

/* Slices on both sides of the focus, and the focus's.  */
#define SBOKEH_DEPTH_N_SLICES     (2 * SBOKEH_DEPTH_SLICES_MAX + 1)
/* Below half a pixel a disk covers less than a pixel: a copy
 * (SBOKEH_RADIUS_MIN, which the design refuses below).  */
#define SBOKEH_DEPTH_COPY_RADIUS  SBOKEH_RADIUS_MIN
/* A normalised convolution divides by the blurred weight of what is
 * known; below this weight nothing is known (deep in a hole, or a
 * filter's rounding around 0): the pixel is left transparent.  */
#define SBOKEH_DEPTH_WEIGHT_MIN   1e-4f

typedef struct
{
  const SbokehParams *params;
  const SbokehDepth  *depth;
  GeglRectangle       work;      /* region + 2 R + 2, within input */
  const Babl         *rgba;      /* "RaGaBaA float" in input's space */
  const Babl         *gray;      /* "Y float" in input's space */
  SbokehDepthLadder   ladder;    /* slices −n … n */
  gboolean            present[SBOKEH_DEPTH_N_SLICES];
  GeglRectangle       boxes[SBOKEH_DEPTH_N_SLICES];  /* where α_j > 0 */
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
} SbokehDepthRun;

static inline void
sbokeh_depth_get (GeglBuffer          *buffer,
                  const GeglRectangle *rect,
                  const Babl          *format,
                  float               *data)
{
  gegl_buffer_get (buffer, rect, 1.0, format, data, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_CLAMP);
}

static inline void
sbokeh_depth_set (GeglBuffer          *buffer,
                  const GeglRectangle *rect,
                  const Babl          *format,
                  const float         *data)
{
  gegl_buffer_set (buffer, rect, 0, format, data, GEGL_AUTO_ROWSTRIDE);
}

/* The band starting at row y of area.  */
static inline GeglRectangle
sbokeh_depth_band_at (const SbokehDepthRun *dof,
                      const GeglRectangle  *area,
                      int                   y)
{
  GeglRectangle r = *area;

  r.y += y;
  r.height = MIN (dof->band_rows, area->height - y);
  return r;
}

/* r grown by `by` pixels on every side, within the work area.  */
static inline GeglRectangle
sbokeh_depth_grow (const SbokehDepthRun *dof,
                   const GeglRectangle  *r,
                   int                   by)
{
  GeglRectangle g = { r->x - by, r->y - by, r->width + 2 * by,
                      r->height + 2 * by };

  if (! gegl_rectangle_intersect (&g, &g, &dof->work))
    g.width = g.height = 0;
  return g;
}

/* depth-slices.c: a slice composited over A (depth.h's steps 1 … 3):
 * the fill before it, then the slice in focus (a copy) or blurred; the
 * designs made on the way are cached in run and cleared with it.  */
SbokehStatus sbokeh_depth_slices_fill  (SbokehDepthRun *run,
                                        int             j);
void         sbokeh_depth_slices_copy  (SbokehDepthRun *run,
                                        int             j);
SbokehStatus sbokeh_depth_slices_blur  (SbokehDepthRun *run,
                                        int             j);
void         sbokeh_depth_slices_clear (SbokehDepthRun *run);

#endif /* SBOKEH_DEPTH_PRIVATE_H */
