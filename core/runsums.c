/* Separable Bokeh: passes by running sums (see runsums.h). */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "runsums.h"

#if defined(__GNUC__) && ! defined(__clang__) && defined(__x86_64__) && \
    defined(__linux__)
#define SBOKEH_CLONES \
  __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", \
                                 "default")))
#else
#define SBOKEH_CLONES
#endif

/* 64-byte vectors never cross a function boundary here (see convolve.c).  */
#pragma GCC diagnostic ignored "-Wpsabi"

#define VD_LEN 8
typedef double vd __attribute__ ((vector_size (VD_LEN * sizeof (double))));
typedef double vd4 __attribute__ ((vector_size (4 * sizeof (double))));
typedef float  vf4 __attribute__ ((vector_size (4 * sizeof (float))));

/* Values per block: rows of the ring and running sums are padded to a
 * multiple (the kernels work on 2 vectors of 8 doubles at a time).  */
#define BLOCK (4 * VD_LEN)
/* The ring of one strip (size + 1 rows of output sums) and the N
 * running sums.  Each ring row takes one read-modify-write per lookup
 * place, spread over size rows, so the ring need not fit in L2: measured
 * at radius 200 (1600 rows, 4 channels, one thread), 0.75 MiB: 85 ms per
 * megapixel, 1.5 MiB: 71, 3 MiB: 66, 6 MiB: 70; at radius 25 the size
 * does not matter (54–58).  Wider strips share the running sums over the
 * halo columns among more pixels.  */
#define RING_BYTES (3 * 1024 * 1024)
/* ...but strips no wider than this (512 RGBA pixels), so that a region
 * has strips for every thread.  */
#define STRIP_MAX_VALUES 2048
/* Narrower strips spend more on the running sums over the halo columns
 * than on their own pixels.  */
#define STRIP_MIN_VALUES BLOCK
/* Rows whose running sums along x are computed together: their
 * dependency chains interleave, so the adds run at throughput, not
 * latency.  */
#define GROUP 4

static inline __attribute__ ((always_inline)) vd
vd_load (const double *p)
{
  vd v;

  memcpy (&v, p, sizeof (v));
  return v;
}

static inline __attribute__ ((always_inline)) void
vd_store (double *p,
          vd      v)
{
  memcpy (p, &v, sizeof (v));
}

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
  memset (l, 0, sizeof (*l));
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
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_runsums_prepare (const SbokehFilters *filters,
                        SbokehRunsums       *rs)
{
  SbokehStatus status;
  double       sum;

  if (! rs)
    return SBOKEH_ERROR_ARGUMENT;
  memset (rs, 0, sizeof (*rs));
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
  return (rs->horizontal.count + rs->vertical.count) * rs->rank;
}

static gsize
round_up (gsize v,
          gsize to)
{
  return (v + to - 1) / to * to;
}

/* Pixels per strip: the rings' budget, at least one block.  */
static int
strip_pixels (const SbokehRunsums *rs,
              int                  channels)
{
  gsize row_bytes = ((gsize) rs->size + 1 + rs->rank) * sizeof (double);
  gsize values = RING_BYTES / MAX (row_bytes, 1);

  values = MIN (values, STRIP_MAX_VALUES) / BLOCK * BLOCK;

  values = MAX (values, STRIP_MIN_VALUES);
  return (int) MAX (values / channels, 1);
}

int
sbokeh_runsums_n_strips (const SbokehRunsums *rs,
                         int                  channels,
                         int                  width,
                         int                  height)
{
  int pixels;

  (void) height;
  if (! rs || rs->rank < 1 || channels < 1 || width < 1)
    return 0;
  pixels = strip_pixels (rs, channels);
  return (width + pixels - 1) / pixels;
}

/* Running sums along x of `rows` source rows of `pixels` pixels: s[g]
 * gets 0 then the sums, (pixels + 1) · channels values.  */
SBOKEH_CLONES static void
row_sums (const float *const *src,
          double *const      *s,
          int                 rows,
          int                 pixels,
          int                 channels)
{
  int g, t, c;

  if (channels == 4 || channels == 3)
    {
      vd4 acc[GROUP];

      for (g = 0; g < rows; g++)
        {
          acc[g] = (vd4) { 0, 0, 0, 0 };
          memset (s[g], 0, channels * sizeof (double));
        }
      /* Four lanes per pixel; with three channels the fourth lane is the
       * next pixel's red, stored where that pixel's sums go next and
       * overwritten by them, so the last pixel is done alone.  */
      for (t = 0; t < pixels - (channels == 3); t++)
        for (g = 0; g < rows; g++)
          {
            vf4 v;

            memcpy (&v, src[g] + (gsize) t * channels, sizeof (v));
            acc[g] += __builtin_convertvector (v, vd4);
            memcpy (s[g] + (gsize) (t + 1) * channels, &acc[g],
                    sizeof (acc[g]));
          }
      if (channels == 3 && pixels > 0)
        for (g = 0; g < rows; g++)
          for (c = 0; c < 3; c++)
            s[g][(gsize) pixels * 3 + c] =
              s[g][(gsize) (pixels - 1) * 3 + c] +
              src[g][(gsize) (pixels - 1) * 3 + c];
      return;
    }

  for (g = 0; g < rows; g++)
    memset (s[g], 0, channels * sizeof (double));
  for (t = 0; t < pixels; t++)
    for (g = 0; g < rows; g++)
      for (c = 0; c < channels; c++)
        s[g][(gsize) (t + 1) * channels + c] =
          s[g][(gsize) t * channels + c] +
          src[g][(gsize) t * channels + c];
}

