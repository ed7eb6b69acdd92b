/* Separable Bokeh: the passes on GeglBuffers, band by band. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "apply.h"
#include "boxes-stream.h"
#include "dense-passes.h"
#include "memory.h"
#include "params.h"
#include "parts.h"
#include "values.h"

/* A band is at least this many rows, and at least four times the halo,
 * so the horizontal passes over the halo rows add at most half of the
 * band's work...  */
#define BAND_MIN_ROWS 64
#define BAND_HALO_FACTOR 4
/* ...and otherwise about this many pixels (32 MiB of float RGBA), so that
 * memory stays bounded for any image size.  */
#define BAND_TARGET_PIXELS (1 << 21)

int
sbokeh_apply_band_rows (int width,
                        int halo)
{
  int rows = BAND_TARGET_PIXELS / MAX (width, 1);

  rows = MAX (rows, BAND_MIN_ROWS);
  rows = MAX (rows, BAND_HALO_FACTOR * halo);
  return rows;
}

const Babl *
sbokeh_apply_work_format (const Babl *source)
{
  int         flags = source ? babl_get_model_flags (
                                 babl_format_get_model (source)) : 0;
  gboolean    alpha = ! source || babl_format_has_alpha (source);
  const char *name;

  /* By the model's flags: Y'CbCr starts with a Y too, and is not gray.  */
  if (flags & BABL_MODEL_FLAG_GRAY)
    name = alpha ? "YaA float" : "Y float";
  else if ((flags & BABL_MODEL_FLAG_RGB) && ! alpha)
    name = "RGB float";
  else
    name = "RaGaBaA float";

  return babl_format_with_space (name, source);
}

typedef struct
{
  const SbokehDensePasses *passes;
  int                      channels;
  const float             *src;
  gsize                    src_stride;
  int                      width;
  int                      height;
  float                   *dest;
  gsize                    dest_stride;
  int                      n_strips;
  gint                     status;
} Band;

/* Reading and writing a band, split by rows over GEGL's threads: the
 * format conversions (8-bit perceptual to linear float and back, for a
 * GIMP layer) would otherwise leave the other cores idle.  */
typedef struct
{
  GeglBuffer    *buffer;
  GeglRectangle  rect;
  const Babl    *format;
  float         *data;
  gsize          stride;   /* floats per row of data */
  gboolean       write;
} Io;

/* Rows per part: fewer would cost more in GEGL's per-call overhead than
 * the conversion they share out.  */
#define IO_MIN_ROWS 16

static void
io_part (gint     i,
         gint     n,
         gpointer data)
{
  Io           *io = data;
  GeglRectangle part;
  float        *rows;
  int           y0, y1;

  sbokeh_parts_share (io->rect.height, i, n, &y0, &y1);
  part = (GeglRectangle) { io->rect.x, io->rect.y + y0, io->rect.width,
                           y1 - y0 };
  rows = io->data + (gsize) y0 * io->stride;
  if (part.height < 1)
    return;
  if (io->write)
    gegl_buffer_set (io->buffer, &part, 0, io->format, rows,
                     io->stride * sizeof (float));
  else
    gegl_buffer_get (io->buffer, &part, 1.0, io->format, rows,
                     io->stride * sizeof (float), GEGL_ABYSS_CLAMP);
}

static void
io_band (GeglBuffer          *buffer,
         const GeglRectangle *rect,
         const Babl          *format,
         float               *data,
         gsize                stride,
         gboolean             write)
{
  Io io = { buffer, *rect, format, data, stride, write };

  gegl_parallel_distribute (MAX (rect->height / IO_MIN_ROWS, 1), io_part,
                            &io);
}

static void
band_part (gint     i,
           gint     n,
           gpointer data)
{
  Band        *band = data;
  SbokehStatus status;
  int          first, last;

  sbokeh_parts_share (band->n_strips, i, n, &first, &last);
  status = sbokeh_dense_passes_strips (band->passes, band->channels, band->src,
                                       band->src_stride, band->width,
                                       band->height, band->dest,
                                       band->dest_stride, first, last);
  if (status != SBOKEH_OK)
    g_atomic_int_set (&band->status, status);
}

/* The box engine streams: its strips keep their state from band to band
 * (boxes-stream.h), so bands do not overlap and no halo row is read or
 * filtered twice, whatever the radius.  */
typedef struct
{
  const SbokehBoxesStream *stream;
  const float             *src;
  gsize                    src_stride;
  int                      rows;
  float                   *dest;
  gsize                    dest_stride;
  gboolean                   repeat;   /* rows copies of src's one row */
  gint                       status;
} StreamBand;

