/* Separable Bokeh: the values the passes take, and what they give back. */
#include "config.h"

#include <gegl.h>
#include <math.h>

#include "parts.h"
#include "values.h"

/* Below this alpha a pixel has no colour to speak of.  */
#define ALPHA_MIN 1e-6f
/* Rows per part of a band shared over GEGL's threads: fewer would cost
 * more in the threads' overhead than the work they share out...  */
#define PART_MIN_ROWS 16
/* ...and at most this many parts, each with its own range to merge.  */
#define PARTS_MAX 64

typedef struct
{
  float                   *data;
  gsize                    stride;
  int                      pixels;
  int                      rows;
  int                      channels;
  double                   gamma;    /* 1 + b taking, 1 / (1 + b) giving */
  const SbokehValuesRange *clamp;    /* giving */
  SbokehValuesRange        part[PARTS_MAX];  /* taking: each part's range
                                              * (2 KiB, on the stack) */
} Values;

void
sbokeh_values_range_init (SbokehValuesRange *range)
{
  int c;

  for (c = 0; c < SBOKEH_VALUES_CHANNELS_MAX; c++)
    {
      range->lo[c] = INFINITY;
      range->hi[c] = -INFINITY;
    }
}

/* TRUE if a row holds a value to fix: one branch-free pass that the
 * compiler vectorises (a NaN fails the comparison).  */
static gboolean
row_needs_fixing (const float *row,
                  gsize        n)
{
  gsize i;
  int   bad = 0;

  for (i = 0; i < n; i++)
    bad |= ! (fabsf (row[i]) <= (float) SBOKEH_VALUE_MAX);
  return bad != 0;
}

static void
fix_row (float *row,
         int    pixels,
         int    channels)
{
  const gboolean alpha = channels == 2 || channels == 4;
  int            x, c;

  for (x = 0; x < pixels; x++)
    {
      float *px = row + (gsize) x * channels;

      if (alpha && isnan (px[channels - 1]))
        {
          for (c = 0; c < channels; c++)
            px[c] = 0.0f;
          continue;
        }
      for (c = 0; c < channels; c++)
        if (isnan (px[c]))
          px[c] = 0.0f;
        else
          px[c] = CLAMP (px[c], (float) -SBOKEH_VALUE_MAX,
                         (float) SBOKEH_VALUE_MAX);
    }
}

/* Expands the colours of a row above the knee and widens range.  */
static void
expand_row (float             *row,
            int                pixels,
            int                channels,
            double             gamma,
            SbokehValuesRange *range)
{
  const gboolean alpha = channels == 2 || channels == 4;
  const int      colours = alpha ? channels - 1 : channels;
  int            x, c;

  for (x = 0; x < pixels; x++)
    {
      float *px = row + (gsize) x * channels;
      float  a = alpha ? px[colours] : 1.0f;

      if (a <= ALPHA_MIN)
        continue;
      for (c = 0; c < colours; c++)
        {
          double v = px[c] / a;

          range->lo[c] = MIN (range->lo[c], (float) v);
          range->hi[c] = MAX (range->hi[c], (float) v);
          if (v > SBOKEH_HIGHLIGHT_KNEE)
            px[c] = (float) MIN (a * SBOKEH_HIGHLIGHT_KNEE *
                                 pow (v / SBOKEH_HIGHLIGHT_KNEE, gamma),
                                 SBOKEH_VALUE_MAX);
        }
    }
}

static void
take_part (gint     i,
           gint     n,
           gpointer data)
{
  Values *v = data;
  int     y0, y1, y;

  sbokeh_parts_share (v->rows, i, n, &y0, &y1);
  sbokeh_values_range_init (&v->part[i]);
  for (y = y0; y < y1; y++)
    {
      float *row = v->data + (gsize) y * v->stride;

      if (row_needs_fixing (row, (gsize) v->pixels * v->channels))
        fix_row (row, v->pixels, v->channels);
      if (v->gamma != 1.0)
        expand_row (row, v->pixels, v->channels, v->gamma, &v->part[i]);
    }
}

/* Compresses a row back and clamps it to the range taken.  */
static void
give_part (gint     i,
           gint     n,
           gpointer data)
{
  Values        *v = data;
  const gboolean alpha = v->channels == 2 || v->channels == 4;
  const int      colours = alpha ? v->channels - 1 : v->channels;
  int            y0, y1, y, x, c;

  sbokeh_parts_share (v->rows, i, n, &y0, &y1);
  for (y = y0; y < y1; y++)
    for (x = 0; x < v->pixels; x++)
      {
        float *px = v->data + (gsize) y * v->stride + (gsize) x * v->channels;
        float  a = alpha ? px[colours] : 1.0f;

        for (c = 0; c < colours; c++)
          {
            float lo = v->clamp->lo[c], hi = v->clamp->hi[c];

            if (! (lo <= hi))  /* nothing taken had colour */
              continue;
            if (a <= ALPHA_MIN)
              {
                float s = MAX (a, 0.0f);

                px[c] = CLAMP (px[c], s * lo, s * hi);
              }
            else
              {
                double w = px[c] / a;

                /* As the expansion computes it, so that a colour the clamp
                 * keeps is the exact inverse.  */
                if (w > SBOKEH_HIGHLIGHT_KNEE)
                  w = a * SBOKEH_HIGHLIGHT_KNEE *
                      pow (w / SBOKEH_HIGHLIGHT_KNEE, v->gamma);
                else
                  w = px[c];
                px[c] = (float) CLAMP (w, (double) a * lo, (double) a * hi);
              }
          }
      }
}

static int
parts (int rows)
{
  return CLAMP (rows / PART_MIN_ROWS, 1, PARTS_MAX);
}

void
sbokeh_values_take (float             *data,
                    gsize              stride,
                    int                pixels,
                    int                rows,
                    int                channels,
                    double             boost,
                    SbokehValuesRange *range)
{
  Values v = { .data = data, .stride = stride, .pixels = pixels,
               .rows = rows, .channels = channels,
               .gamma = boost > 0.0 && range ? 1.0 + boost : 1.0 };
  int    i, c;

  if (! data || pixels < 1 || rows < 1 || channels < 1 ||
      channels > SBOKEH_VALUES_CHANNELS_MAX)
    return;
  for (i = 0; i < PARTS_MAX; i++)
    sbokeh_values_range_init (&v.part[i]);
  gegl_parallel_distribute (parts (rows), take_part, &v);
  if (v.gamma != 1.0)
    for (i = 0; i < PARTS_MAX; i++)
      for (c = 0; c < SBOKEH_VALUES_CHANNELS_MAX; c++)
        {
          range->lo[c] = MIN (range->lo[c], v.part[i].lo[c]);
          range->hi[c] = MAX (range->hi[c], v.part[i].hi[c]);
        }
}

void
sbokeh_values_give (float                   *data,
                    gsize                    stride,
                    int                      pixels,
                    int                      rows,
                    int                      channels,
                    double                   boost,
                    const SbokehValuesRange *range)
{
  Values v = { .data = data, .stride = stride, .pixels = pixels,
               .rows = rows, .channels = channels,
               .gamma = 1.0 / (1.0 + boost), .clamp = range };

  if (! data || ! range || ! (boost > 0.0) || pixels < 1 || rows < 1 ||
      channels < 1 || channels > SBOKEH_VALUES_CHANNELS_MAX)
    return;
  gegl_parallel_distribute (parts (rows), give_part, &v);
}