/* Horizontal, for a group of G pairs: t_g[j] += Σₖ coef[k · stride + g] ·
 * s[j + offset[k]], j < n (a multiple of BLOCK).  */
static inline __attribute__ ((always_inline)) void
horizontal_group (const double  *s,
                  const int     *offset,
                  const double  *coef,
                  int            stride,
                  int            count,
                  double *const *t,
                  int            n,
                  const int      G)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd a[4][2];

      for (g = 0; g < G; g++)
        a[g][0] = a[g][1] = (vd) { 0 };
      for (k = 0; k < count; k++)
        {
          const double *p = s + j + offset[k];
          const double *c = coef + (gsize) k * stride;
          vd            s0 = vd_load (p), s1 = vd_load (p + VD_LEN);

          for (g = 0; g < G; g++)
            {
              a[g][0] += c[g] * s0;
              a[g][1] += c[g] * s1;
            }
        }
      for (g = 0; g < G; g++)
        {
          vd_store (t[g] + j, vd_load (t[g] + j) + a[g][0]);
          vd_store (t[g] + j + VD_LEN, vd_load (t[g] + j + VD_LEN) + a[g][1]);
        }
    }
}

SBOKEH_CLONES static void
horizontal (const double  *s,
            const int     *offset,
            const double  *coef,
            int            stride,
            int            count,
            double *const *t,
            int            rank,
            int            n)
{
  int i = 0;

  for (; i + 4 <= rank; i += 4)
    horizontal_group (s, offset, coef + i, stride, count, t + i, n, 4);
  if (rank - i == 3)
    horizontal_group (s, offset, coef + i, stride, count, t + i, n, 3);
  else if (rank - i == 2)
    horizontal_group (s, offset, coef + i, stride, count, t + i, n, 2);
  else if (rank - i == 1)
    horizontal_group (s, offset, coef + i, stride, count, t + i, n, 1);
}

/* Vertical, for a group of G pairs: rows[k][j] += Σ_g coef[k · stride + g]
 * · t_g[j] for the count places k, j < n.  */
static inline __attribute__ ((always_inline)) void
vertical_group (double *const *rows,
                const double  *coef,
                int            stride,
                int            count,
                double *const *t,
                int            n,
                const int      G)
{
  int j, k, g;

  for (j = 0; j < n; j += 2 * VD_LEN)
    {
      vd v[4][2];

      for (g = 0; g < G; g++)
        {
          v[g][0] = vd_load (t[g] + j);
          v[g][1] = vd_load (t[g] + j + VD_LEN);
        }
      for (k = 0; k < count; k++)
        {
          double       *p = rows[k] + j;
          const double *c = coef + (gsize) k * stride;
          vd            a0 = vd_load (p), a1 = vd_load (p + VD_LEN);

          for (g = 0; g < G; g++)
            {
              a0 += c[g] * v[g][0];
              a1 += c[g] * v[g][1];
            }
          vd_store (p, a0);
          vd_store (p + VD_LEN, a1);
        }
    }
}

SBOKEH_CLONES static void
vertical (double *const *rows,
          const double  *coef,
          int            stride,
          int            count,
          double *const *t,
          int            rank,
          int            n)
{
  int i = 0;

  for (; i + 4 <= rank; i += 4)
    vertical_group (rows, coef + i, stride, count, t + i, n, 4);
  if (rank - i == 3)
    vertical_group (rows, coef + i, stride, count, t + i, n, 3);
  else if (rank - i == 2)
    vertical_group (rows, coef + i, stride, count, t + i, n, 2);
  else if (rank - i == 1)
    vertical_group (rows, coef + i, stride, count, t + i, n, 1);
}

typedef struct
{
  double  *sums[GROUP];   /* running sums along x of a group of rows   */
  double  *ring;          /* output rows being summed, (size + 1) rows */
  double **t;             /* rank running sums along y, one row each   */
  double **rows;          /* ring rows of one source row's places      */
  int     *h_offset;      /* horizontal places in values               */
  gsize    row;           /* padded values per row                     */
} Scratch;

static void
scratch_free (Scratch *sc,
              int      rank)
{
  int g;

  for (g = 0; g < GROUP; g++)
    g_free (sc->sums[g]);
  g_free (sc->ring);
  if (sc->t)
    for (g = 0; g < rank; g++)
      g_free (sc->t[g]);
  g_free (sc->t);
  g_free (sc->rows);
  g_free (sc->h_offset);
}

