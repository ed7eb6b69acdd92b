/* Separable Bokeh: depth of field's blurs, fed and drained band by band
 * (depth-private.h).
 *
 * sbokeh_apply_buffer reads a GeglBuffer and writes one; a slice of depth
 * of field would then make its sources into buffers, blur them into two
 * more and read those back to composite: four trips of the picture
 * through GEGL's tiles around each blur.  Here the slice's feed makes the
 * source rows the passes are about to read, straight into their band,
 * and its drain composites the rows they give as they come: the same
 * passes (dense bands with their halo rows, or the box engine's stream),
 * the same values taken and given back (values.h, boost included), no
 * buffer in between.  Up to two arrays of pixels per pixel (a slice's
 * 4 channels and its weight's 1) share the passes' threads.
 *
 * A drain may write what the feed reads (the fill blurs A into A's
 * holes): the dense bands overlap by their halo, so a band's drain waits
 * until the next band's source is read; the stream reads each source row
 * once, before the rows it gives.
 *
 * Memory: the band arrays (dense: sbokeh_apply_band_rows rows, about 2²¹
 * pixels of each array plus the halo; boxes: STREAM_BAND_PIXELS), kept
 * in the run for the next blur; the stream's rings (boxes-stream.h).  */
#include "config.h"

#include <string.h>

#include "boxes-stream.h"
#include "dense-passes.h"
#include "memory.h"
#include "values.h"

#include "depth-private.h"

/* The passes over both arrays, their strips shared over the threads.  */
typedef struct
{
  const SbokehDensePasses *dense;
  SbokehBoxesStream       *streams[SBOKEH_DEPTH_ARRAYS];
  int                      channels[SBOKEH_DEPTH_ARRAYS];
  int                      strips[SBOKEH_DEPTH_ARRAYS];
  const float             *src[SBOKEH_DEPTH_ARRAYS];
  gsize                    src_stride[SBOKEH_DEPTH_ARRAYS];
  float                   *dest[SBOKEH_DEPTH_ARRAYS];
  gsize                    dest_stride[SBOKEH_DEPTH_ARRAYS];
  int                      width, rows;
  gboolean                 repeat;
  gint                     status;
} Passes;

static void
passes_part (gint     i,
             gint     n,
             gpointer data)
{
  Passes *ps = data;
  int     total = ps->strips[0] + ps->strips[1];
  int     first = (int) ((gint64) total * i / n);
  int     last = (int) ((gint64) total * (i + 1) / n);
  int     k;

  for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
    {
      int          lo = MAX (first, 0), hi = MIN (last, ps->strips[k]);
      SbokehStatus status = SBOKEH_OK;

      if (lo < hi && ps->dense)
        status = sbokeh_dense_passes_strips (ps->dense, ps->channels[k],
                                             ps->src[k], ps->src_stride[k],
                                             ps->width, ps->rows, ps->dest[k],
                                             ps->dest_stride[k], lo, hi);
      else if (lo < hi && ps->repeat)
        status = sbokeh_boxes_stream_repeat (ps->streams[k], ps->src[k],
                                             ps->rows, ps->dest[k],
                                             ps->dest_stride[k], lo, hi);
      else if (lo < hi)
        status = sbokeh_boxes_stream_strips (ps->streams[k], ps->src[k],
                                             ps->src_stride[k], ps->rows,
                                             ps->dest[k], ps->dest_stride[k],
                                             lo, hi);
      if (status != SBOKEH_OK)
        g_atomic_int_set (&ps->status, status);
      first -= ps->strips[k];
      last -= ps->strips[k];
    }
}

static gboolean
cancelled (const SbokehDepthRun *dof)
{
  return dof->cancel && g_atomic_int_get (dof->cancel);
}

/* Scratch of at least n floats in slot k of the run, kept from one blur
 * to the next (each would otherwise map fresh pages).  */
static float *
scratch (SbokehDepthRun *dof,
         int             k,
         gsize           n)
{
  if (dof->scratch_floats[k] < n)
    {
      sbokeh_memory_free (dof->scratch[k]);
      dof->scratch[k] = sbokeh_memory_alloc (n, sizeof (float));
      dof->scratch_floats[k] = dof->scratch[k] ? n : 0;
    }
  return dof->scratch[k];
}

/* Arrays of src_rows × (width + 2 halo) source and dest_rows × width
 * result pixels, per array with channels; NULL data where there are
 * none.  */
