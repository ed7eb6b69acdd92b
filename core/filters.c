/* Separable Bokeh: filter banks. */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "filters.h"
#include "params.h"

SbokehStatus
sbokeh_filters_init (SbokehFilters *filters,
                     int            size,
                     int            rank)
{
  gsize n;

  if (! filters)
    return SBOKEH_ERROR_ARGUMENT;
  filters->size       = 0;
  filters->rank       = 0;
  filters->vertical   = NULL;
  filters->horizontal = NULL;
  filters->engine     = SBOKEH_ENGINE_DENSE;

  if (size < 1 || size % 2 == 0 || size > 2 * (int) SBOKEH_RADIUS_MAX + 1)
    return SBOKEH_ERROR_ARGUMENT;
  if (rank < 1 || rank > SBOKEH_RANK_MAX || rank > size)
    return SBOKEH_ERROR_RANK;

  n = (gsize) rank * size;
  filters->vertical   = g_try_new0 (double, n);
  filters->horizontal = g_try_new0 (double, n);
  if (! filters->vertical || ! filters->horizontal)
    {
      sbokeh_filters_clear (filters);
      return SBOKEH_ERROR_NO_MEMORY;
    }
  filters->size = size;
  filters->rank = rank;
  return SBOKEH_OK;
}

void
sbokeh_filters_clear (SbokehFilters *filters)
{
  if (! filters)
    return;
  g_free (filters->vertical);
  g_free (filters->horizontal);
  filters->vertical   = NULL;
  filters->horizontal = NULL;
  filters->size       = 0;
  filters->rank       = 0;
}

SbokehStatus
sbokeh_filters_copy (const SbokehFilters *src,
                     SbokehFilters       *dest)
{
  SbokehStatus status;
  gsize        bytes;

  if (! src || ! dest)
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_filters_init (dest, src->size, src->rank);
  if (status != SBOKEH_OK)
    return status;
  bytes = (gsize) src->rank * src->size * sizeof (double);
  memcpy (dest->vertical, src->vertical, bytes);
  memcpy (dest->horizontal, src->horizontal, bytes);
  dest->engine = src->engine;
  return SBOKEH_OK;
}

void
sbokeh_filters_reconstruct (const SbokehFilters *filters,
                            double              *out)
{
  int n = filters->size;
  int i, y, x;

  memset (out, 0, (gsize) n * n * sizeof (double));
  for (i = 0; i < filters->rank; i++)
    {
      const double *u = filters->vertical + (gsize) i * n;
      const double *v = filters->horizontal + (gsize) i * n;

      for (y = 0; y < n; y++)
        {
          double *row = out + (gsize) y * n;

          for (x = 0; x < n; x++)
            row[x] += u[y] * v[x];
        }
    }
}

double
sbokeh_filters_sum (const SbokehFilters *filters)
{
  double sum = 0.0;
  int    i, k;

  for (i = 0; i < filters->rank; i++)
    {
      double su = 0.0;
      double sv = 0.0;

      for (k = 0; k < filters->size; k++)
        {
          su += filters->vertical[(gsize) i * filters->size + k];
          sv += filters->horizontal[(gsize) i * filters->size + k];
        }
      sum += su * sv;
    }
  return sum;
}

SbokehStatus
sbokeh_filters_quality (const SbokehFilters *filters,
                        const double        *target,
                        SbokehQuality       *quality)
{
  gsize   n2, j;
  double *k;
  double  diff = 0.0, norm = 0.0, neg = 0.0, leak = 0.0, sum = 0.0;
  double  kmin = 0.0, kmax = 0.0;

  if (! filters || ! target || ! quality || filters->size < 1)
    return SBOKEH_ERROR_ARGUMENT;
  n2 = (gsize) filters->size * filters->size;
  k = g_try_new (double, n2);
  if (! k)
    return SBOKEH_ERROR_NO_MEMORY;
  sbokeh_filters_reconstruct (filters, k);

  for (j = 0; j < n2; j++)
    {
      diff += (k[j] - target[j]) * (k[j] - target[j]);
      norm += target[j] * target[j];
      sum += k[j];
      if (k[j] < 0.0)
        neg -= k[j];
      if (target[j] == 0.0)
        leak += fabs (k[j]);
      kmin = MIN (kmin, k[j]);
      kmax = MAX (kmax, k[j]);
    }
  g_free (k);

  quality->relative_l2   = norm > 0.0 ? sqrt (diff / norm) : 0.0;
  quality->negative_mass = sum != 0.0 ? neg / sum : 0.0;
  quality->leakage       = sum != 0.0 ? leak / sum : 0.0;
  quality->most_negative = kmax > 0.0 ? kmin / kmax : 0.0;
  return SBOKEH_OK;
}

int
sbokeh_filters_runs (const double *f,
                     int           n,
                     int          *starts)
{
  int runs = 0, j;

  for (j = 0; j < n; j++)
    if (j == 0 || f[j] != f[j - 1])
      {
        if (starts)
          starts[runs] = j;
        runs++;
      }
  return runs;
}

int
sbokeh_filters_parity (const double *f,
                       int           n,
                       double        tolerance)
{
  double top = 0.0, even = 0.0, odd = 0.0;
  int    k;

  for (k = 0; k < n; k++)
    {
      top  = MAX (top, fabs (f[k]));
      even = MAX (even, fabs (f[k] - f[n - 1 - k]));
      odd  = MAX (odd, fabs (f[k] + f[n - 1 - k]));
    }
  if (even <= tolerance * top)
    return 1;
  if (odd <= tolerance * top)
    return -1;
  return 0;
}