static void
strip (const SbokehRunsums *rs,
       Scratch             *sc,
       int                  channels,
       const float         *src,
       gsize                src_stride,
       int                  x0,
       int                  x1,
       int                  height,
       float               *dest,
       gsize                dest_stride)
{
  const SbokehLookups *hl = &rs->horizontal, *vl = &rs->vertical;
  const int   n = rs->size, ring = n + 1;
  const int   values = (x1 - x0) * channels;
  const int   padded = (int) round_up (values, BLOCK);
  const int   src_rows = height + n - 1;
  const int   pixels = x1 - x0 + n - 1;
  const int   last = vl->offset[vl->count - 1];
  int         r, i, k;

  memset (sc->ring, 0, (gsize) ring * sc->row * sizeof (double));
  for (i = 0; i < rs->rank; i++)
    memset (sc->t[i], 0, sc->row * sizeof (double));
  for (k = 0; k < hl->count; k++)
    sc->h_offset[k] = hl->offset[k] * channels;

  for (r = 0; r < src_rows; r += GROUP)
    {
      const float *rows_in[GROUP];
      int          g, count = MIN (GROUP, src_rows - r);

      for (g = 0; g < count; g++)
        rows_in[g] = src + (gsize) (r + g) * src_stride + (gsize) x0 * channels;
      row_sums (rows_in, sc->sums, count, pixels, channels);

      for (g = 0; g < count; g++)
        {
          /* T_i now runs to source row t − 1.  */
          int t = r + g + 1, y, lo, hi;

          horizontal (sc->sums[g], sc->h_offset, hl->coef, rs->rank,
                      hl->count, sc->t, rs->rank, padded);

          /* T_i[t] goes into output rows y = t − o, 0 ≤ y < height.  */
          for (lo = 0; lo < vl->count && t - vl->offset[lo] >= height; lo++)
            ;
          for (hi = lo; hi < vl->count && t - vl->offset[hi] >= 0; hi++)
            sc->rows[hi - lo] =
              sc->ring + (gsize) ((t - vl->offset[hi]) % ring) * sc->row;
          if (hi > lo)
            vertical (sc->rows, vl->coef + (gsize) lo * rs->rank, rs->rank,
                      hi - lo, sc->t, rs->rank, padded);

          /* Row t − last has all its contributions.  */
          y = t - last;
          if (y >= 0 && y < height)
            {
              double *done = sc->ring + (gsize) (y % ring) * sc->row;
              float  *out = dest + (gsize) y * dest_stride +
                            (gsize) x0 * channels;
              int     j;

              for (j = 0; j < values; j++)
                out[j] = (float) done[j];
              memset (done, 0, padded * sizeof (double));
            }
        }
    }
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
  Scratch      sc = { 0 };
  SbokehStatus status = SBOKEH_OK;
  int          n_strips, widest, s, g;
  gsize        sums_len, ring_len;

  if (! rs || rs->rank < 1 || ! src || ! dest || channels < 1 ||
      channels > 4 || width < 1 || height < 1)
    return SBOKEH_ERROR_ARGUMENT;
  n_strips = sbokeh_runsums_n_strips (rs, channels, width, height);
  first = MAX (first, 0);
  last = MIN (last, n_strips);
  if (first >= last)
    return SBOKEH_OK;

  widest = (width + n_strips - 1) / n_strips;
  sc.row = round_up ((gsize) widest * channels, BLOCK);
  /* Running sums: (widest + size) pixels, plus the padded block's reach
   * past the last one (zeros).  */
  sums_len = sc.row + ((gsize) rs->size + 1) * channels + BLOCK;
  if (! g_size_checked_mul (&ring_len, sc.row, (gsize) rs->size + 1))
    return SBOKEH_ERROR_OVERFLOW;
  for (g = 0; g < GROUP; g++)
    if (! (sc.sums[g] = g_try_new0 (double, sums_len)))
      status = SBOKEH_ERROR_NO_MEMORY;
  sc.ring     = g_try_new (double, ring_len);
  sc.t        = g_try_new0 (double *, rs->rank);
  sc.rows     = g_try_new (double *, rs->size + 1);
  sc.h_offset = g_try_new (int, rs->size + 1);
  if (sc.t)
    for (g = 0; g < rs->rank; g++)
      if (! (sc.t[g] = g_try_new (double, sc.row)))
        status = SBOKEH_ERROR_NO_MEMORY;
  if (! sc.ring || ! sc.t || ! sc.rows || ! sc.h_offset)
    status = SBOKEH_ERROR_NO_MEMORY;

  if (status == SBOKEH_OK)
    for (s = first; s < last; s++)
      {
        int x0 = (int) ((gint64) width * s / n_strips);
        int x1 = (int) ((gint64) width * (s + 1) / n_strips);

        /* Sums beyond this strip's pixels are read into padding lanes
         * only; zeros keep them finite and the result reproducible.  */
        for (g = 0; g < GROUP; g++)
          memset (sc.sums[g], 0, sums_len * sizeof (double));
        strip (rs, &sc, channels, src, src_stride, x0, x1, height, dest,
               dest_stride);
      }
  scratch_free (&sc, rs->rank);
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