static void
stream_part (gint     i,
             gint     n,
             gpointer data)
{
  StreamBand  *band = data;
  SbokehStatus status;
  int          first, last;

  sbokeh_parts_share (sbokeh_boxes_stream_n_strips (band->stream), i, n, &first, &last);
  if (band->repeat)
    status = sbokeh_boxes_stream_repeat (band->stream, band->src,
                                         band->rows, band->dest,
                                         band->dest_stride, first, last);
  else
    status = sbokeh_boxes_stream_strips (band->stream, band->src,
                                         band->src_stride, band->rows,
                                         band->dest, band->dest_stride,
                                         first, last);
  if (status != SBOKEH_OK)
    g_atomic_int_set (&band->status, status);
}

static SbokehStatus
apply_stream (const SbokehBoxesPasses *rs,
              double                   highlight_boost,
              GeglBuffer              *input,
              GeglBuffer              *output,
              const GeglRectangle     *region,
              const Babl              *format,
              int                      channels,
              SbokehProgressFunc       progress,
              gpointer                 user_data,
              const gint              *cancel)
{
  /* GEGL_ABYSS_CLAMP repeats the abyss's edges (for GIMP's buffers and
   * ours, the extent).  */
  const GeglRectangle *extent = gegl_buffer_get_abyss (input);
  SbokehBoxesStream   *stream = NULL;
  SbokehStatus         status;
  const int            halo = sbokeh_boxes_passes_halo (rs);
  const int            total = region->height + 2 * halo;
  float               *src = NULL, *dest = NULL;
  gsize                src_stride, dest_stride, src_floats, dest_floats;
  int                  band_rows, fed, rows, top = 0, bottom = 0;
  /* Every row fed so far: a superset of each output row's inputs.  */
  SbokehValuesRange    range;

  if (region->width > G_MAXINT - 2 * halo ||
      region->height > G_MAXINT - 2 * halo)
    return SBOKEH_ERROR_OVERFLOW;
  band_rows   = MIN (sbokeh_apply_band_rows (region->width, 0), total);
  src_stride  = ((gsize) region->width + 2 * halo) * channels;
  dest_stride = (gsize) region->width * channels;
  if (! g_size_checked_mul (&src_floats, src_stride, band_rows) ||
      ! g_size_checked_mul (&dest_floats, dest_stride, band_rows) ||
      src_floats > G_MAXSIZE / sizeof (float))
    return SBOKEH_ERROR_OVERFLOW;

  /* Source rows above and below the abyss repeat its first and last rows
   * (GEGL_ABYSS_CLAMP): fed as copies of one row, they cost the rows they
   * touch, not a row's passes each.  */
  if (extent->height > 0)
    {
      top = CLAMP (extent->y - (region->y - halo), 0, total);
      bottom = CLAMP (region->y - halo + total -
                      (extent->y + extent->height), 0, total - top);
    }

  sbokeh_values_range_init (&range);
  status = sbokeh_boxes_stream_new (rs, channels, region->width,
                                    region->height, &stream);
  if (status != SBOKEH_OK)
    return status;
  src  = sbokeh_memory_alloc (src_floats, sizeof (float));
  dest = sbokeh_memory_alloc (dest_floats, sizeof (float));
  if (! src || ! dest)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }

  for (fed = 0; fed < total; fed += rows)
    {
      GeglRectangle in_rect, out_rect;
      StreamBand    band;
      gboolean      repeat = fed < top || fed >= total - bottom;
      int           before, after;

      if (cancel && g_atomic_int_get (cancel))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
      /* At most band_rows each time, so that dest holds the rows done.  */
      if (fed < top)
        rows = MIN (band_rows, top - fed);
      else if (repeat)
        rows = MIN (band_rows, total - fed);
      else
        rows = MIN (band_rows, total - bottom - fed);
      in_rect = (GeglRectangle) { region->x - halo, region->y - halo + fed,
                                  region->width + 2 * halo, rows };
      if (repeat)
        {
          in_rect.y = fed < top ? extent->y : extent->y + extent->height - 1;
          in_rect.height = 1;
        }
      io_band (input, &in_rect, format, src, src_stride, FALSE);
      sbokeh_values_take (src, src_stride, in_rect.width, in_rect.height,
                          channels, highlight_boost, &range);

      band = (StreamBand) { stream, src, src_stride, rows, dest, dest_stride,
                            repeat, SBOKEH_OK };
      gegl_parallel_distribute (sbokeh_boxes_stream_n_strips (stream),
                                stream_part, &band);
      status = band.status;
      if (status != SBOKEH_OK)
        goto out;
      before = sbokeh_boxes_stream_done (stream, fed);
      sbokeh_boxes_stream_advance (stream, rows);
      after = sbokeh_boxes_stream_done (stream, fed + rows);
      if (after == before)
        continue;

      out_rect = (GeglRectangle) { region->x, region->y + before,
                                   region->width, after - before };
      sbokeh_values_give (dest, dest_stride, out_rect.width, out_rect.height,
                          channels, highlight_boost, &range);
      io_band (output, &out_rect, format, dest, dest_stride, TRUE);
      if (progress && ! progress ((double) after / region->height, user_data))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
    }

