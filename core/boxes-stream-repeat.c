/* Separable Bokeh: the box engine's stream fed one row many times (see
 * sbokeh_boxes_stream_repeat in boxes-stream.h).  */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "boxes-kernels.h"
#include "boxes-stream-private.h"
#include "params.h"

#define COLUMN_BLOCK SBOKEH_BOXES_COLUMN_BLOCK

/* Copies of one row: with F rows fed, T_i[F + m] = T_i[F] + m h_i for
 * m = 1 … count (h_i: the row's horizontal result).  Output row y = F + d
 * gets Σ over its places o with 1 ≤ d + o ≤ count of c_{o,i} T_i[F + d +
 * o], that is
 *
 *   A_i(d) T_i[F] + B_i(d) h_i,  A_i(d) = Σ c_{o,i},  B_i(d) = Σ c_{o,i} (d + o)
 *
 * over those places: two multiply-adds per filter for each row touched
 * (count + size at most), instead of a whole row's passes per copy.
 * ab: (count + last) × 2 × rank, for d = 1 − last … count.  */
static void
repeat_weights (const SbokehBoxesPlaces *vl,
                int                      rank,
                int                      count,
                double                  *ab)
{
  const int last = vl->offset[vl->count - 1];
  int       d, k, i;

  for (d = 1 - last; d <= count; d++)
    {
      double *a = ab + (gsize) (d - 1 + last) * 2 * rank, *b = a + rank;

      memset (a, 0, 2 * rank * sizeof (double));
      for (k = 0; k < vl->count; k++)
        {
          int           m = d + vl->offset[k];
          const double *c = vl->coef + (gsize) k * rank;

          if (m < 1 || m > count)
            continue;
          for (i = 0; i < rank; i++)
            {
              a[i] += c[i];
              b[i] += c[i] * m;
            }
        }
    }
}

static void
strip_repeat (const SbokehBoxesStream *st,
              SbokehBoxesScratch      *sc,
              int                      s,
              const float             *src,
              int                      count,
              const double            *ab,
              float                   *dest,
              gsize                    dest_stride,
              int                      dest_row0)
{
  const SbokehBoxesPasses *rs = st->rs;
  const SbokehBoxesPlaces *hl = &rs->horizontal, *vl = &rs->vertical;
  const int   channels = st->channels, rank = rs->rank;
  const int   n = rs->size, ring_rows = n + 1, fed = st->fed;
  const SbokehBoxesGeometry geo = sbokeh_boxes_stream_geometry (st, s);
  const int   x0 = geo.x0, values = geo.values, padded = geo.padded;
  const int   pixels = geo.pixels;
  const int   last = vl->offset[vl->count - 1];
  const int   y0 = MAX (0, fed + 1 - last);
  const int   y1 = MIN (st->height - 1, fed + count);
  double     *ring = st->states + (gsize) s * st->state;
  double     *t[SBOKEH_RANK_MAX], *h[SBOKEH_RANK_MAX], *zero[SBOKEH_RANK_MAX];
  const float *row = src + (gsize) x0 * channels;
  int         c0, i, y, j;

  rs->kernels->row_sums (&row, sc->sums, 1, pixels, channels);
  for (i = 0; i < rank; i++)
    {
      h[i] = sc->h + (gsize) i * COLUMN_BLOCK;
      zero[i] = sc->zero;
    }

  for (c0 = 0; c0 < padded; c0 += COLUMN_BLOCK)
    {
      int     width = MIN (COLUMN_BLOCK, padded - c0);
      double *slice = ring + (gsize) c0 * ring_rows;

      for (i = 0; i < rank; i++)
        t[i] = ring + (gsize) ring_rows * st->row + (gsize) i * st->row + c0;
      rs->kernels->horizontal (sc->sums[0] + c0, sc->h_offset, hl->coef, rank,
                               hl->count, zero, h, rank, width);

      for (y = y0; y <= y1; y++)
        {
          const double *a = ab + (gsize) (y - fed - 1 + last) * 2 * rank;
          const double *b = a + rank;
          double       *out = slice + (gsize) (y % ring_rows) * COLUMN_BLOCK;

          rs->kernels->repeat_row (out, t, h, a, b, rank, width);

          /* Done once its last place is in: y + last ≤ fed + count.  */
          if (y + last <= fed + count)
            {
              float *o = dest + (gsize) (y - dest_row0) * dest_stride +
                         (gsize) x0 * channels + c0;
              int    m = MIN (width, values - c0);

              for (j = 0; j < m; j++)
                o[j] = (float) out[j];
              memset (out, 0, width * sizeof (double));
            }
        }
      for (i = 0; i < rank; i++)
        for (j = 0; j < width; j++)
          t[i][j] += count * h[i][j];
    }
}

SbokehStatus
sbokeh_boxes_stream_repeat (const SbokehBoxesStream *stream,
                            const float             *src,
                            int                      count,
                            float                   *dest,
                            gsize                    dest_stride,
                            int                      first,
                            int                      last)
{
  SbokehBoxesStream       *st = (SbokehBoxesStream *) stream;
  const SbokehBoxesPlaces *vl;
  SbokehBoxesScratch      *sc;
  double                  *ab;
  gsize                    n_ab;
  int                      s;

  if (! stream || ! src || ! dest || count < 0)
    return SBOKEH_ERROR_ARGUMENT;
  if (! sbokeh_boxes_stream_clip (stream, count, &first, &last))
    return SBOKEH_OK;

  vl = &stream->rs->vertical;
  if (! g_size_checked_mul (&n_ab, (gsize) count +
                                   vl->offset[vl->count - 1],
                            2 * (gsize) stream->rs->rank) ||
      n_ab > G_MAXSIZE / sizeof (double))
    return SBOKEH_ERROR_OVERFLOW;
  ab = g_try_new (double, n_ab);
  if (! ab)
    return SBOKEH_ERROR_NO_MEMORY;
  if (! (sc = sbokeh_boxes_stream_scratch_take (st)))
    {
      g_free (ab);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  repeat_weights (vl, stream->rs->rank, count, ab);
  for (s = first; s < last; s++)
    strip_repeat (stream, sc, s, src, count, ab, dest, dest_stride,
                  sbokeh_boxes_stream_done (stream, stream->fed));
  sbokeh_boxes_stream_scratch_give (st, sc);
  g_free (ab);
  return SBOKEH_OK;
}
