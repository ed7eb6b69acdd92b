/* Separable Bokeh: passes by running sums (see runsums.h). */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "memory.h"
#include "params.h"
#include "runsums.h"
#include "boxes-kernels.h"

/* Values per block: rows of the ring and running sums are padded to a
 * multiple (whole blocks for every path's kernels).  */
#define BLOCK SBOKEH_BOXES_BLOCK
/* Strip width.  The ring is worked on one column block at a time
 * (strip ()), so the strip's width does not decide what stays in cache;
 * wider strips share the running sums over the halo columns among more
 * pixels (measured: 1024 values slower at radius 200, 4096 slower still
 * — the chunk's running sums leave L2).  */
/* Strips no wider than this (512 RGBA pixels), so that a region has
 * strips for every thread.  */
#define STRIP_MAX_VALUES 2048
/* Source rows per chunk and values per column block (see strip ()): a
 * block's part of the ring, (size + 1) rows × 1 KiB, and the chunk's
 * running sums stay in L2 while the chunk goes through the block.
 * Measured (12 MP RGBA, rank 4, 2 threads, radius 25 / 100 / 200; this
 * machine varies by ±10 % from run to run): chunk 32: 0.22–0.26 /
 * 0.25–0.29 / 0.35–0.36 s; 64: 0.25 / 0.29–0.33 / 0.37–0.42; 128: 0.26–0.29
 * / 0.33 / 0.44–0.45.  Blocks of 32 or 64 values cost more in per-block
 * overhead than they save; 256 leave L2.  */
#define CHUNK        32
#define COLUMN_BLOCK 128
/* Rows whose running sums along x are computed together: their
 * dependency chains interleave, so the adds run at throughput, not
 * latency.  */
#define GROUP SBOKEH_BOXES_ROW_GROUP

/* The changes of the reversed filter w = f[n − 1 − j] (true convolution):
 * weight w[o − 1] − w[o] at place o, 0 … n, into coef[o · stride].  */
static void
changes (const double *f,
         int           n,
         double        scale,
         double       *coef,
         int           stride)
{
  double before = 0.0;
  int    o;

  for (o = 0; o <= n; o++)
    {
      double w = o < n ? f[n - 1 - o] : 0.0;

      coef[(gsize) o * stride] = (before - w) * scale;
      before = w;
    }
}

static void
lookups_clear (SbokehLookups *l)
{
  g_free (l->offset);
  g_free (l->coef);
  g_free (l->order);
  g_free (l->pair_coef);
  memset (l, 0, sizeof (*l));
}

/* Sets l->mirrored (and the pair weights) when the places pair up around
 * the middle and every filter is symmetric or antisymmetric, exactly (the
 * box engine writes mirrored taps with the same double).  */
