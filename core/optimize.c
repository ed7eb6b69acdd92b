/* Separable Bokeh: loss, gradient and optimizer (see optimize.h). */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "optimize.h"
#include "loss-kernels.h"
#include "params.h"

/* Adam's moment decay rates: the usual values; the loss here is smooth
 * enough between the kinks of |K| that nothing else did better.  */
#define ADAM_BETA1 0.9
#define ADAM_BETA2 0.999
/* Adam's ε, relative to the RMS of the first gradient (the gradient's scale
 * is 1 / size², so an absolute ε would be wrong for some sizes).  */
#define ADAM_EPSILON_RATIO 1e-8

/* First step, as a fraction of the largest filter coefficient: the
 * coefficients are O(1) for every radius (√σᵢ spread over size taps), so
 * this step size does not depend on the kernel's size.  Tuned on the seed's
 * grid (radius 25, rank 4): 0.01 – 0.04 all reach the reference in < 250
 * evaluations; 0.02 was fastest over the grid.  */
#define STEP_FRACTION 0.02
/* Halve the step after this many evaluations without a relative improvement
 * of IMPROVE_TOLERANCE in the best loss...  */
#define PLATEAU_PATIENCE 20
#define IMPROVE_TOLERANCE 1e-4
/* ...and stop once the step has been halved down to this ratio of the first
 * (≈ 2⁻⁸: further halvings change the loss by less than 1e-4 relative).  */
#define SBOKEH_OPTIMIZE_MIN_STEP_RATIO (1.0 / 256.0)
/* Whatever the budget asked for, an optimization does at most this many
 * multiply-adds (3 · rank · size² per evaluation): about 3 s on one core
 * of this project's machine (≈ 11 G/s measured in the loss loop with
 * AVX-512, ≈ 3.5 G/s before it was vectorised).  So at
 * radius 500 and rank 32 it stops after ~100 evaluations instead of taking
 * minutes; at radius 200 and rank 8 the cap (≈ 2600 evaluations) is far
 * above what the stopping rule needs.  */
#define OPTIMIZE_WORK_MAX 3.5e10

SbokehStatus
sbokeh_optimize_loss (const double                *target,
                      const SbokehFilters         *filters,
                      const SbokehOptimizeOptions *options,
                      SbokehLoss                  *loss,
                      double                      *grad_u,
                      double                      *grad_v)
{
  const int     n = filters ? filters->size : 0;
  const int     rank = filters ? filters->rank : 0;
  const double  m = (double) n * n;
  double       *row;
  double        sums[3];
  SbokehSimd    path;
  SbokehStatus  status;

  if (! target || ! filters || ! options || ! loss || n < 1 || rank < 1)
    return SBOKEH_ERROR_ARGUMENT;
  status = sbokeh_simd_active (&path);
  if (status != SBOKEH_OK)
    return status;

  row = g_try_new (double, n);
  if (! row)
    return SBOKEH_ERROR_NO_MEMORY;

  if (grad_v)
    memset (grad_v, 0, (gsize) rank * n * sizeof (double));
  SBOKEH_SIMD_PICK (sbokeh_loss_kernels, path)->rows
    (target, filters, 2.0 * options->l2_weight / m,
     options->nonneg_weight / m, options->zeros_weight / m, row, sums,
     grad_u, grad_v);
  g_free (row);

  loss->l2       = sums[0] / m;
  loss->negative = sums[1] / m;
  loss->leakage  = sums[2] / m;
  loss->total    = options->l2_weight * loss->l2 +
                   options->nonneg_weight * loss->negative +
                   options->zeros_weight * loss->leakage;
  return SBOKEH_OK;
}

static SbokehStatus
check_options (const SbokehOptimizeOptions *o)
{
  SbokehParams p;

  sbokeh_params_init_default (&p);
  p.l2_weight       = o->l2_weight;
  p.nonneg_weight   = o->nonneg_weight;
  p.zeros_weight    = o->zeros_weight;
  p.max_evaluations = o->max_evaluations;
  return sbokeh_params_check (&p);
}

/* The dense problem for the generic loop: theta is u (rank × size) then
 * v (rank × size).  */
typedef struct
{
  const double                *target;
  int                          size;
  int                          rank;
  const SbokehOptimizeOptions *options;
} Dense;

static SbokehStatus
dense_evaluate (const double *theta,
                SbokehLoss   *loss,
                double       *grad,
                gpointer      data)
{
  const Dense  *d = data;
  gsize         half = (gsize) d->rank * d->size;
  SbokehFilters f = { d->size, d->rank, (double *) theta,
                      (double *) theta + half, SBOKEH_ENGINE_DENSE };

  return sbokeh_optimize_loss (d->target, &f, d->options, loss, grad,
                               grad ? grad + half : NULL);
}

