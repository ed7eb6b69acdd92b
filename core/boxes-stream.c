/* Separable Bokeh: the box engine's streaming passes (see boxes-stream.h;
 * the repeated edge rows are in boxes-stream-repeat.c).  */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "boxes-kernels.h"
#include "boxes-stream-private.h"
#include "memory.h"
#include "params.h"

/* Values per block: rows of the ring and running sums are padded to a
 * multiple (whole blocks for every path's kernels).  */
#define BLOCK SBOKEH_BOXES_BLOCK
/* Rows whose running sums along x are computed together: their
 * dependency chains interleave, so the adds run at throughput, not
 * latency.  */
#define GROUP SBOKEH_BOXES_ROW_GROUP
#define CHUNK        SBOKEH_BOXES_CHUNK
#define COLUMN_BLOCK SBOKEH_BOXES_COLUMN_BLOCK

static gsize
round_up (gsize v,
          gsize to)
{
  return (v + to - 1) / to * to;
}

static void
scratch_free (SbokehBoxesScratch *sc)
{
  int g;

  for (g = 0; sc->sums && g < sc->n_sums; g++)
    g_free (sc->sums[g]);
  g_free (sc->sums);
  g_free (sc->rows);
  g_free (sc->rows_b);
  g_free (sc->index);
  g_free (sc->h_offset);
  g_free (sc->h_far);
  g_free (sc->zero);
  g_free (sc->h);
}

