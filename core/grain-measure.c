/* Separable Bokeh: measuring the photo's grain (grain.h has the math):
 * the blocks' scores, the flattest chosen, their spectra summed.  */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grain-private.h"
#include "parts.h"

#define B SBOKEH_GRAIN_BLOCK

/* The chosen blocks' spectra are summed in this many groups, each in
 * order, then the groups in order: the same sums whatever the number of
 * threads.  */
#define SPECTRA_GROUPS 16

typedef struct
{
  GeglBuffer   *buffer;
  const Babl   *format;
  GeglRectangle roi;
  int           columns;   /* blocks per row */
  int           rows;      /* rows of blocks */
  int           comps;     /* components of format */
  int           channels;  /* its colour channels */
  gboolean      alpha;
  float        *score;     /* per block; < 0: left out */
  const int    *chosen;    /* the blocks of the spectrum */
  int           n_chosen;
  SbokehGrainSpectra *groups;
  gint          status;
} Scan;

/* The quadratic surface's orthogonal basis on the centred block:
 * 1, X, Y, X² − m, Y² − m, X Y, and the sums of their squares.  */
typedef struct
{
  double coord[B];   /* X = x − (B − 1) / 2 */
  double square[B];  /* X² − m */
  double norm[6];
} Basis;

static void
basis_init (Basis *b)
{
  double m = 0.0, a2 = 0.0, q4 = 0.0;
  int    x;

  for (x = 0; x < B; x++)
    {
      b->coord[x] = x - (B - 1) / 2.0;
      m += b->coord[x] * b->coord[x] / B;
    }
  for (x = 0; x < B; x++)
    {
      b->square[x] = b->coord[x] * b->coord[x] - m;
      a2 += b->coord[x] * b->coord[x];
      q4 += b->square[x] * b->square[x];
    }
  b->norm[0] = (double) B * B;
  b->norm[1] = b->norm[2] = a2 * B;
  b->norm[3] = b->norm[4] = q4 * B;
  b->norm[5] = a2 * a2;
}

/* Channel c of the block at px (rows stride floats apart, comps floats a
 * pixel): the mean square of what its best quadratic leaves; with
 * residual, that residual itself (B² doubles).  */
static double
detrend (const Basis *b,
         const float *px,
         gsize        stride,
         int          comps,
         int          c,
         double      *residual)
{
  const double ref = px[c];
  double       s[6] = { 0 }, s2 = 0.0, e, coef[6];
  int          x, y, j;

  for (y = 0; y < B; y++)
    for (x = 0; x < B; x++)
      {
        double v = px[y * stride + (gsize) x * comps + c] - ref;

        s[0] += v;
        s[1] += v * b->coord[x];
        s[2] += v * b->coord[y];
        s[3] += v * b->square[x];
        s[4] += v * b->square[y];
        s[5] += v * b->coord[x] * b->coord[y];
        s2 += v * v;
      }
  e = s2;
  for (j = 0; j < 6; j++)
    {
      coef[j] = s[j] / b->norm[j];
      e -= s[j] * coef[j];
    }
  if (residual)
    for (y = 0; y < B; y++)
      for (x = 0; x < B; x++)
        residual[y * B + x] =
          px[y * stride + (gsize) x * comps + c] - ref -
          (coef[0] + coef[1] * b->coord[x] + coef[2] * b->coord[y] +
           coef[3] * b->square[x] + coef[4] * b->square[y] +
           coef[5] * b->coord[x] * b->coord[y]);
  return MAX (e, 0.0) / (B * B);
}

/* Whether the block at px is usable: opaque enough, finite, not
 * clipped.  */
static gboolean
usable (const Scan  *scan,
        const float *px,
        gsize        stride)
{
  int x, y, c, clipped = 0;

  for (y = 0; y < B; y++)
    for (x = 0; x < B; x++)
      {
        const float *p = px + y * stride + (gsize) x * scan->comps;
        gboolean     clip = FALSE;

        if (scan->alpha && ! (p[scan->channels] >= SBOKEH_GRAIN_ALPHA_MIN))
          return FALSE;
        for (c = 0; c < scan->channels; c++)
          {
            if (! isfinite (p[c]))
              return FALSE;
            clip |= fabs (p[c]) <= SBOKEH_GRAIN_CLIP_MARGIN ||
                    fabs (p[c] - 1.0) <= SBOKEH_GRAIN_CLIP_MARGIN;
          }
        clipped += clip;
      }
  return clipped * SBOKEH_GRAIN_CLIP_SHARE <= B * B;
}