SbokehStatus
sbokeh_optimize (const double                *target,
                 SbokehFilters               *filters,
                 const SbokehOptimizeOptions *options,
                 SbokehOptimizeReport        *report)
{
  SbokehStatus status;
  Dense        d;
  gsize        half;
  double      *theta;

  if (! target || ! filters || ! options || filters->rank < 1)
    return SBOKEH_ERROR_ARGUMENT;

  half  = (gsize) filters->rank * filters->size;
  theta = g_try_new (double, 2 * half);
  if (! theta)
    return SBOKEH_ERROR_NO_MEMORY;
  memcpy (theta, filters->vertical, half * sizeof (double));
  memcpy (theta + half, filters->horizontal, half * sizeof (double));

  d = (Dense) { target, filters->size, filters->rank, options };
  status = sbokeh_optimize_adam (theta, 2 * half,
                                 sbokeh_optimize_evaluation_work (filters->size,
                                                                  filters->rank),
                                 dense_evaluate, &d, options, report);
  if (status == SBOKEH_OK)
    {
      memcpy (filters->vertical, theta, half * sizeof (double));
      memcpy (filters->horizontal, theta + half, half * sizeof (double));
    }
  g_free (theta);
  return status;
}

double
sbokeh_optimize_evaluation_work (int size,
                                 int rank)
{
  return 3.0 * rank * (double) size * size;
}

SbokehStatus
sbokeh_optimize_adam (double                      *theta,
                      gsize                        count,
                      double                       evaluation_work,
                      SbokehOptimizeEvaluate       evaluate,
                      gpointer                     data,
                      const SbokehOptimizeOptions *options,
                      SbokehOptimizeReport        *report)
{
  SbokehOptimizeReport rep = { 0 };
  SbokehStatus         status;
  SbokehLoss           loss;
  gint64               start = g_get_monotonic_time ();
  gsize                j;
  double              *grad = NULL, *m1 = NULL, *m2 = NULL, *best = NULL;
  double               best_total, plateau_total;
  double               step, step0, epsilon = 0.0, b1t = 1.0, b2t = 1.0;
  int                  plateau_start = 0;
  int                  max_evaluations;

  if (! theta || count < 1 || ! evaluate || ! options)
    return SBOKEH_ERROR_ARGUMENT;
  status = check_options (options);
  if (status != SBOKEH_OK)
    return status;

  grad  = g_try_new (double, count);
  m1    = g_try_new0 (double, count);
  m2    = g_try_new0 (double, count);
  best  = g_try_new (double, count);
  if (! grad || ! m1 || ! m2 || ! best)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }
  memcpy (best, theta, count * sizeof (double));

  status = evaluate (theta, &rep.before, NULL, data);
  if (status != SBOKEH_OK)
    goto out;
  rep.after     = rep.before;
  best_total    = rep.before.total;
  plateau_total = best_total;

  step0 = 0.0;
  for (j = 0; j < count; j++)
    step0 = MAX (step0, fabs (theta[j]));
  step0 *= STEP_FRACTION;
  step = step0;

  max_evaluations = options->max_evaluations;
  if (evaluation_work > 0.0)
    {
      double cap = OPTIMIZE_WORK_MAX / evaluation_work;

      if (cap < max_evaluations)
        max_evaluations = (int) MAX (cap, 1.0);
    }

  while (rep.evaluations < max_evaluations &&
         step >= step0 * SBOKEH_OPTIMIZE_MIN_STEP_RATIO)
    {
      status = evaluate (theta, &loss, grad, data);
      if (status != SBOKEH_OK)
        goto out;
      rep.evaluations++;

      if (loss.total < best_total)
        {
          best_total = loss.total;
          rep.after  = loss;
          memcpy (best, theta, count * sizeof (double));
        }
      if (best_total < plateau_total * (1.0 - IMPROVE_TOLERANCE))
        {
          plateau_total = best_total;
          plateau_start = rep.evaluations;
        }
      else if (rep.evaluations - plateau_start >= PLATEAU_PATIENCE)
        {
          /* Stuck: go back to the best point with a smaller step.  */
          step *= 0.5;
          plateau_total = best_total;
          plateau_start = rep.evaluations;
          memcpy (theta, best, count * sizeof (double));
          continue;
        }

      if (epsilon == 0.0)
        {
          double ss = 0.0;

          for (j = 0; j < count; j++)
            ss += grad[j] * grad[j];
          epsilon = ADAM_EPSILON_RATIO * sqrt (ss / count);
          if (epsilon == 0.0)
            break; /* zero gradient: already optimal */
        }

      b1t *= ADAM_BETA1;
      b2t *= ADAM_BETA2;
      for (j = 0; j < count; j++)
        {
          double mh, vh;

          m1[j] = ADAM_BETA1 * m1[j] + (1.0 - ADAM_BETA1) * grad[j];
          m2[j] = ADAM_BETA2 * m2[j] + (1.0 - ADAM_BETA2) * grad[j] * grad[j];
          mh = m1[j] / (1.0 - b1t);
          vh = m2[j] / (1.0 - b2t);
          theta[j] -= step * mh / (sqrt (vh) + epsilon);
        }
    }

  memcpy (theta, best, count * sizeof (double));

out:
  rep.seconds = (g_get_monotonic_time () - start) * 1e-6;
  if (report)
    *report = rep;
  g_free (grad);
  g_free (m1);
  g_free (m2);
  g_free (best);
  return status;
}