static SbokehStatus
arrays_new (SbokehDepthRun             *dof,
            const SbokehDepthBlurSteps *steps,
            int                         width,
            int                         halo,
            int                         src_rows,
            int                         dest_rows,
            int                         dests,
            SbokehDepthArrays          *src,
            SbokehDepthArrays          *dest)
{
  int k, d;

  memset (src, 0, sizeof (*src));
  memset (dest, 0, dests * sizeof (*dest));
  for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
    {
      if (! steps->channels[k])
        continue;
      src->stride[k] = ((gsize) width + 2 * halo) * steps->channels[k];
      src->data[k] = scratch (dof, k, src->stride[k] * src_rows);
      if (! src->data[k])
        return SBOKEH_ERROR_NO_MEMORY;
      for (d = 0; d < dests; d++)
        {
          dest[d].stride[k] = (gsize) width * steps->channels[k];
          dest[d].data[k] = scratch (dof, SBOKEH_DEPTH_ARRAYS * (d + 1) + k,
                                     dest[d].stride[k] * dest_rows);
          if (! dest[d].data[k])
            return SBOKEH_ERROR_NO_MEMORY;
        }
    }
  return SBOKEH_OK;
}

void
sbokeh_depth_blur_clear (SbokehDepthRun *dof)
{
  int k;

  for (k = 0; k < SBOKEH_DEPTH_SCRATCH; k++)
    {
      sbokeh_memory_free (dof->scratch[k]);
      dof->scratch[k] = NULL;
      dof->scratch_floats[k] = 0;
    }
}

/* The first array's values taken (values.h): made safe unless they are
 * (a copy of the image taken once, depth.c; A), expanded by the boost;
 * the other arrays are weights the feed made, in 0 … 1.  */
static void
take (const SbokehDepthBlurSteps *steps,
      const SbokehDepthArrays    *src,
      int                         width,
      int                         rows,
      SbokehValuesRange          *range)
{
  if (steps->boost > 0.0 || ! steps->safe)
    sbokeh_values_take (src->data[0], src->stride[0], width, rows,
                      steps->channels[0], steps->boost, range);
}

static void
give (const SbokehDepthBlurSteps *steps,
      const SbokehDepthArrays    *dest,
      int                         width,
      int                         rows,
      const SbokehValuesRange    *range)
{
  if (steps->boost > 0.0)
    sbokeh_values_give (dest->data[0], dest->stride[0], width, rows,
                      steps->channels[0], steps->boost, range);
}

static SbokehStatus
blur_dense (SbokehDepthRun             *dof,
            int                         j,
            const SbokehFilters        *filters,
            const SbokehDepthBlurSteps *steps,
            const GeglRectangle        *box)
{
  SbokehDensePasses passes = { 0 };
  SbokehDepthArrays src, dest[2];
  SbokehStatus      status;
  GeglRectangle     pending = { 0, 0, 0, 0 };
  int               halo, band_rows, y, k, b = 0;

  status = sbokeh_dense_passes_prepare (filters, &passes);
  if (status != SBOKEH_OK)
    return status;
  halo = sbokeh_dense_passes_halo (&passes);
  band_rows = MIN (sbokeh_apply_band_rows (box->width, halo), box->height);
  status = arrays_new (dof, steps, box->width, halo, band_rows + 2 * halo,
                       band_rows, 2, &src, dest);
  for (y = 0; status == SBOKEH_OK && y < box->height; y += band_rows)
    {
      int               rows = MIN (band_rows, box->height - y);
      GeglRectangle     in = { box->x - halo, box->y + y - halo,
                               box->width + 2 * halo, rows + 2 * halo };
      SbokehValuesRange range;
      Passes            ps;

      if (cancelled (dof))
        {
          status = SBOKEH_ERROR_CANCELLED;
          break;
        }
      sbokeh_depth_for_bands (dof, j, &in, &src, steps->feed);
      memset (&ps, 0, sizeof (ps));
      ps.dense = &passes;
      sbokeh_values_range_init (&range);
      take (steps, &src, in.width, in.height, &range);
      for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
        {
          ps.channels[k] = steps->channels[k];
          ps.strips[k] = steps->channels[k]
                         ? sbokeh_dense_passes_n_strips (&passes,
                                                         steps->channels[k],
                                                         box->width, rows)
                         : 0;
          ps.src[k] = src.data[k];
          ps.src_stride[k] = src.stride[k];
          ps.dest[k] = dest[b].data[k];
          ps.dest_stride[k] = dest[b].stride[k];
        }
      ps.width = box->width;
      ps.rows = rows;
      ps.status = SBOKEH_OK;
      gegl_parallel_distribute (ps.strips[0] + ps.strips[1], passes_part,
                                &ps);
      status = ps.status;
      if (status != SBOKEH_OK)
        break;
      give (steps, &dest[b], box->width, rows, &range);
      /* The band before drains now that this one's source is read.  */
      if (pending.height > 0)
        sbokeh_depth_for_bands (dof, j, &pending, &dest[1 - b], steps->drain);
      pending = (GeglRectangle) { box->x, box->y + y, box->width, rows };
      b = 1 - b;
    }
  if (status == SBOKEH_OK && pending.height > 0)
    sbokeh_depth_for_bands (dof, j, &pending, &dest[1 - b], steps->drain);
  sbokeh_dense_passes_clear (&passes);
  return status;
}

/* The stream carries its state from band to band, so its bands can be
 * small: STREAM_BAND_PIXELS of each array (4 MiB of RGBA floats), fed,
 * blurred and drained while they are in cache, with less scratch to map
 * than sbokeh_apply_band_rows's 2²¹ pixels.  */