static SbokehStatus
lookups_mirror (SbokehLookups *l,
                int            n,
                int            rank)
{
  const int half = l->count / 2;
  int       i, k, j = 0;
  int      *parity;

  l->mirrored = FALSE;
  if (l->count % 2 || rank > SBOKEH_RANK_MAX)
    return SBOKEH_OK;
  for (k = 0; k < half; k++)
    if (l->offset[k] + l->offset[l->count - 1 - k] != n)
      return SBOKEH_OK;

  parity = g_try_new (int, rank);
  l->order = g_try_new (int, rank);
  l->pair_coef = g_try_new (double, (gsize) MAX (half, 1) * rank);
  if (! parity || ! l->order || ! l->pair_coef)
    {
      g_free (parity);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  for (i = 0; i < rank; i++)
    {
      gboolean even = TRUE, odd = TRUE;

      for (k = 0; k < half; k++)
        {
          double a = l->coef[(gsize) k * rank + i];
          double b = l->coef[(gsize) (l->count - 1 - k) * rank + i];

          even &= b == -a;
          odd &= b == a;
        }
      if (! even && ! odd)
        {
          g_free (parity);
          return SBOKEH_OK;
        }
      parity[i] = even ? 0 : 1;
    }
  for (i = 0; i < rank; i++)
    if (parity[i] == 0)
      l->order[j++] = i;
  l->n_even = j;
  for (i = 0; i < rank; i++)
    if (parity[i] == 1)
      l->order[j++] = i;
  for (k = 0; k < half; k++)
    for (i = 0; i < rank; i++)
      l->pair_coef[(gsize) k * rank + i] =
        l->coef[(gsize) k * rank + l->order[i]];
  g_free (parity);
  l->mirrored = TRUE;
  return SBOKEH_OK;
}

/* The union of the rank filters' places of change, with every filter's
 * weight there.  */
static SbokehStatus
lookups_build (SbokehLookups *l,
               const double  *filters,
               int            n,
               int            rank,
               double         scale)
{
  double *all = g_try_new (double, (gsize) (n + 1) * rank);
  int     o, i, count = 0;

  memset (l, 0, sizeof (*l));
  if (! all)
    return SBOKEH_ERROR_NO_MEMORY;
  for (i = 0; i < rank; i++)
    changes (filters + (gsize) i * n, n, scale, all + i, rank);

  l->offset = g_try_new (int, n + 1);
  l->coef   = g_try_new (double, (gsize) (n + 1) * rank);
  if (! l->offset || ! l->coef)
    {
      g_free (all);
      lookups_clear (l);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  for (o = 0; o <= n; o++)
    {
      const double *c = all + (gsize) o * rank;
      gboolean      any = FALSE;

      for (i = 0; i < rank; i++)
        any |= c[i] != 0.0;
      if (! any)
        continue;
      l->offset[count] = o;
      memcpy (l->coef + (gsize) count * rank, c, rank * sizeof (double));
      count++;
    }
  l->count = count;
  g_free (all);
  return lookups_mirror (l, n, rank);
}

SbokehStatus
sbokeh_runsums_prepare (const SbokehFilters *filters,
                        SbokehRunsums       *rs)
{
  SbokehStatus status;
  SbokehSimd   path;
  double       sum;

  if (! rs)
    return SBOKEH_ERROR_ARGUMENT;
  memset (rs, 0, sizeof (*rs));
  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;
  if (! filters || filters->size < 1 || filters->rank < 1 ||
      ! filters->vertical || ! filters->horizontal)
    return SBOKEH_ERROR_ARGUMENT;

  sum = sbokeh_filters_sum (filters);
  if (! isfinite (sum) || fabs (sum) < 1e-12)
    return SBOKEH_ERROR_ARGUMENT;

  status = lookups_build (&rs->horizontal, filters->horizontal, filters->size,
                          filters->rank, 1.0 / sum);
  if (status == SBOKEH_OK)
    status = lookups_build (&rs->vertical, filters->vertical, filters->size,
                            filters->rank, 1.0);
  if (status != SBOKEH_OK || rs->vertical.count < 1)
    {
      sbokeh_runsums_clear (rs);
      return status != SBOKEH_OK ? status : SBOKEH_ERROR_ARGUMENT;
    }
  rs->size = filters->size;
  rs->rank = filters->rank;
  rs->kernels = SBOKEH_SIMD_PICK (sbokeh_boxes_kernels, path);
  return SBOKEH_OK;
}

void
sbokeh_runsums_clear (SbokehRunsums *rs)
{
  if (! rs)
    return;
  lookups_clear (&rs->horizontal);
  lookups_clear (&rs->vertical);
  memset (rs, 0, sizeof (*rs));
}

int
sbokeh_runsums_halo (const SbokehRunsums *rs)
{
  return rs->size / 2;
}

int
sbokeh_runsums_lookups (const SbokehRunsums *rs)
{
  const SbokehLookups *h = &rs->horizontal, *v = &rs->vertical;

  /* A mirrored pair of places is one multiply-add per filter.  */
  return ((h->mirrored ? h->count / 2 : h->count) +
          (v->mirrored ? v->count / 2 : v->count)) * rs->rank;
}

static gsize
round_up (gsize v,
          gsize to)
{
  return (v + to - 1) / to * to;
}

int
sbokeh_runsums_n_strips (const SbokehRunsums *rs,
                         int                  channels,
                         int                  width,
                         int                  height)
{
  int pixels = STRIP_MAX_VALUES / MAX (channels, 1);

  (void) height;
  if (! rs || rs->rank < 1 || channels < 1 || width < 1)
    return 0;
  return (width + pixels - 1) / pixels;
}

/* What one thread needs while it runs strips: running sums along x, the
 * ring rows of one source row's places, the horizontal places in values.  */
typedef struct
{
  double **sums;          /* chunk rows of running sums along x        */
  int      n_sums;
  double **rows;
  double **rows_b;        /* mirrored: the rows of the pairs' far places */
  int     *index;         /* chunk × (size + 2): ring rows of each row's
                             places (−1: outside), then the row done    */
  int     *h_offset;
  int     *h_far;         /* mirrored: the pairs' far places, in values */
  gsize    sums_len;
  double  *zero;          /* COLUMN_BLOCK zeros                          */
  double  *h;             /* rank × COLUMN_BLOCK: one row's horizontal
                             results (stream_repeat)                     */
} Scratch;

static void
scratch_free (Scratch *sc)
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

struct _SbokehRunsumsStream
{
  const SbokehRunsums *rs;
  int                  channels;
  int                  width;
  int                  height;
  int                  n_strips;
  gsize                row;      /* padded values per ring or T row     */
  gsize                state;    /* values of one strip's state         */
  int                  chunk;    /* source rows per chunk (strip ())    */
  double              *states;   /* per strip: ring (size + 1 rows, stored
                                    block by block: a column block's rows
                                    are contiguous), then
                                    rank T rows                         */
  int                  fed;      /* source rows fed so far              */
  GMutex               lock;     /* guards spare                        */
  GSList              *spare;    /* Scratch kept for the next calls, so
                                    that threads do not map and unmap
                                    their scratch for every band        */
};

static SbokehStatus
scratch_init (Scratch                   *sc,
              const SbokehRunsumsStream *st)
{
  const SbokehRunsums *rs = st->rs;
  int                  g;

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

/* Strip s: its first pixel, its values (channels per pixel), those
 * padded to whole blocks, and the source pixels its running sums cover
 * (its own and the halo's).  */
typedef struct
{
  int x0;
  int values;
  int padded;
  int pixels;
} Geometry;

static Geometry
geometry (const SbokehRunsumsStream *st,
          int                        s)
{
  Geometry g;
  int      x1 = (int) ((gint64) st->width * (s + 1) / st->n_strips);

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
strip (const SbokehRunsumsStream *st,
       Scratch                   *sc,
       int                        s,
       const float               *src,
       gsize                      src_stride,
       int                        rows,
       float                     *dest,
       gsize                      dest_stride,
       int                        dest_row0)
{
  const SbokehRunsums *rs = st->rs;
  const SbokehBoxesKernels *kern = rs->kernels;
  const SbokehLookups *hl = &rs->horizontal, *vl = &rs->vertical;
  const int   channels = st->channels, height = st->height, rank = rs->rank;
  const int   n = rs->size, ring_rows = n + 1;
  const Geometry geo = geometry (st, s);
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
sbokeh_runsums_stream_new (const SbokehRunsums  *rs,
                           int                   channels,
                           int                   width,
                           int                   height,
                           SbokehRunsumsStream **stream)
{
  SbokehRunsumsStream *st;
  gsize                widest, total;

  if (! stream)
    return SBOKEH_ERROR_ARGUMENT;
  *stream = NULL;
  if (! rs || rs->rank < 1 || rs->rank > SBOKEH_RANK_MAX ||
      rs->vertical.count < 1 || channels < 1 || channels > 4 || width < 1 ||
      height < 1)
    return SBOKEH_ERROR_ARGUMENT;

  st = g_try_new0 (SbokehRunsumsStream, 1);
  if (! st)
    return SBOKEH_ERROR_NO_MEMORY;
  st->rs       = rs;
  st->channels = channels;
  st->width    = width;
  st->height   = height;
  st->n_strips = sbokeh_runsums_n_strips (rs, channels, width, height);
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
sbokeh_runsums_stream_free (SbokehRunsumsStream *stream)
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
sbokeh_runsums_stream_n_strips (const SbokehRunsumsStream *stream)
{
  return stream->n_strips;
}

int
sbokeh_runsums_stream_done (const SbokehRunsumsStream *stream,
                            int                        fed)
{
  const SbokehLookups *vl = &stream->rs->vertical;

  /* Output row y is complete once T[y + last] is, i.e. after source row
   * y + last − 1.  */
  return CLAMP (fed + 1 - vl->offset[vl->count - 1], 0, stream->height);
}

/* Strips first … last − 1 of the stream, clipped; FALSE when there is
 * nothing to do (no strips, or no rows).  */
static gboolean
clip_strips (const SbokehRunsumsStream *stream,
             int                        rows,
             int                       *first,
             int                       *last)
{
  *first = MAX (*first, 0);
  *last = MIN (*last, stream->n_strips);
  return *first < *last && rows > 0;
}

/* A thread's scratch: one kept from an earlier call, or a new one.  */
static Scratch *
scratch_take (SbokehRunsumsStream *st)
{
  Scratch *sc = NULL;

  g_mutex_lock (&st->lock);
  if (st->spare)
    {
      sc = st->spare->data;
      st->spare = g_slist_delete_link (st->spare, st->spare);
    }
  g_mutex_unlock (&st->lock);
  if (! sc)
    {
      sc = g_try_new (Scratch, 1);
      if (sc && scratch_init (sc, st) != SBOKEH_OK)
        {
          g_free (sc);
          sc = NULL;
        }
    }
  return sc;
}

static void
scratch_give (SbokehRunsumsStream *st,
              Scratch             *sc)
{
  g_mutex_lock (&st->lock);
  st->spare = g_slist_prepend (st->spare, sc);
  g_mutex_unlock (&st->lock);
}

SbokehStatus
sbokeh_runsums_stream_strips (const SbokehRunsumsStream *stream,
                              const float               *src,
                              gsize                      src_stride,
                              int                        rows,
                              float                     *dest,
                              gsize                      dest_stride,
                              int                        first,
                              int                        last)
{
  SbokehRunsumsStream *st = (SbokehRunsumsStream *) stream;
  Scratch             *sc;
  int                  s;

  if (! stream || ! src || ! dest || rows < 0)
    return SBOKEH_ERROR_ARGUMENT;
  if (! clip_strips (stream, rows, &first, &last))
    return SBOKEH_OK;

  if (! (sc = scratch_take (st)))
    return SBOKEH_ERROR_NO_MEMORY;
  for (s = first; s < last; s++)
    strip (stream, sc, s, src, src_stride, rows, dest, dest_stride,
           sbokeh_runsums_stream_done (stream, stream->fed));
  scratch_give (st, sc);
  return SBOKEH_OK;
}

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
repeat_weights (const SbokehLookups *vl,
                int                  rank,
                int                  count,
                double              *ab)
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
strip_repeat (const SbokehRunsumsStream *st,
              Scratch                   *sc,
              int                        s,
              const float               *src,
              int                        count,
              const double              *ab,
              float                     *dest,
              gsize                      dest_stride,
              int                        dest_row0)
{
  const SbokehRunsums *rs = st->rs;
  const SbokehLookups *hl = &rs->horizontal, *vl = &rs->vertical;
  const int   channels = st->channels, rank = rs->rank;
  const int   n = rs->size, ring_rows = n + 1, fed = st->fed;
  const Geometry geo = geometry (st, s);
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
sbokeh_runsums_stream_repeat (const SbokehRunsumsStream *stream,
                              const float               *src,
                              int                        count,
                              float                     *dest,
                              gsize                      dest_stride,
                              int                        first,
                              int                        last)
{
  SbokehRunsumsStream *st = (SbokehRunsumsStream *) stream;
  const SbokehLookups *vl;
  Scratch             *sc;
  double              *ab;
  gsize                n_ab;
  int                  s;

  if (! stream || ! src || ! dest || count < 0)
    return SBOKEH_ERROR_ARGUMENT;
  if (! clip_strips (stream, count, &first, &last))
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
  if (! (sc = scratch_take (st)))
    {
      g_free (ab);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  repeat_weights (vl, stream->rs->rank, count, ab);
  for (s = first; s < last; s++)
    strip_repeat (stream, sc, s, src, count, ab, dest, dest_stride,
                  sbokeh_runsums_stream_done (stream, stream->fed));
  scratch_give (st, sc);
  g_free (ab);
  return SBOKEH_OK;
}

void
sbokeh_runsums_stream_advance (SbokehRunsumsStream *stream,
                               int                  rows)
{
  stream->fed += rows;
}

SbokehStatus
sbokeh_runsums_strips (const SbokehRunsums *rs,
                       int                  channels,
                       const float         *src,
                       gsize                src_stride,
                       int                  width,
                       int                  height,
                       float               *dest,
                       gsize                dest_stride,
                       int                  first,
                       int                  last)
{
  SbokehRunsumsStream *st;
  SbokehStatus         status;

  if (! rs || ! src || ! dest)
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_runsums_stream_new (rs, channels, width, height, &st);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_runsums_stream_strips (st, src, src_stride,
                                         height + rs->size - 1, dest,
                                         dest_stride, first, last);
  sbokeh_runsums_stream_free (st);
  return status;
}

SbokehStatus
sbokeh_runsums_region (const SbokehRunsums *rs,
                       int                  channels,
                       const float         *src,
                       gsize                src_stride,
                       int                  width,
                       int                  height,
                       float               *dest,
                       gsize                dest_stride)
{
  return sbokeh_runsums_strips (rs, channels, src, src_stride, width, height,
                                dest, dest_stride, 0, G_MAXINT);
}
