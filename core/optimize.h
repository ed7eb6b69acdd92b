/* Separable Bokeh: refine the SVD pairs by minimising the seed's loss.
 *
 *   L = w₂ · mean ((K − T)²) + wₙ · mean (max (−K, 0)) + w_z · mean ([T = 0] |K|)
 *
 * with K = Σᵢ uᵢ vᵢᵀ and means over all size² elements.  Plain SVD is optimal
 * for the first term alone; the other two remove the negative lobes (ringing
 * around highlights) and the noise outside the aperture that it leaves.
 *
 * Gradient: with G = ∂L/∂K = (2 w₂ (K − T) − wₙ [K < 0] + w_z [T = 0] sign K) / M
 * (a subgradient where K = 0), ∂L/∂uᵢ = G vᵢ and ∂L/∂vᵢ = Gᵀ uᵢ.
 *
 * Method: Adam (per-coordinate normalised steps, so the speed does not
 * depend on the kernel's size the way plain gradient descent's does) with a
 * step that starts at a fixed fraction of the largest filter coefficient and
 * is halved whenever the loss stops improving; it stops when the step has
 * shrunk by SBOKEH_OPTIMIZE_MIN_STEP_RATIO or the evaluation budget is spent
 * (capped so that no optimization exceeds a fixed amount of arithmetic,
 * about 10 s at radius 500 and rank 32).
 * It returns the best filters it evaluated, so the result is never worse
 * than the SVD start, and it is deterministic (no threads, no randomness).
 */
#ifndef SBOKEH_OPTIMIZE_H
#define SBOKEH_OPTIMIZE_H

#include <glib.h>

#include "filters.h"

typedef struct
{
  double l2;        /* mean ((K − T)²)          */
  double negative;  /* mean (max (−K, 0))       */
  double leakage;   /* mean ([T = 0] · |K|)     */
  double total;     /* the weighted sum L       */
} SbokehLoss;

typedef struct
{
  double l2_weight;
  double nonneg_weight;
  double zeros_weight;
  int    max_evaluations;  /* budget of loss-and-gradient evaluations */
} SbokehOptimizeOptions;

typedef struct
{
  SbokehLoss before;       /* at the start (the SVD filters) */
  SbokehLoss after;        /* of the returned filters        */
  int        evaluations;  /* loss-and-gradient evaluations  */
  double     seconds;      /* wall time                      */
} SbokehOptimizeReport;

/* The loss of filters against target (size × size).  If grad_u and grad_v
 * are not NULL (rank × size each) they receive the gradient.  */
SbokehStatus sbokeh_optimize_loss (const double                *target,
                                   const SbokehFilters         *filters,
                                   const SbokehOptimizeOptions *options,
                                   SbokehLoss                  *loss,
                                   double                      *grad_u,
                                   double                      *grad_v);

/* Refines filters in place.  report may be NULL.  */
SbokehStatus sbokeh_optimize      (const double                *target,
                                   SbokehFilters               *filters,
                                   const SbokehOptimizeOptions *options,
                                   SbokehOptimizeReport        *report);

/* The optimizer itself, for any parametrisation of the filters (the box
 * engine's piece values use it too): evaluate gives the loss at theta and,
 * when grad is not NULL, its gradient (count values).  evaluation_work is
 * the multiply-adds one evaluation costs (0: unknown), for the work cap.
 * theta ends at the best point evaluated.  */
typedef SbokehStatus (*SbokehOptimizeEvaluate) (const double *theta,
                                                SbokehLoss   *loss,
                                                double       *grad,
                                                void         *data);

SbokehStatus sbokeh_optimize_adam (double                      *theta,
                                   gsize                        count,
                                   double                       evaluation_work,
                                   SbokehOptimizeEvaluate       evaluate,
                                   void                        *data,
                                   const SbokehOptimizeOptions *options,
                                   SbokehOptimizeReport        *report);

/* Multiply-adds of one loss-and-gradient evaluation (3 · rank · size²).  */
double       sbokeh_optimize_evaluation_work (int size,
                                              int rank);

#endif /* SBOKEH_OPTIMIZE_H */