#define STREAM_BAND_PIXELS (1 << 18)
#define STREAM_MIN_ROWS    16

static int
stream_rows (int width)
{
  return MAX (STREAM_BAND_PIXELS / MAX (width, 1), STREAM_MIN_ROWS);
}

/* The box engine: the source rows from box.y − halo on, in order; rows
 * beyond the work area repeat its edge row (as GEGL_ABYSS_CLAMP), fed as
 * copies of one row (boxes-stream.h).  */
static SbokehStatus
blur_boxes (SbokehDepthRun             *dof,
            int                         j,
            const SbokehFilters        *filters,
            const SbokehDepthBlurSteps *steps,
            const GeglRectangle        *box)
{
  const GeglRectangle *work = &dof->work;
  SbokehBoxesPasses    passes = { 0 };
  SbokehBoxesStream   *streams[SBOKEH_DEPTH_ARRAYS] = { NULL };
  SbokehDepthArrays    src, dest;
  SbokehValuesRange    range;
  SbokehStatus         status;
  int                  halo, total, band_rows, top, bottom, fed, rows, k;

  status = sbokeh_boxes_passes_prepare (filters, &passes);
  if (status != SBOKEH_OK)
    return status;
  halo = sbokeh_boxes_passes_halo (&passes);
  total = box->height + 2 * halo;
  band_rows = MIN (stream_rows (box->width), total);
  top = CLAMP (work->y - (box->y - halo), 0, total);
  bottom = CLAMP (box->y - halo + total - (work->y + work->height), 0,
                  total - top);
  sbokeh_values_range_init (&range);
  status = arrays_new (dof, steps, box->width, halo, band_rows, band_rows, 1,
                       &src, &dest);
  for (k = 0; status == SBOKEH_OK && k < SBOKEH_DEPTH_ARRAYS; k++)
    if (steps->channels[k])
      status = sbokeh_boxes_stream_new (&passes, steps->channels[k],
                                        box->width, box->height, &streams[k]);

  for (fed = 0; status == SBOKEH_OK && fed < total; fed += rows)
    {
      gboolean      repeat = fed < top || fed >= total - bottom;
      GeglRectangle in;
      Passes        ps;
      int           before, after;

      if (cancelled (dof))
        {
          status = SBOKEH_ERROR_CANCELLED;
          break;
        }
      if (fed < top)
        rows = MIN (band_rows, top - fed);
      else if (repeat)
        rows = MIN (band_rows, total - fed);
      else
        rows = MIN (band_rows, total - bottom - fed);
      in = (GeglRectangle) { box->x - halo, box->y - halo + fed,
                             box->width + 2 * halo, repeat ? 1 : rows };
      if (repeat)
        in.y = fed < top ? work->y : work->y + work->height - 1;
      sbokeh_depth_for_bands (dof, j, &in, &src, steps->feed);
      take (steps, &src, in.width, in.height, &range);
      memset (&ps, 0, sizeof (ps));
      for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
        {
          ps.streams[k] = streams[k];
          ps.strips[k] = streams[k]
                         ? sbokeh_boxes_stream_n_strips (streams[k]) : 0;
          ps.src[k] = src.data[k];
          ps.src_stride[k] = src.stride[k];
          ps.dest[k] = dest.data[k];
          ps.dest_stride[k] = dest.stride[k];
        }
      ps.rows = rows;
      ps.repeat = repeat;
      ps.status = SBOKEH_OK;
      gegl_parallel_distribute (ps.strips[0] + ps.strips[1], passes_part,
                                &ps);
      status = ps.status;
      if (status != SBOKEH_OK)
        break;
      before = sbokeh_boxes_stream_done (streams[0], fed);
      for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
        if (streams[k])
          sbokeh_boxes_stream_advance (streams[k], rows);
      after = sbokeh_boxes_stream_done (streams[0], fed + rows);
      if (after > before)
        {
          GeglRectangle out = { box->x, box->y + before, box->width,
                                after - before };

          give (steps, &dest, out.width, out.height, &range);
          sbokeh_depth_for_bands (dof, j, &out, &dest, steps->drain);
        }
    }
  for (k = 0; k < SBOKEH_DEPTH_ARRAYS; k++)
    sbokeh_boxes_stream_free (streams[k]);
  sbokeh_boxes_passes_clear (&passes);
  return status;
}

SbokehStatus
sbokeh_depth_blur (SbokehDepthRun             *dof,
                   int                         j,
                   const SbokehFilters        *filters,
                   const SbokehDepthBlurSteps *steps,
                   const GeglRectangle        *box)
{
  if (box->width < 1 || box->height < 1)
    return SBOKEH_OK;
  if (filters->engine == SBOKEH_ENGINE_BOXES)
    return blur_boxes (dof, j, filters, steps, box);
  return blur_dense (dof, j, filters, steps, box);
}
