/* Separable Bokeh: rank-N approximation by SVD. */
#define _GNU_SOURCE 1   /* RTLD_DEFAULT */
#include "config.h"

#include <dlfcn.h>
#include <glib.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "lowrank.h"
#include "params.h"

/* Below this fraction of Σ|uᵢ|, Σ uᵢ is rounding noise, not a sign.  */
#define SIGN_SUM_TOLERANCE 1e-9

/* OpenBLAS (Debian's default LAPACK) runs the SVD on a pool of threads
 * that busy-wait for each other; when the cores are busy — GEGL's threads
 * in GIMP, any other program — that turns a 401 × 401 SVD (radius 200) of
 * 0.05–0.10 s into 0.3–3.5 s (measured on 2 loaded cores).  One thread
 * is as fast on idle cores at these sizes, so ask OpenBLAS, when it is
 * the library in use, for one (process-wide; nothing else in GIMP or GEGL
 * uses it).  Other LAPACKs have no such function and are left alone.  */
static void
blas_single_thread (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      void (*set) (int) = (void (*) (int)) dlsym (RTLD_DEFAULT,
                                                  "openblas_set_num_threads");

      if (set)
        set (1);
      g_once_init_leave (&once, 1);
    }
}

static void
fix_sign (double *u,
          double *v,
          int     n)
{
  double sum = 0.0;
  double abs_sum = 0.0;
  double max_abs = 0.0;
  double sign = 1.0;
  int    k;

  for (k = 0; k < n; k++)
    {
      sum += u[k];
      abs_sum += fabs (u[k]);
      if (fabs (u[k]) > max_abs)
        max_abs = fabs (u[k]);
    }

  if (fabs (sum) > SIGN_SUM_TOLERANCE * abs_sum)
    sign = sum > 0.0 ? 1.0 : -1.0;
  else
    for (k = 0; k < n; k++)
      if (fabs (u[k]) >= 0.5 * max_abs)
        {
          sign = u[k] > 0.0 ? 1.0 : -1.0;
          break;
        }

  if (sign < 0.0)
    for (k = 0; k < n; k++)
      {
        u[k] = -u[k];
        v[k] = -v[k];
      }
}

SbokehStatus
sbokeh_lowrank_svd (const double  *matrix,
                    int            size,
                    int            rank,
                    SbokehFilters *filters,
                    double        *singular_values)
{
  SbokehStatus status;
  gsize        n2;
  double      *a, *s, *u, *vt;
  lapack_int   info;
  int          i, k;

  if (! matrix || ! filters || size < 1)
    return SBOKEH_ERROR_ARGUMENT;

  status = sbokeh_filters_init (filters, size, rank);
  if (status != SBOKEH_OK)
    return status;

  n2 = (gsize) size * size;
  a  = g_try_new (double, n2);
  u  = g_try_new (double, n2);
  vt = g_try_new (double, n2);
  s  = g_try_new (double, size);
  if (! a || ! u || ! vt || ! s)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }
  memcpy (a, matrix, n2 * sizeof (double));

  blas_single_thread ();
  info = LAPACKE_dgesdd (LAPACK_ROW_MAJOR, 'S', size, size, a, size,
                         s, u, size, vt, size);
  if (info != 0)
    {
      status = info == LAPACK_WORK_MEMORY_ERROR ? SBOKEH_ERROR_NO_MEMORY
                                                 : SBOKEH_ERROR_LAPACK;
      goto out;
    }

  for (i = 0; i < rank; i++)
    {
      double  scale = sqrt (s[i] > 0.0 ? s[i] : 0.0);
      double *fu = filters->vertical + (gsize) i * size;
      double *fv = filters->horizontal + (gsize) i * size;

      for (k = 0; k < size; k++)
        {
          fu[k] = scale * u[(gsize) k * size + i];
          fv[k] = scale * vt[(gsize) i * size + k];
        }
      fix_sign (fu, fv, size);
    }

  if (singular_values)
    memcpy (singular_values, s, size * sizeof (double));

out:
  if (status != SBOKEH_OK)
    sbokeh_filters_clear (filters);
  g_free (a);
  g_free (u);
  g_free (vt);
  g_free (s);
  return status;
}

int
sbokeh_lowrank_rank_for (const double *singular_values,
                         int           size,
                         double        error)
{
  double total = 0.0, tail, aim;
  int    n, i;

  if (! singular_values || size < 1 || ! (error > 0.0 && error <= 1.0))
    return 0;
  for (i = 0; i < size; i++)
    total += singular_values[i] * singular_values[i];
  if (! (total > 0.0))
    return 0;
  /* tail = Σ_{i ≥ n} σᵢ², from the smallest up, so that rounding adds the
   * small terms first.  */
  aim = SBOKEH_LOWRANK_SUGGEST_MARGIN * error;
  aim = aim * aim * total;
  tail = 0.0;
  for (n = size; n > 0; n--)
    {
      tail += singular_values[n - 1] * singular_values[n - 1];
      if (tail > aim)
        break;
    }
  /* n is now the rank whose tail first exceeds the aim when dropped.  */
  return MIN (MAX (n, 1), SBOKEH_RANK_MAX);
}
