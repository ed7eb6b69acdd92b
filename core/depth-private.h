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
/* A composite this close to opaque has no hole to fill: what a fill
 * would add there is below a twentieth of an 8-bit level, and the
 * normalisations leave opaque pixels within about 1e-6 of 1.  */
#define SBOKEH_DEPTH_OPEN_MIN     1e-4f
/* A blur radius below this is 0: a thousandth of a pixel does not show,
 * and a focus set from a map's value (float) and the map's own value
 * differ by float's rounding (1e-5 px at radius 100), which would cost a
 * whole slice.  */
#define SBOKEH_DEPTH_RADIUS_FLOOR 1e-3f

/* Band scratch arrays of the per-pixel steps.  */
#define SBOKEH_DEPTH_BANDS        4
/* Pixel arrays a blur takes at once (a slice: its 4 channels, its
 * weight's 1).  */
#define SBOKEH_DEPTH_ARRAYS       2
/* A blur's scratch: its source arrays, and two sets of results.  */
#define SBOKEH_DEPTH_SCRATCH      (3 * SBOKEH_DEPTH_ARRAYS)

/* How a slice's blur (K_j) comes (depth-weight.c).  */
typedef enum
{
  SBOKEH_DEPTH_WEIGHT_BLURRED,  /* blurred beside the layer */
  SBOKEH_DEPTH_WEIGHT_ONE,      /* 1 */
  SBOKEH_DEPTH_WEIGHT_ALPHA,    /* the blurred layer's alpha */
  SBOKEH_DEPTH_WEIGHT_APART     /* dof->weight in weight_box, 1 beyond */
} SbokehDepthWeight;

typedef struct
{
  const SbokehParams *params;
  const SbokehDepth  *depth;
  GeglRectangle       work;      /* region + 2 R + 2, within input */
  const Babl         *rgba;      /* "RaGaBaA float" in input's space */
  SbokehDepthLadder   ladder;    /* slices −n … n */
  gboolean            present[SBOKEH_DEPTH_N_SLICES];
  GeglRectangle       boxes[SBOKEH_DEPTH_N_SLICES];  /* where α_j > 0 */
  SbokehFilters       filters[SBOKEH_DEPTH_SLICES_MAX + 1];  /* per rung */
  gboolean            designed[SBOKEH_DEPTH_SLICES_MAX + 1];
  float              *t;         /* the signed radius, then the slice
                                    coordinate, per pixel of work (rows
                                    work.width apart) */
  GeglBuffer         *image;     /* the input (read as rgba) */
  gboolean            image_taken;  /* … its values need no taking */
  float              *acc;       /* A, the composite so far: 4 floats per
                                    pixel of work */
  GeglRectangle       support;   /* a box holding every A ≠ 0 */
  float              *band[SBOKEH_DEPTH_BANDS];  /* 4 floats a pixel */
  gsize               band_pixels;               /* … of each */
  GeglBuffer         *output;
  const Babl         *out_format;   /* output's working format */
  gint                translucent;  /* the image has alpha below 1 */
  gboolean            empty;     /* A is 0 everywhere (no slice yet) */
  int                 weight_mode;  /* SbokehDepthWeight, of the slice */
  float              *weight;    /* blur (K_j) apart: over work … */
  GeglRectangle       weight_box;   /* … within this box */
  float              *scratch[SBOKEH_DEPTH_SCRATCH];
  gsize               scratch_floats[SBOKEH_DEPTH_SCRATCH];
  GeglRectangle       found;     /* a scan's result, under lock */
  GMutex              lock;
  const gint         *cancel;
} SbokehDepthRun;

/* Rows of pixel arrays: row y of array k at data[k] + y stride[k].  */
typedef struct
{
  float *data[SBOKEH_DEPTH_ARRAYS];
  gsize  stride[SBOKEH_DEPTH_ARRAYS];
} SbokehDepthArrays;

/* A per-pixel step over rect (slice j): arrays at rect's first row (or
 * none), band[] scratch of 4 floats per pixel of rect.  */
typedef void (*SbokehDepthPixels) (SbokehDepthRun          *dof,
                                   int                      j,
                                   const GeglRectangle     *rect,
                                   const SbokehDepthArrays *arrays,
                                   float * const           *band);

/* A blur fed and drained by per-pixel steps (depth-blur.c): feed writes
 * rect's source pixels into the arrays (rect may reach beyond the work
 * area by the passes' halo: read with GEGL_ABYSS_CLAMP), drain takes
 * rect's blurred pixels from them.  */
typedef struct
{
  int               channels[SBOKEH_DEPTH_ARRAYS];  /* 1 … 4; 0: none */
  double            boost;    /* the first array's highlight boost */
  gboolean          safe;     /* its values need no taking (values.h) */
  SbokehDepthPixels feed;
  SbokehDepthPixels drain;
} SbokehDepthBlurSteps;

/* Pixel (x, y) of a work array of c floats per pixel.  */
static inline float *
sbokeh_depth_at (const SbokehDepthRun *dof,
                 float                *array,
                 int                   c,
                 int                   x,
                 int                   y)
{
  return array + ((gsize) (y - dof->work.y) * dof->work.width +
                  (x - dof->work.x)) * c;
}

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

/* depth-blur.c: func over rect band by band, each band's rows shared
 * over GEGL's threads (arrays may be NULL).  */
void         sbokeh_depth_for_bands    (SbokehDepthRun          *dof,
                                        int                      j,
                                        const GeglRectangle     *rect,
                                        const SbokehDepthArrays *arrays,
                                        SbokehDepthPixels        func);

/* depth-bands.c: rect's pixels of a work array of c floats per pixel
 * into dest (rows stride floats apart), rect reaching beyond the work
 * area repeating its edges.  */
void         sbokeh_depth_rows         (const SbokehDepthRun    *dof,
                                        const float             *array,
                                        int                      c,
                                        const GeglRectangle     *rect,
                                        float                   *dest,
                                        gsize                    stride);

/* depth-blur.c: box of slice j blurred with filters, fed and drained by
 * steps.  */
SbokehStatus sbokeh_depth_blur         (SbokehDepthRun             *dof,
                                        int                         j,
                                        const SbokehFilters        *filters,
                                        const SbokehDepthBlurSteps *steps,
                                        const GeglRectangle        *box);

/* depth-scan.c: pass 1, the signed radius of every pixel of depth_map
 * into dof->t, their range and the ladder's tallies; pass 2, after the
 * ladder is made, radii to slice coordinates and the slices' boxes.  */
SbokehStatus sbokeh_depth_scan_radii   (SbokehDepthRun             *dof,
                                        GeglBuffer                 *depth_map,
                                        double                     *lo,
                                        double                     *hi);
SbokehStatus sbokeh_depth_scan_slices  (SbokehDepthRun             *dof);

/* depth-designs.c: a copy of the filters params design (kept for the
 * process: designed once per radius and CPU path).  */
SbokehStatus sbokeh_depth_designs_get  (const SbokehParams         *params,
                                        SbokehFilters              *filters);

/* depth-weight.c: how slice j's blur (K_j) over box comes, into
 * dof->weight_mode; blurred apart (into dof->weight) when that is
 * cheaper.  */
SbokehStatus sbokeh_depth_weight       (SbokehDepthRun             *dof,
                                        int                         j,
                                        const SbokehFilters        *filters,
                                        const GeglRectangle        *box,
                                        int                         reach);

/* depth-blur.c: frees the blurs' scratch.  */
void         sbokeh_depth_blur_clear   (SbokehDepthRun             *dof);

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