static SbokehStatus
scratch_init (SbokehBoxesScratch      *sc,
              const SbokehBoxesStream *st)
{
  const SbokehBoxesPasses *rs = st->rs;
  int                      g;

  memset (sc, 0, sizeof (*sc));
  /* Running sums: (widest strip + size) pixels, plus the padded block's
   * reach past the last one (zeros).  */
  sc->sums_len = st->row + ((gsize) rs->size + 1) * st->channels + BLOCK;
  sc->n_sums   = st->chunk;
  sc->sums     = g_try_new0 (double *, st->chunk);
  sc->rows     = g_try_new (double *, rs->size + 1);
  sc->rows_b   = g_try_new (double *, rs->size + 1);
  sc->index    = g_try_new (int, (gsize) st->chunk * (rs->size + 2));
  sc->h_offset = g_try_new (int, rs->size + 1);
  sc->h_far    = g_try_new (int, rs->size + 1);
  sc->zero     = g_try_new0 (double, COLUMN_BLOCK);
  sc->h        = g_try_new (double, (gsize) rs->rank * COLUMN_BLOCK);
  for (g = 0; sc->sums && g < st->chunk; g++)
    if (! (sc->sums[g] = g_try_new0 (double, sc->sums_len)))
      break;
  if (! sc->sums || g < st->chunk || ! sc->rows || ! sc->rows_b ||
      ! sc->index ||
      ! sc->h_offset || ! sc->h_far || ! sc->zero || ! sc->h)
    {
      scratch_free (sc);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  for (g = 0; g < rs->horizontal.count; g++)
    {
      sc->h_offset[g] = rs->horizontal.offset[g] * st->channels;
      sc->h_far[g] = rs->horizontal.offset[rs->horizontal.count - 1 - g] *
                     st->channels;
    }
  return SBOKEH_OK;
}

SbokehBoxesGeometry
sbokeh_boxes_stream_geometry (const SbokehBoxesStream *st,
                              int                      s)
{
  SbokehBoxesGeometry g;
  int                 x1 = (int) ((gint64) st->width * (s + 1) / st->n_strips);

  g.x0     = (int) ((gint64) st->width * s / st->n_strips);
  g.values = (x1 - g.x0) * st->channels;
  g.padded = (int) round_up (g.values, BLOCK);
  g.pixels = x1 - g.x0 + st->rs->size - 1;
  return g;
}

/* Feeds source rows fed … fed + rows − 1 (src: their first) to strip s,
 * and writes every output row they complete; dest holds output row
 * dest_row0 first.
 *
 * Chunks of source rows: their running sums along x first; then, column
 * block by column block, both passes for every row of the chunk, so that
 * the part of the ring a block touches, (size + 1) × COLUMN_BLOCK values,
 * stays in L2 for the whole chunk instead of the whole ring going through
 * L3 for every row.  */
static void
strip (const SbokehBoxesStream *st,
       SbokehBoxesScratch      *sc,
       int                      s,
       const float             *src,
       gsize                    src_stride,
       int                      rows,
       float                   *dest,
       gsize                    dest_stride,
       int                      dest_row0)
{
  const SbokehBoxesPasses *rs = st->rs;
  const SbokehBoxesKernels *kern = rs->kernels;
  const SbokehBoxesPlaces *hl = &rs->horizontal, *vl = &rs->vertical;
  const int   channels = st->channels, height = st->height, rank = rs->rank;
  const int   n = rs->size, ring_rows = n + 1;
  const SbokehBoxesGeometry geo = sbokeh_boxes_stream_geometry (st, s);
  const int   x0 = geo.x0, values = geo.values, padded = geo.padded;
  const int   pixels = geo.pixels;
  const int   last = vl->offset[vl->count - 1];
  double     *ring = st->states + (gsize) s * st->state;
  double     *t_rows[SBOKEH_RANK_MAX], *block_t[SBOKEH_RANK_MAX];
  double     *h_t[SBOKEH_RANK_MAX], *v_t[SBOKEH_RANK_MAX];
  int         r, i;

  for (i = 0; i < rank; i++)
    t_rows[i] = ring + (gsize) ring_rows * st->row + (gsize) i * st->row;

  for (r = 0; r < rows; r += st->chunk)
    {
      int chunk = MIN (st->chunk, rows - r), c, c0;

      for (c = 0; c < chunk; c += GROUP)
        {
          const float *rows_in[GROUP];
          int          g, count = MIN (GROUP, chunk - c);

          for (g = 0; g < count; g++)
            rows_in[g] = src + (gsize) (r + c + g) * src_stride +
                         (gsize) x0 * channels;
          kern->row_sums (rows_in, sc->sums + c, count, pixels, channels);
        }

      /* Which ring rows each row of the chunk touches: the same for every
       * column block, so the divisions are done once.  Row c's entry:
       * the places' rows (mirrored: near and far of each pair), −1 when
       * outside the region, then the row it completes (or −1).  */
      for (c = 0; c < chunk; c++)
        {
          int *ix = sc->index + (gsize) c * (n + 2);
          int  t = st->fed + r + c + 1, k, m = vl->count, y;

          for (k = 0; k < m; k++)
            {
              /* Mirrored: pair k is places k and m − 1 − k, stored as
               * entries k and m / 2 + k.  */
              int o = ! vl->mirrored ? vl->offset[k]
                      : k < m / 2 ? vl->offset[k]
                                  : vl->offset[m - 1 - (k - m / 2)];

              y = t - o;
              ix[k] = y >= 0 && y < height ? y % ring_rows : -1;
            }
          y = t - last;
          ix[n + 1] = y >= 0 && y < height ? y : -1;
        }

      for (c0 = 0; c0 < padded; c0 += COLUMN_BLOCK)
        {
          int     width = MIN (COLUMN_BLOCK, padded - c0);
          double *slice = ring + (gsize) c0 * ring_rows;

          for (i = 0; i < rank; i++)
            block_t[i] = t_rows[i] + c0;
          /* The mirrored kernels take the filters symmetric ones first.  */
          for (i = 0; i < rank; i++)
            {
              h_t[i] = block_t[hl->mirrored ? hl->order[i] : i];
              v_t[i] = block_t[vl->mirrored ? vl->order[i] : i];
            }
          for (c = 0; c < chunk; c++)
            {
              /* T_i now runs to source row st->fed + r + c.  */
              int y, lo, hi;

              if (hl->mirrored)
                kern->horizontal_pairs (sc->sums[c] + c0, sc->h_offset,
                                        sc->h_far, hl->pair_coef, rank,
                                        hl->count / 2, h_t, rank, hl->n_even,
                                        width);
              else
                kern->horizontal (sc->sums[c] + c0, sc->h_offset, hl->coef,
                                  rank, hl->count, block_t, block_t, rank,
                                  width);

              {
                const int *ix = sc->index + (gsize) c * (n + 2);
                int        m = vl->count, k, count = 0;

                if (vl->mirrored)
                  {
                    /* Pair k: rows t − o and t − (size − o).  */
                    for (k = 0; k < m / 2; k++)
                      {
                        sc->rows[k] = ix[k] >= 0
                                        ? slice + (gsize) ix[k] * COLUMN_BLOCK
                                        : NULL;
                        sc->rows_b[k] = ix[m / 2 + k] >= 0
                                          ? slice + (gsize) ix[m / 2 + k] *
                                                      COLUMN_BLOCK
                                          : NULL;
                      }
                    kern->vertical_pairs (sc->rows, sc->rows_b,
                                          vl->pair_coef, rank, m / 2, v_t,
                                          rank, vl->n_even, width);
                  }
                else
                  {
                    /* T_i[t] goes into output rows y = t − o, 0 ≤ y <
                     * height: a run of places.  */
                    for (lo = 0; lo < m && ix[lo] < 0; lo++)
                      ;
                    for (hi = lo; hi < m && ix[hi] >= 0; hi++)
                      sc->rows[count++] = slice + (gsize) ix[hi] * COLUMN_BLOCK;
                    if (count > 0)
                      kern->vertical (sc->rows, vl->coef + (gsize) lo * rank,
                                      rank, count, block_t, rank, width);
                  }
              }

              /* Row t − last has all its contributions.  */
              y = sc->index[(gsize) c * (n + 2) + n + 1];
              if (y >= 0)
                {
                  double *done = slice + (gsize) (y % ring_rows) * COLUMN_BLOCK;
                  float  *out = dest + (gsize) (y - dest_row0) * dest_stride +
                                (gsize) x0 * channels + c0;
                  int     j, m = MIN (width, values - c0);

                  for (j = 0; j < m; j++)
                    out[j] = (float) done[j];
                  memset (done, 0, width * sizeof (double));
                }
            }
        }
    }
}

SbokehStatus
sbokeh_boxes_stream_new (const SbokehBoxesPasses *rs,
                         int                      channels,
                         int                      width,
                         int                      height,
                         SbokehBoxesStream      **stream)
{
  SbokehBoxesStream *st;
  gsize              widest, total;

  if (! stream)
    return SBOKEH_ERROR_ARGUMENT;
  *stream = NULL;
  if (! rs || rs->rank < 1 || rs->rank > SBOKEH_RANK_MAX ||
      rs->vertical.count < 1 || channels < 1 || channels > 4 || width < 1 ||
      height < 1)
    return SBOKEH_ERROR_ARGUMENT;

  st = g_try_new0 (SbokehBoxesStream, 1);
  if (! st)
    return SBOKEH_ERROR_NO_MEMORY;
  st->rs       = rs;
  st->channels = channels;
  st->width    = width;
  st->height   = height;
  st->n_strips = sbokeh_boxes_passes_n_strips (rs, channels, width, height);
  widest       = ((gsize) width + st->n_strips - 1) / st->n_strips;
  st->row      = round_up (widest * channels, COLUMN_BLOCK);
  st->state    = st->row * ((gsize) rs->size + 1 + rs->rank);
  st->chunk    = CHUNK;
  if (! g_size_checked_mul (&total, st->state, st->n_strips) ||
      total > G_MAXSIZE / sizeof (double))
    {
      g_free (st);
      return SBOKEH_ERROR_OVERFLOW;
    }
  /* Not zeroed memory: calloc's fresh pages start as the shared zero page,
   * and the first write to each then costs a copy-on-write fault with a
   * TLB flush on every core (measured: 20 % of the time at radius 200);
   * writing the zeros ourselves maps them once.  */
  st->states = sbokeh_memory_alloc (total, sizeof (double));
  if (! st->states)
    {
      g_free (st);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  memset (st->states, 0, total * sizeof (double));
  g_mutex_init (&st->lock);
  *stream = st;
  return SBOKEH_OK;
}

void
sbokeh_boxes_stream_free (SbokehBoxesStream *stream)
{
  GSList *l;

  if (! stream)
    return;
  for (l = stream->spare; l; l = l->next)
    {
      scratch_free (l->data);
      g_free (l->data);
    }
  g_slist_free (stream->spare);
  g_mutex_clear (&stream->lock);
  sbokeh_memory_free (stream->states);
  g_free (stream);
}

int
sbokeh_boxes_stream_n_strips (const SbokehBoxesStream *stream)
{
  return stream->n_strips;
}

int
sbokeh_boxes_stream_done (const SbokehBoxesStream *stream,
                          int                      fed)
{
  const SbokehBoxesPlaces *vl = &stream->rs->vertical;

  /* Output row y is complete once T[y + last] is, i.e. after source row
   * y + last − 1.  */
  return CLAMP (fed + 1 - vl->offset[vl->count - 1], 0, stream->height);
}

gboolean
sbokeh_boxes_stream_clip (const SbokehBoxesStream *stream,
                          int                      rows,
                          int                     *first,
                          int                     *last)
{
  *first = MAX (*first, 0);
  *last = MIN (*last, stream->n_strips);
  return *first < *last && rows > 0;
}

SbokehBoxesScratch *
sbokeh_boxes_stream_scratch_take (SbokehBoxesStream *st)
{
  SbokehBoxesScratch *sc = NULL;

  g_mutex_lock (&st->lock);
  if (st->spare)
    {
      sc = st->spare->data;
      st->spare = g_slist_delete_link (st->spare, st->spare);
    }
  g_mutex_unlock (&st->lock);
  if (! sc)
    {
      sc = g_try_new (SbokehBoxesScratch, 1);
      if (sc && scratch_init (sc, st) != SBOKEH_OK)
        {
          g_free (sc);
          sc = NULL;
        }
    }
  return sc;
}

void
sbokeh_boxes_stream_scratch_give (SbokehBoxesStream  *st,
                                  SbokehBoxesScratch *sc)
{
  g_mutex_lock (&st->lock);
  st->spare = g_slist_prepend (st->spare, sc);
  g_mutex_unlock (&st->lock);
}

SbokehStatus
sbokeh_boxes_stream_strips (const SbokehBoxesStream *stream,
                            const float             *src,
                            gsize                    src_stride,
                            int                      rows,
                            float                   *dest,
                            gsize                    dest_stride,
                            int                      first,
                            int                      last)
{
  SbokehBoxesStream  *st = (SbokehBoxesStream *) stream;
  SbokehBoxesScratch *sc;
  int                 s;

  if (! stream || ! src || ! dest || rows < 0)
    return SBOKEH_ERROR_ARGUMENT;
  if (! sbokeh_boxes_stream_clip (stream, rows, &first, &last))
    return SBOKEH_OK;

  if (! (sc = sbokeh_boxes_stream_scratch_take (st)))
    return SBOKEH_ERROR_NO_MEMORY;
  for (s = first; s < last; s++)
    strip (stream, sc, s, src, src_stride, rows, dest, dest_stride,
           sbokeh_boxes_stream_done (stream, stream->fed));
  sbokeh_boxes_stream_scratch_give (st, sc);
  return SBOKEH_OK;
}

void
sbokeh_boxes_stream_advance (SbokehBoxesStream *stream,
                             int                rows)
{
  stream->fed += rows;
}
