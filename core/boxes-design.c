/* Separable Bokeh: the box engine's design (see boxes-design.h). */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boxes-cut.h"
#include "boxes-design.h"
#include "params.h"

/* A dense filter counts as mirror-symmetric (or antisymmetric) when its
 * asymmetry is below this fraction of its largest tap: the disk's SVD and
 * optimised filters are symmetric to ~1e-12; a rotated polygon's are off
 * by percents.  */
#define PARITY_TOLERANCE 1e-6
/* Adam evaluations for the piece values after the fit and after each
 * round of breakpoint moves: the values settle in ~100 from the fit and
 * in a few dozen after a round (measured at radius 25 and 100).  */
#define VALUES_EVALUATIONS_FIRST 200
#define VALUES_EVALUATIONS_ROUND 60
/* Moves tried per round: more mostly retries moves the last round
 * rejected.  */
#define MOVES_PER_ROUND 8
/* Rounds of moves at most; each keeps at least one move or ends the
 * search.  */
#define ROUNDS_MAX 40
/* Whatever the budget, the whole design does at most this many
 * multiply-adds in loss evaluations (as the dense optimizer: ~10 s).  */
#define BOXES_WORK_MAX 3.5e10

typedef enum
{
  MODE_FREE,  /* positions are taps                                     */
  MODE_EVEN,  /* position t is taps c ± t, same value                   */
  MODE_ODD    /* position t is taps c + t (value) and c − t (−value);
               * the centre tap is 0                                    */
} Mode;

/* One filter's pieces: piece k covers positions [start[k], start[k + 1])
 * and its value is theta[first + k].  */
typedef struct
{
  Mode  mode;
  int   positions;
  int   pieces;
  int  *start;
  int   first;
} Seg;

typedef struct
{
  const double                *target;
  int                          size;
  int                          rank;
  const SbokehOptimizeOptions *options;
  Seg                         *segs;      /* 2 rank: vertical, horizontal */
  SbokehFilters                expanded;
  double                      *grad_taps; /* 2 · rank · size             */
  int                          evaluations;
} Problem;

int
sbokeh_boxes_design_pieces (int rank)
{
  return SBOKEH_BOXES_DESIGN_PIECES + 5 * MAX (rank - 4, 0) / 2;
}

static double *
seg_filter (Problem *p,
            int      s)
{
  return s < p->rank ? p->expanded.vertical + (gsize) s * p->size
                     : p->expanded.horizontal + (gsize) (s - p->rank) * p->size;
}

/* The taps of position t (one or two) and their signs.  */
static int
position_taps (const Seg *seg,
               int        size,
               int        t,
               int       *taps,
               double    *signs)
{
  int c = size / 2;

  if (seg->mode == MODE_FREE)
    {
      taps[0] = t;
      signs[0] = 1.0;
      return 1;
    }
  if (t == 0)
    {
      taps[0] = c;
      signs[0] = seg->mode == MODE_EVEN ? 1.0 : 0.0;
      return 1;
    }
  taps[0] = c + t;
  signs[0] = 1.0;
  taps[1] = c - t;
  signs[1] = seg->mode == MODE_EVEN ? 1.0 : -1.0;
  return 2;
}

static void
expand (Problem      *p,
        const double *theta)
{
  int s, k, t, j, taps[2];
  double signs[2];

  for (s = 0; s < 2 * p->rank; s++)
    {
      const Seg *seg = &p->segs[s];
      double    *f = seg_filter (p, s);

      for (k = 0; k < seg->pieces; k++)
        for (t = seg->start[k]; t < seg->start[k + 1]; t++)
          {
            int m = position_taps (seg, p->size, t, taps, signs);

            for (j = 0; j < m; j++)
              f[taps[j]] = signs[j] * theta[seg->first + k];
          }
    }
}

/* Gradient of the loss along position t of filter s (from the taps').  */
static double
position_grad (const Problem *p,
               int            s,
               int            t)
{
  const double *g = p->grad_taps + (gsize) s * p->size;
  int           taps[2], m, j;
  double        signs[2], sum = 0.0;

  m = position_taps (&p->segs[s], p->size, t, taps, signs);
  for (j = 0; j < m; j++)
    sum += signs[j] * g[taps[j]];
  return sum;
}

