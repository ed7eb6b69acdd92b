/* Separable Bokeh: filter banks. */
#include "config.h"

#include <glib.h>
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
