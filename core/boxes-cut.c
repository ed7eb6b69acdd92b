/* Separable Bokeh: the exact cut into common pieces (see boxes-cut.h). */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "boxes-cut.h"

void
sbokeh_boxes_cut_clear (SbokehBoxesCut *fit)
{
  g_free (fit->weight);
  g_free (fit->sw);
  g_free (fit->swy);
  g_free (fit->swyy);
  g_free (fit->error);
  g_free (fit->from);
}

static double
cut_sse (const SbokehBoxesCut *fit,
         int                   a,
         int                   b)
{
  gsize  stride = fit->positions + 1;
  double sum = 0.0;
  int    f;

  for (f = 0; f < fit->filters; f++)
    {
      const double *sw = fit->sw + f * stride, *swy = fit->swy + f * stride;
      const double *swyy = fit->swyy + f * stride;
      double        w = sw[b] - sw[a], wy = swy[b] - swy[a];
      double        e = swyy[b] - swyy[a];

      if (w > 0.0)
        e -= wy * wy / w;
      sum += fit->weight[f] * MAX (e, 0.0);
    }
  return sum;
}

void
sbokeh_boxes_cut_set (SbokehBoxesCut *fit,
                      int             f,
                      const double   *y,
                      const double   *w)
{
  gsize   stride = fit->positions + 1;
  double *sw = fit->sw + f * stride, *swy = fit->swy + f * stride;
  double *swyy = fit->swyy + f * stride;
  int     a;

  sw[0] = swy[0] = swyy[0] = 0.0;
  for (a = 0; a < fit->positions; a++)
    {
      sw[a + 1]   = sw[a] + w[a];
      swy[a + 1]  = swy[a] + w[a] * y[a];
      swyy[a + 1] = swyy[a] + w[a] * y[a] * y[a];
    }
}

SbokehStatus
sbokeh_boxes_cut_alloc (SbokehBoxesCut *fit)
{
  gsize sums = (gsize) fit->filters * (fit->positions + 1);

  fit->weight = g_try_new0 (double, fit->filters);
  fit->sw     = g_try_new0 (double, sums);
  fit->swy    = g_try_new0 (double, sums);
  fit->swyy   = g_try_new0 (double, sums);
  fit->error  = g_try_new0 (double, fit->max_pieces + 1);
  fit->from   = g_try_new (int, (gsize) fit->max_pieces *
                                  (fit->positions + 1));
  if (! fit->weight || ! fit->sw || ! fit->swy || ! fit->swyy ||
      ! fit->error || ! fit->from)
    return SBOKEH_ERROR_NO_MEMORY;
  return SBOKEH_OK;
}

SbokehStatus
sbokeh_boxes_cut_run (SbokehBoxesCut *fit)
{
  const int n = fit->positions, m = fit->max_pieces;
  double   *cost = g_try_new (double, n + 1);
  double   *prev = g_try_new (double, n + 1);
  int       k, a, b;

  if (! cost || ! prev)
    {
      g_free (cost);
      g_free (prev);
      return SBOKEH_ERROR_NO_MEMORY;
    }

  /* prev[b]: least error of positions [0, b) in k + 1 pieces.  */
  for (b = 0; b <= n; b++)
    {
      prev[b] = b > 0 ? cut_sse (fit, 0, b) : G_MAXDOUBLE;
      fit->from[b] = 0;
    }
  fit->error[1] = prev[n];
  for (k = 1; k < m; k++)
    {
      for (b = 0; b <= n; b++)
        {
          double best = G_MAXDOUBLE;
          int    arg = 0;

          for (a = k; a < b; a++)
            if (prev[a] < G_MAXDOUBLE)
              {
                double c = prev[a] + cut_sse (fit, a, b);

                if (c < best)
                  {
                    best = c;
                    arg = a;
                  }
              }
          cost[b] = best;
          fit->from[(gsize) k * (n + 1) + b] = arg;
        }
      memcpy (prev, cost, (n + 1) * sizeof (double));
      fit->error[k + 1] = prev[n];
    }
  g_free (cost);
  g_free (prev);
  return SBOKEH_OK;
}

void
sbokeh_boxes_cut_read (const SbokehBoxesCut *fit,
                       int                   m,
                       int                  *start,
                       double               *values,
                       gsize                 stride)
{
  const int n = fit->positions;
  gsize     sums = n + 1;
  int       k, a, b, f;

  start[m] = n;
  for (k = m - 1, b = n; k >= 0; k--)
    {
      a = k > 0 ? fit->from[(gsize) k * (n + 1) + b] : 0;
      start[k] = a;
      for (f = 0; f < fit->filters; f++)
        {
          const double *sw = fit->sw + f * sums, *swy = fit->swy + f * sums;

          values[f * stride + k] = sw[b] - sw[a] > 0.0
                                     ? (swy[b] - swy[a]) / (sw[b] - sw[a])
                                     : 0.0;
        }
      b = a;
    }
}
