/* Separable Bokeh: the box passes' lookup places (see boxes-places.h). */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "boxes-places.h"
#include "params.h"

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

void
sbokeh_boxes_places_clear (SbokehBoxesPlaces *l)
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
places_mirror (SbokehBoxesPlaces *l,
               int                n,
               int                rank)
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

SbokehStatus
sbokeh_boxes_places_build (SbokehBoxesPlaces *l,
                           const double      *filters,
                           int                n,
                           int                rank,
                           double             scale)
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
      sbokeh_boxes_places_clear (l);
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
  return places_mirror (l, n, rank);
}