/* Loss (and gradient on the taps, then on the pieces) at theta.  */
static SbokehStatus
evaluate (const double *theta,
          SbokehLoss   *loss,
          double       *grad,
          void         *data)
{
  Problem     *p = data;
  gsize        half = (gsize) p->rank * p->size;
  SbokehStatus status;
  int          s, k, t;

  expand (p, theta);
  p->evaluations++;
  status = sbokeh_optimize_loss (p->target, &p->expanded, p->options, loss,
                                 grad ? p->grad_taps : NULL,
                                 grad ? p->grad_taps + half : NULL);
  if (status != SBOKEH_OK || ! grad)
    return status;

  for (s = 0; s < 2 * p->rank; s++)
    {
      const Seg *seg = &p->segs[s];

      for (k = 0; k < seg->pieces; k++)
        {
          double sum = 0.0;

          for (t = seg->start[k]; t < seg->start[k + 1]; t++)
            sum += position_grad (p, s, t);
          grad[seg->first + k] = sum;
        }
    }
  return SBOKEH_OK;
}

static Mode
parity (const double *f,
        int           n)
{
  switch (sbokeh_filters_parity (f, n, PARITY_TOLERANCE))
    {
    case 1:
      return MODE_EVEN;
    case -1:
      return MODE_ODD;
    default:
      return MODE_FREE;
    }
}

/* The values and weights on the positions of a filter f in mode.  */
static void
positions_of (Mode          mode,
              const double *f,
              int           n,
              double       *y,
              double       *w)
{
  int c = n / 2, t, positions = mode == MODE_FREE ? n : c + 1;

  for (t = 0; t < positions; t++)
    switch (mode)
      {
      case MODE_FREE:
        y[t] = f[t];
        w[t] = 1.0;
        break;
      case MODE_EVEN:
        y[t] = 0.5 * (f[c + t] + f[c - t]);
        w[t] = t ? 2.0 : 1.0;
        break;
      case MODE_ODD:
        y[t] = 0.5 * (f[c + t] - f[c - t]);
        w[t] = t ? 2.0 : 0.0;
        break;
      }
}

static double
squared_norm (const double *f,
              int           n)
{
  double sum = 0.0;
  int    j;

  for (j = 0; j < n; j++)
    sum += f[j] * f[j];
  return sum;
}

/* Cuts direction d (0: the vertical filters, 1: the horizontal ones) of
 * the dense filters into common pieces, within `places` lookup places
 * (one more for every piece; the zero centre of odd filters costs two
 * more, not counted), and writes the piece values into theta.  */
static SbokehStatus
fit_direction (Problem             *p,
               const SbokehFilters *dense,
               int                  d,
               int                  places,
               int                  first,
               int                 *start_out,
               double              *theta)
{
  const double  *filters = d == 0 ? dense->vertical : dense->horizontal;
  const double  *partners = d == 0 ? dense->horizontal : dense->vertical;
  const int      n = p->size, c = n / 2;
  Seg           *segs = p->segs + d * p->rank;
  gboolean       symmetric = TRUE;
  double        *y = g_try_new (double, n), *w = g_try_new (double, n);
  SbokehBoxesCut fit = { 0 };
  SbokehStatus   status = SBOKEH_OK;
  int            i, m, positions;

  if (! y || ! w)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }
  for (i = 0; i < p->rank; i++)
    {
      segs[i].mode = parity (filters + (gsize) i * n, n);
      symmetric &= segs[i].mode != MODE_FREE;
    }
  if (! symmetric)
    for (i = 0; i < p->rank; i++)
      segs[i].mode = MODE_FREE;
  positions = symmetric ? c + 1 : n;

  /* Pieces m: places m + 1 (free) or 2 m (symmetric).  */
  m = symmetric ? places / 2 : places - 1;
  m = CLAMP (m, 1, positions);

  fit.positions = positions;
  fit.max_pieces = m;
  fit.filters = p->rank;
  status = sbokeh_boxes_cut_alloc (&fit);
  if (status != SBOKEH_OK)
    goto out;
  for (i = 0; i < p->rank; i++)
    {
      positions_of (segs[i].mode, filters + (gsize) i * n, n, y, w);
      sbokeh_boxes_cut_set (&fit, i, y, w);
      fit.weight[i] = squared_norm (partners + (gsize) i * n, n);
    }
  status = sbokeh_boxes_cut_run (&fit);
  if (status != SBOKEH_OK)
    goto out;
  sbokeh_boxes_cut_read (&fit, m, start_out, theta + first, m);
  for (i = 0; i < p->rank; i++)
    {
      segs[i].positions = positions;
      segs[i].pieces = m;
      segs[i].start = start_out;
      segs[i].first = first + i * m;
    }

