/* The seed's method, as the reference the optimizer must beat: plain
 * gradient descent, fixed rate 0.1, 5000 steps, from the given start.
 * Shared by tests/unit/test-optimize.c (the bar) and bench/ (the timing).  */
#ifndef SBOKEH_PLAIN_GD_H
#define SBOKEH_PLAIN_GD_H

#include "sbokeh.h"

#define GD_RATE  0.1
#define GD_STEPS 5000

static inline double
plain_gradient_descent (const double                *target,
                        const SbokehFilters         *start,
                        const SbokehOptimizeOptions *options)
{
  SbokehFilters f;
  SbokehLoss    loss;
  int           half = start->rank * start->size, s, j;
  double       *gu = g_new (double, half), *gv = g_new (double, half);

  sbokeh_filters_copy (start, &f);
  for (s = 0; s < GD_STEPS; s++)
    {
      sbokeh_optimize_loss (target, &f, options, &loss, gu, gv);
      for (j = 0; j < half; j++)
        {
          f.vertical[j] -= GD_RATE * gu[j];
          f.horizontal[j] -= GD_RATE * gv[j];
        }
    }
  sbokeh_optimize_loss (target, &f, options, &loss, NULL, NULL);
  sbokeh_filters_clear (&f);
  g_free (gu);
  g_free (gv);
  return loss.total;
}

#endif /* SBOKEH_PLAIN_GD_H */
