/* Separable Bokeh: the box engine's design, filters that are sums of
 * boxes.
 *
 * A 1-D filter that is piecewise constant with P pieces is a sum of P
 * boxes, and convolving with a box is two lookups in a running sum: the
 * passes then cost O(P) per pixel whatever the radius (boxes-passes.h).
 * This file designs such filters under the same loss as the dense ones
 * (optimize.h):
 *
 * 1. Fit.  The dense optimised filters of a direction (the N vertical,
 *    or the N horizontal ones) are cut into common pieces by dynamic
 *    programming (boxes-cut.h): the cut that minimises their squared
 *    error, each weighted by its partner's squared norm (its share of the
 *    kernel's error), is exact, O(P · N · size²).  Common breakpoints let
 *    the passes read each running-sum place once for all N filters.  When
 *    every filter of a direction has a mirror parity (the disk's), the cut
 *    is symmetric, so the kernel keeps its symmetry and the passes can
 *    take the places in mirrored pairs (boxes-places.h).
 * 2. Values.  The piece values are optimised on the real loss with the same
 *    Adam loop as the dense filters; the gradient of a piece value is the
 *    sum of the dense gradient over its taps.
 * 3. Breakpoints.  Rounds of moves: each boundary between two pieces (of
 *    all a direction's filters at once) may move by one tap (or mirrored
 *    pair of taps); the moves the gradient predicts to help most are
 *    tried, kept when the loss really drops, and the values re-optimised;
 *    until a round keeps nothing or the budget is spent.
 *
 * The result is an ordinary SbokehFilters (engine BOXES) whose taps are
 * the expanded pieces: anything that reads dense filters reads these.
 */
#ifndef SBOKEH_BOXES_DESIGN_H
#define SBOKEH_BOXES_DESIGN_H

#include "filters.h"
#include "optimize.h"

/* Pieces per 1-D filter (a short filter gets at most one per tap; the
 * pieces of a direction's filters share their breakpoints).  Each costs
 * one lookup per pixel and filter in each pass (half with mirrored pairs).
 * Measured (tools/bench boxes, default weights), loss over the dense
 * filters' at radius 25 / 100 / 200, rank 4: 21 pieces 1.13 / 1.15 /
 * 1.14; 25: 1.06 / 1.09 / 1.09; 31: 1.03 / 1.06 / 1.06 (rank 8: 1.15 /
 * 1.30 / 1.26).  Time at radius 100 (12 MP RGBA, 2 threads): 0.29 / 0.28 /
 * 0.38 s.  With 21 the steps of the disk's rim show on boosted highlights
 * at radius 60; with 31 they hardly do.  */
#define SBOKEH_BOXES_DESIGN_PIECES 31

/* Higher ranks add filters that wiggle more, and the breakpoints are
 * common to a direction's filters: rank 8 with 31 pieces loses 15–30 %,
 * with 41 pieces 1 % / 16 % / 15 % (radius 25 / 100 / 200), with 51 1 % /
 * 9 % / 9 %.  So 2.5 more pieces per pair beyond 4 (rank 8: 41).  */
int          sbokeh_boxes_design_pieces (int                          rank);

typedef struct
{
  SbokehLoss dense;        /* of the dense filters the boxes start from */
  SbokehLoss fitted;       /* right after the fit (step 1)              */
  SbokehLoss after;        /* of the returned filters                   */
  int        pieces;       /* most pieces in one filter                 */
  int        moves;        /* breakpoint moves kept                     */
  int        evaluations;  /* loss evaluations, all steps               */
  double     seconds;
} SbokehBoxesDesignReport;

/* Designs box filters (engine SBOKEH_ENGINE_BOXES) into boxes from the
 * dense filters dense (same size and rank) for target (size × size), with
 * at most pieces pieces per filter.  report may be NULL.  */
SbokehStatus sbokeh_boxes_design_run    (const double                *target,
                                         const SbokehFilters         *dense,
                                         int                          pieces,
                                         const SbokehOptimizeOptions *options,
                                         SbokehFilters               *boxes,
                                         SbokehBoxesDesignReport     *report);

#endif /* SBOKEH_BOXES_DESIGN_H */
