/* The optimizer's loss and its gradient computed the obvious way, as the
 * reference the vector loss loop (core/loss-kernels.c) is checked and timed
 * against: the full K = Σᵢ uᵢ vᵢᵀ first, then each term and G = ∂L/∂K as
 * plain loops over K, then ∂L/∂uᵢ = G vᵢ and ∂L/∂vᵢ = Gᵀ uᵢ.  Shared by
 * tests/unit/test-optimize.c (the check) and bench/ (the baseline).  */
#ifndef SBOKEH_REFERENCE_LOSS_H
#define SBOKEH_REFERENCE_LOSS_H

#include <math.h>

#include "sbokeh.h"

/* L = w₂·mean((K−T)²) + wₙ·mean(max(−K,0)) + w_z·mean([T=0]·|K|); the
 * gradients when gu and gv are given (rank × size each).  */
static inline SbokehLoss
reference_loss (const double                *t,
                const SbokehFilters         *f,
                const SbokehOptimizeOptions *o,
                double                      *gu,
                double                      *gv)
{
  const int    n = f->size;
  const double m = (double) n * n;
  double      *k = g_new (double, (gsize) n * n);
  SbokehLoss   l = { 0 };
  int          i, x, y, j;

  sbokeh_filters_reconstruct (f, k);
  for (j = 0; j < n * n; j++)
    {
      l.l2 += (k[j] - t[j]) * (k[j] - t[j]);
      l.negative += k[j] < 0 ? -k[j] : 0.0;
      l.leakage += t[j] == 0.0 ? fabs (k[j]) : 0.0;
    }
  l.l2 /= m;
  l.negative /= m;
  l.leakage /= m;
  l.total = o->l2_weight * l.l2 + o->nonneg_weight * l.negative +
            o->zeros_weight * l.leakage;

  if (gu && gv)
    {
      /* k becomes G = ∂L/∂K.  */
      for (j = 0; j < n * n; j++)
        {
          double sign = k[j] > 0 ? 1.0 : k[j] < 0 ? -1.0 : 0.0;

          k[j] = (2.0 * o->l2_weight * (k[j] - t[j]) -
                  (k[j] < 0 ? o->nonneg_weight : 0.0) +
                  (t[j] == 0.0 ? o->zeros_weight * sign : 0.0)) / m;
        }
      for (i = 0; i < f->rank; i++)
        {
          const double *u = f->vertical + (gsize) i * n;
          const double *v = f->horizontal + (gsize) i * n;

          for (y = 0; y < n; y++)
            {
              double dot = 0.0;

              for (x = 0; x < n; x++)
                dot += k[(gsize) y * n + x] * v[x];
              gu[(gsize) i * n + y] = dot;
            }
          for (x = 0; x < n; x++)
            {
              double dot = 0.0;

              for (y = 0; y < n; y++)
                dot += k[(gsize) y * n + x] * u[y];
              gv[(gsize) i * n + x] = dot;
            }
        }
    }
  g_free (k);
  return l;
}

#endif /* SBOKEH_REFERENCE_LOSS_H */