/* Part i of n: the scores of its rows of blocks.  */
static void
score_part (gint     i,
            gint     n,
            gpointer data)
{
  Scan         *scan = data;
  const gsize   stride = (gsize) scan->columns * B * scan->comps;
  float        *band;
  Basis         b;
  int           first, last, row, col, c;

  sbokeh_parts_share (scan->rows, i, n, &first, &last);
  if (first >= last)
    return;
  band = g_try_new (float, stride * B);
  if (! band)
    {
      g_atomic_int_set (&scan->status, SBOKEH_ERROR_NO_MEMORY);
      return;
    }
  basis_init (&b);
  for (row = first; row < last; row++)
    {
      GeglRectangle r = { scan->roi.x, scan->roi.y + row * B,
                          scan->columns * B, B };

      gegl_buffer_get (scan->buffer, &r, 1.0, scan->format, band,
                       stride * sizeof (float), GEGL_ABYSS_NONE);
      for (col = 0; col < scan->columns; col++)
        {
          const float *px = band + (gsize) col * B * scan->comps;
          double       score = 0.0;

          if (usable (scan, px, stride))
            for (c = 0; c < scan->channels; c++)
              score += detrend (&b, px, stride, scan->comps, c, NULL);
          else
            score = -1.0;
          scan->score[(gsize) row * scan->columns + col] = (float) score;
        }
    }
  g_free (band);
}

/* Part i of n: the spectra of its groups of chosen blocks.  */
static void
spectra_part (gint     i,
              gint     n,
              gpointer data)
{
  Scan   *scan = data;
  float  *px = g_try_new (float, B * B * scan->comps);
  double *res = g_try_new (double, SBOKEH_GRAIN_BINS * scan->channels);
  Basis   b;
  int     first, last, g, j, c;

  sbokeh_parts_share (SPECTRA_GROUPS, i, n, &first, &last);
  if (! px || ! res)
    {
      g_atomic_int_set (&scan->status, SBOKEH_ERROR_NO_MEMORY);
      first = last;
    }
  basis_init (&b);
  for (g = first; g < last; g++)
    {
      int j0, j1;

      sbokeh_parts_share (scan->n_chosen, g, SPECTRA_GROUPS, &j0, &j1);
      for (j = j0; j < j1; j++)
        {
          int           k = scan->chosen[j];
          GeglRectangle r = { scan->roi.x + (k % scan->columns) * B,
                              scan->roi.y + (k / scan->columns) * B, B, B };

          gegl_buffer_get (scan->buffer, &r, 1.0, scan->format, px,
                           (gsize) B * scan->comps * sizeof (float),
                           GEGL_ABYSS_NONE);
          for (c = 0; c < scan->channels; c++)
            detrend (&b, px, (gsize) B * scan->comps, scan->comps, c,
                     res + c * SBOKEH_GRAIN_BINS);
          sbokeh_grain_spectra_add (&scan->groups[g], res, scan->channels);
        }
    }
  g_free (px);
  g_free (res);
}

typedef struct
{
  float score;
  int   index;
} Ranked;

static int
by_score (const void *a,
          const void *b)
{
  const Ranked *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return x->index - y->index;
}

static int
by_int (const void *a,
        const void *b)
{
  return *(const int *) a - *(const int *) b;
}

const Babl *
sbokeh_grain_format (const Babl *source)
{
  int         flags = source ? babl_get_model_flags (
                                 babl_format_get_model (source)) : 0;
  gboolean    alpha = ! source || babl_format_has_alpha (source);
  const char *name;

  if (flags & BABL_MODEL_FLAG_GRAY)
    name = alpha ? "Y'A float" : "Y' float";
  else
    name = alpha ? "R'G'B'A float" : "R'G'B' float";
  return babl_format_with_space (name, source);
}