out:
  sbokeh_boxes_stream_free (stream);
  sbokeh_memory_free (src);
  sbokeh_memory_free (dest);
  return status;
}

SbokehStatus
sbokeh_apply_buffer (const SbokehFilters *filters,
                     double               highlight_boost,
                     GeglBuffer          *input,
                     GeglBuffer          *output,
                     const GeglRectangle *roi,
                     SbokehProgressFunc   progress,
                     gpointer             user_data,
                     const gint          *cancel)
{
  SbokehDensePasses passes = { 0 };
  SbokehBoxesPasses boxes = { 0 };
  SbokehStatus      status;
  GeglRectangle     region;
  const Babl       *format;
  float            *src = NULL, *dest = NULL;
  gsize             src_floats, dest_floats, src_stride, dest_stride;
  int               halo, band_rows, y, channels;

  if (! filters || ! GEGL_IS_BUFFER (input) || ! GEGL_IS_BUFFER (output) ||
      ! (highlight_boost >= 0.0 &&
         highlight_boost <= SBOKEH_HIGHLIGHT_BOOST_MAX))
    return SBOKEH_ERROR_ARGUMENT;

  region = roi ? *roi : *gegl_buffer_get_extent (input);
  if (region.width < 1 || region.height < 1)
    return SBOKEH_OK;

  format = sbokeh_apply_work_format (gegl_buffer_get_format (input));
  channels = babl_format_get_n_components (format);
  if (filters->engine == SBOKEH_ENGINE_BOXES)
    {
      status = sbokeh_boxes_passes_prepare (filters, &boxes);
      if (status == SBOKEH_OK)
        status = apply_stream (&boxes, highlight_boost, input, output,
                               &region, format, channels, progress, user_data,
                               cancel);
      sbokeh_boxes_passes_clear (&boxes);
      return status;
    }

  status = sbokeh_dense_passes_prepare (filters, &passes);
  if (status != SBOKEH_OK)
    return status;

  halo      = sbokeh_dense_passes_halo (&passes);
  band_rows = MIN (sbokeh_apply_band_rows (region.width, halo), region.height);

  /* Region coordinates are ints, so width + 2 halo fits in a gsize; the
   * products are checked.  */
  src_stride  = ((gsize) region.width + 2 * halo) * channels;
  dest_stride = (gsize) region.width * channels;
  if (region.width > G_MAXINT - 2 * halo ||
      ! g_size_checked_mul (&src_floats, src_stride,
                            (gsize) band_rows + 2 * halo) ||
      ! g_size_checked_mul (&dest_floats, dest_stride, band_rows) ||
      src_floats > G_MAXSIZE / sizeof (float))
    {
      status = SBOKEH_ERROR_OVERFLOW;
      goto out;
    }
  src  = sbokeh_memory_alloc (src_floats, sizeof (float));
  dest = sbokeh_memory_alloc (dest_floats, sizeof (float));
  if (! src || ! dest)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }

  for (y = 0; y < region.height; y += band_rows)
    {
      int           rows = MIN (band_rows, region.height - y);
      GeglRectangle in_rect = { region.x - halo, region.y + y - halo,
                                region.width + 2 * halo, rows + 2 * halo };
      GeglRectangle out_rect = { region.x, region.y + y, region.width, rows };

      if (cancel && g_atomic_int_get (cancel))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }

      Band          band = { &passes, channels, src, src_stride, region.width,
                             rows, dest, dest_stride, 0, SBOKEH_OK };
      SbokehValuesRange range;  /* of the band's inputs, halo included */

      io_band (input, &in_rect, format, src, src_stride, FALSE);
      sbokeh_values_range_init (&range);
      sbokeh_values_take (src, src_stride, in_rect.width, in_rect.height,
                          channels, highlight_boost, &range);
      /* Strips are independent: spread them over GEGL's threads (GIMP
       * sets their number from its preferences).  */
      band.n_strips = sbokeh_dense_passes_n_strips (&passes, channels,
                                                    region.width, rows);
      gegl_parallel_distribute (band.n_strips, band_part, &band);
      status = band.status;
      if (status != SBOKEH_OK)
        goto out;
      sbokeh_values_give (dest, dest_stride, out_rect.width, out_rect.height,
                          channels, highlight_boost, &range);
      io_band (output, &out_rect, format, dest, dest_stride, TRUE);

      if (progress &&
          ! progress ((double) (y + rows) / region.height, user_data))
        {
          status = SBOKEH_ERROR_CANCELLED;
          goto out;
        }
    }

out:
  sbokeh_dense_passes_clear (&passes);
  sbokeh_memory_free (src);
  sbokeh_memory_free (dest);
  return status;
}