out:
  sbokeh_boxes_cut_clear (&fit);
  g_free (y);
  g_free (w);
  return status;
}

typedef struct
{
  int    s, k;     /* boundary k of direction s (0: vertical, 1:
                      horizontal), between pieces k − 1 and k        */
  int    dir;      /* −1: left, +1: right                              */
  double gain;     /* predicted change of the loss                     */
} Move;

static int
move_compare (const void *a,
              const void *b)
{
  double ga = ((const Move *) a)->gain, gb = ((const Move *) b)->gain;

  return (ga > gb) - (ga < gb);
}

/* The moves the gradient (at theta, in p->grad_taps) predicts to lower
 * the loss, best first.  A boundary is common to a direction's filters:
 * its move changes one position of each.  */
static int
list_moves (Problem      *p,
            const double *theta,
            Move         *moves)
{
  int d, k, i, count = 0;

  for (d = 0; d < 2; d++)
    {
      const Seg *seg = &p->segs[d * p->rank];

      for (k = 1; k < seg->pieces; k++)
        {
          int    at = seg->start[k];
          double left = 0.0, right = 0.0;

          for (i = 0; i < p->rank; i++)
            {
              const Seg *si = &p->segs[d * p->rank + i];
              double     diff = theta[si->first + k] - theta[si->first + k - 1];

              /* Left: position at − 1 takes piece k's value; right:
               * position at takes piece k − 1's.  */
              left += diff * position_grad (p, d * p->rank + i, at - 1);
              right -= diff * position_grad (p, d * p->rank + i, at);
            }
          if (at - 1 > seg->start[k - 1] && left < 0.0)
            moves[count++] = (Move) { d, k, -1, left };
          if (at + 1 < seg->start[k + 1] && right < 0.0)
            moves[count++] = (Move) { d, k, +1, right };
        }
    }
  qsort (moves, count, sizeof (Move), move_compare);
  return count;
}

/* Adam on the piece values, for at most `evaluations` (and the caller's
 * budget).  */
static SbokehStatus
optimize_values (Problem                     *p,
                 double                      *theta,
                 gsize                        count,
                 const SbokehOptimizeOptions *options,
                 int                          evaluations)
{
  SbokehOptimizeOptions o = *options;

  o.max_evaluations = MIN (evaluations, options->max_evaluations);
  if (o.max_evaluations < 1)
    return SBOKEH_OK;
  return sbokeh_optimize_adam (theta, count,
                               sbokeh_optimize_evaluation_work (p->size,
                                                                p->rank),
                               evaluate, p, &o, NULL);
}