SbokehStatus
sbokeh_grain_measure (GeglBuffer          *original,
                      const GeglRectangle *roi,
                      SbokehGrain         *grain)
{
  Scan           scan = { 0 };
  SbokehGrain    found;
  SbokehStatus   status = SBOKEH_OK;
  Ranked        *ranked = NULL;
  int           *selected = NULL, *chosen = NULL;
  gsize          n, k;
  int            n_usable = 0, n_selected, j, g, p;

  if (! GEGL_IS_BUFFER (original) || ! grain)
    return SBOKEH_ERROR_ARGUMENT;
  scan.roi = roi ? *roi : *gegl_buffer_get_extent (original);
  if (scan.roi.width < 0 || scan.roi.height < 0 ||
      (scan.roi.width > 0 && scan.roi.height > 0 &&
       ! gegl_rectangle_contains (gegl_buffer_get_extent (original),
                                  &scan.roi)))
    return SBOKEH_ERROR_ARGUMENT;

  scan.buffer = original;
  scan.format = sbokeh_grain_format (gegl_buffer_get_format (original));
  scan.comps = babl_format_get_n_components (scan.format);
  scan.alpha = babl_format_has_alpha (scan.format);
  scan.channels = scan.comps - scan.alpha;
  scan.columns = scan.roi.width / B;
  scan.rows = scan.roi.height / B;
  n = (gsize) scan.columns * scan.rows;   /* ints ≤ 2³¹ / 32 each: fits */

  memset (&found, 0, sizeof found);
  found.channels = scan.channels;
  if (n > 0)
    {
      scan.score = g_try_new (float, n);
      ranked = g_try_new (Ranked, n);
      if (! scan.score || ! ranked)
        {
          status = SBOKEH_ERROR_NO_MEMORY;
          goto out;
        }
      gegl_parallel_distribute (scan.rows, score_part, &scan);
      if ((status = scan.status) != SBOKEH_OK)
        goto out;
      for (k = 0; k < n; k++)
        if (scan.score[k] >= 0.0f)
          ranked[n_usable++] = (Ranked) { scan.score[k], (int) k };
    }
  found.usable = n_usable;
  if (n_usable < SBOKEH_GRAIN_BLOCKS_MIN)
    goto done;

  /* The flattest fraction, then at most SBOKEH_GRAIN_PSD_BLOCKS of them
   * spread evenly over the image.  */
  qsort (ranked, n_usable, sizeof *ranked, by_score);
  n_selected = (int) ceil (SBOKEH_GRAIN_FLAT_FRACTION * n_usable);
  selected = g_try_new (int, n_selected);
  scan.n_chosen = MIN (n_selected, SBOKEH_GRAIN_PSD_BLOCKS);
  chosen = g_try_new (int, scan.n_chosen);
  scan.groups = g_try_new0 (SbokehGrainSpectra, SPECTRA_GROUPS);
  if (! selected || ! chosen || ! scan.groups)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }
  for (j = 0; j < n_selected; j++)
    selected[j] = ranked[j].index;
  qsort (selected, n_selected, sizeof *selected, by_int);
  for (j = 0; j < scan.n_chosen; j++)
    chosen[j] = selected[(gint64) j * n_selected / scan.n_chosen];
  scan.chosen = chosen;
  gegl_parallel_distribute (SPECTRA_GROUPS, spectra_part, &scan);
  if ((status = scan.status) != SBOKEH_OK)
    goto out;
  for (g = 1; g < SPECTRA_GROUPS; g++)
    for (p = 0; p < SBOKEH_GRAIN_PAIRS; p++)
      for (j = 0; j < SBOKEH_GRAIN_BINS; j++)
        {
          scan.groups[0].re[p][j] += scan.groups[g].re[p][j];
          scan.groups[0].im[p][j] += scan.groups[g].im[p][j];
        }
  sbokeh_grain_from_spectra (&scan.groups[0], scan.channels, scan.n_chosen,
                             n_selected, n_usable, &found);

done:
  *grain = found;
out:
  g_free (scan.score);
  g_free (scan.groups);
  g_free (ranked);
  g_free (selected);
  g_free (chosen);
  return status;
}
