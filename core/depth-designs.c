/* Separable Bokeh: depth of field's designs, kept for the process
 * (depth-private.h).
 *
 * A run designs one filter bank per slice radius, up to 2 ln (R / 4) + 5
 * of them (16 at R = 50 for a smooth map; boxes at radius 50 take about
 * 20 ms each here), and a preview or a batch asks again for the same
 * radii.  The last DESIGNS_KEPT banks are kept (most recent first), keyed
 * by the parameters that make them (sbokeh_params_same_design, the radius
 * among them) and the CPU path, whose loss kernels the optimiser runs
 * (avx2 and sse2 round differently): a kept bank is what designing again
 * would give, bit for bit.  Memory: the banks' 1-D filters, 2 × rank ×
 * (2 ⌈r⌉ + 1) doubles each (13 KB at radius 100, rank 4).  */
#include "config.h"

#include <string.h>

#include "simd.h"

#include "depth-private.h"

/* Two runs' worth of radii at the most slices a run takes.  */
#define DESIGNS_KEPT (2 * (SBOKEH_DEPTH_SLICES_MAX + 1))

typedef struct
{
  SbokehParams  params;
  SbokehSimd    path;
  SbokehFilters filters;
} Kept;

static GMutex designs_lock;
static Kept  *designs[DESIGNS_KEPT];   /* most recent first */
static int    n_designs;

/* Whether a bank for params on path is kept; it moves to the front.  */
static gboolean
find (const SbokehParams *params,
      SbokehSimd          path)
{
  int i;

  for (i = 0; i < n_designs; i++)
    if (designs[i]->path == path &&
        sbokeh_params_same_design (&designs[i]->params, params))
      {
        Kept *k = designs[i];

        memmove (designs + 1, designs, i * sizeof (designs[0]));
        designs[0] = k;
        return TRUE;
      }
  return FALSE;
}

static void
keep (Kept *k)
{
  if (n_designs == DESIGNS_KEPT)
    {
      Kept *last = designs[--n_designs];

      sbokeh_filters_clear (&last->filters);
      g_free (last);
    }
  memmove (designs + 1, designs, n_designs * sizeof (designs[0]));
  designs[0] = k;
  n_designs++;
}

SbokehStatus
sbokeh_depth_designs_get (const SbokehParams *params,
                          SbokehFilters      *filters)
{
  SbokehDesign design;
  SbokehStatus status;
  SbokehSimd   path;
  Kept        *k;

  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;
  g_mutex_lock (&designs_lock);
  if (find (params, path))
    {
      status = sbokeh_filters_copy (&designs[0]->filters, filters);
      g_mutex_unlock (&designs_lock);
      return status;
    }
  g_mutex_unlock (&designs_lock);

  /* Designed outside the lock: another run may design the same at once,
   * and keep it twice (the older copy leaves first).  */
  status = sbokeh_design_run (params, &design);
  if (status != SBOKEH_OK)
    return status;
  status = sbokeh_filters_copy (&design.filters, filters);
  k = g_new0 (Kept, 1);
  k->params = *params;
  k->path = path;
  /* Not kept when memory is short: the run goes on without.  */
  if (status == SBOKEH_OK &&
      sbokeh_filters_copy (&design.filters, &k->filters) == SBOKEH_OK)
    {
      g_mutex_lock (&designs_lock);
      keep (k);
      g_mutex_unlock (&designs_lock);
    }
  else
    g_free (k);
  sbokeh_design_clear (&design);
  return status;
}