SbokehStatus
sbokeh_boxes_design_run (const double                *target,
                         const SbokehFilters         *dense,
                         int                          pieces,
                         const SbokehOptimizeOptions *options,
                         SbokehFilters               *boxes,
                         SbokehBoxesDesignReport     *report)
{
  SbokehBoxesDesignReport rep = { 0 };
  SbokehStatus            status;
  Problem                 p = { 0 };
  gint64                  begin = g_get_monotonic_time ();
  double                 *theta = NULL, *grad = NULL;
  Move                   *moves = NULL;
  int                    *cuts[2] = { NULL, NULL };
  gsize                   count = 0;
  double                  budget, current;
  int                     s, round;

  if (! target || ! dense || ! options || ! boxes || pieces < 1 ||
      dense->rank < 1 || dense->size < 1)
    return SBOKEH_ERROR_ARGUMENT;
  memset (boxes, 0, sizeof (*boxes));

  p.target  = target;
  p.size    = dense->size;
  p.rank    = dense->rank;
  p.options = options;
  status = sbokeh_filters_init (&p.expanded, p.size, p.rank);
  if (status != SBOKEH_OK)
    return status;
  p.segs      = g_try_new0 (Seg, 2 * p.rank);
  p.grad_taps = g_try_new (double, 2 * (gsize) p.rank * p.size);
  /* At most `size` values per filter.  */
  theta = g_try_new0 (double, 2 * (gsize) p.rank * p.size);
  grad  = g_try_new (double, 2 * (gsize) p.rank * p.size);
  moves = g_try_new (Move, 4 * (gsize) p.rank * p.size);
  if (! p.segs || ! p.grad_taps || ! theta || ! grad || ! moves)
    {
      status = SBOKEH_ERROR_NO_MEMORY;
      goto out;
    }

  status = sbokeh_optimize_loss (target, dense, options, &rep.dense, NULL,
                                 NULL);
  if (status != SBOKEH_OK)
    goto out;

  /* 1. SbokehBoxesCut: one common cut per direction.  */
  {
    int m_v;

    cuts[0] = g_try_new (int, p.size + 1);
    cuts[1] = g_try_new (int, p.size + 1);
    if (! cuts[0] || ! cuts[1])
      {
        status = SBOKEH_ERROR_NO_MEMORY;
        goto out;
      }
    status = fit_direction (&p, dense, 0, pieces + 1, 0, cuts[0], theta);
    if (status != SBOKEH_OK)
      goto out;
    m_v = p.segs[0].pieces;
    status = fit_direction (&p, dense, 1, pieces + 1, p.rank * m_v, cuts[1],
                            theta);
    if (status != SBOKEH_OK)
      goto out;
    count = (gsize) p.rank * (m_v + p.segs[p.rank].pieces);
  }
  status = evaluate (theta, &rep.fitted, NULL, &p);
  if (status != SBOKEH_OK)
    goto out;

  /* 2. Values.  The budget for everything is a multiple of the dense
   * optimizer's, in loss evaluations.  */
  budget = MIN (3.0 * options->max_evaluations,
                BOXES_WORK_MAX / sbokeh_optimize_evaluation_work (p.size,
                                                                  p.rank));
  status = optimize_values (&p, theta, count, options,
                            VALUES_EVALUATIONS_FIRST);
  if (status != SBOKEH_OK)
    goto out;

  /* 3. Breakpoints.  */
  status = evaluate (theta, &rep.after, grad, &p);
  if (status != SBOKEH_OK)
    goto out;
  current = rep.after.total;
  for (round = 0; round < ROUNDS_MAX && p.evaluations < budget; round++)
    {
      int n_moves = list_moves (&p, theta, moves);
      int tries = MIN (n_moves, MOVES_PER_ROUND);
      int kept = 0, i;

      for (i = 0; i < tries; i++)
        {
          Seg       *seg = &p.segs[moves[i].s * p.rank];
          int        k = moves[i].k, old = seg->start[k];
          SbokehLoss loss;

          if ((moves[i].dir < 0 && old - 1 <= seg->start[k - 1]) ||
              (moves[i].dir > 0 && old + 1 >= seg->start[k + 1]))
            continue; /* a move kept earlier this round shrank a piece */
          seg->start[k] = old + moves[i].dir;
          status = evaluate (theta, &loss, NULL, &p);
          if (status != SBOKEH_OK)
            goto out;
          if (loss.total < current)
            {
              current = loss.total;
              kept++;
            }
          else
            seg->start[k] = old;
        }
      rep.moves += kept;
      if (kept == 0)
        break;

      status = optimize_values (&p, theta, count, options,
                                VALUES_EVALUATIONS_ROUND);
      if (status != SBOKEH_OK)
        goto out;
      status = evaluate (theta, &rep.after, grad, &p);
      if (status != SBOKEH_OK)
        goto out;
      current = rep.after.total;
    }

  /* The filters of the last evaluation are not always theta's.  */
  status = evaluate (theta, &rep.after, NULL, &p);
  if (status != SBOKEH_OK)
    goto out;
  for (s = 0; s < 2 * p.rank; s++)
    rep.pieces = MAX (rep.pieces,
                      sbokeh_filters_runs (seg_filter (&p, s), p.size, NULL));
  *boxes = p.expanded;
  boxes->engine = SBOKEH_ENGINE_BOXES;
  p.expanded.vertical = p.expanded.horizontal = NULL;

out:
  rep.evaluations = p.evaluations;
  rep.seconds = (g_get_monotonic_time () - begin) * 1e-6;
  if (report)
    *report = rep;
  sbokeh_filters_clear (&p.expanded);
  g_free (cuts[0]);
  g_free (cuts[1]);
  g_free (p.segs);
  g_free (p.grad_taps);
  g_free (theta);
  g_free (grad);
  g_free (moves);
  return status;
}
