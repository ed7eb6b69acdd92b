/* Separable Bokeh: the box engine's fit, an exact cut of a direction's
 * filters into common pieces.
 *
 * Given F filters on the same P positions (values y, weights w per
 * position, and a weight per filter: its partner's squared norm, its
 * share of the kernel's error), the cut into m pieces [start[k],
 * start[k + 1]) common to all F, each filter constant on each piece (the
 * weighted mean), that minimises
 *
 *   Σ_f weight_f Σ_k Σ_{t in piece k} w_f[t] (y_f[t] − mean_f,k)²
 *
 * for every m up to max_pieces at once.  A piece's error is read in O(F)
 * from prefix sums of w, w y and w y²; the dynamic programme over
 * (pieces, end) is exact, O(max_pieces · F · P²) time and
 * O(max_pieces · P) memory for the cuts kept, so that any m can be read
 * back.  In double; the error of a piece is clamped at 0 against the
 * cancellation of the prefix sums.
 */
#ifndef SBOKEH_BOXES_CUT_H
#define SBOKEH_BOXES_CUT_H

#include <glib.h>

#include "status.h"

typedef struct
{
  int     positions;
  int     max_pieces;
  int     filters;
  double *weight;           /* filters: the partner's squared norm      */
  double *sw, *swy, *swyy;  /* filters × (positions + 1) prefix sums    */
  double *error;            /* max_pieces + 1: error[m]                 */
  int    *from;             /* max_pieces × (positions + 1)             */
} SbokehBoxesCut;

/* Set positions, max_pieces and filters, then alloc (weight zeroed),
 * set every filter and its weight, run, read.  */
SbokehStatus sbokeh_boxes_cut_alloc (SbokehBoxesCut       *cut);
/* The prefix sums of filter f's positions (values y, weights w).  */
void         sbokeh_boxes_cut_set   (SbokehBoxesCut       *cut,
                                     int                   f,
                                     const double         *y,
                                     const double         *w);
SbokehStatus sbokeh_boxes_cut_run   (SbokehBoxesCut       *cut);
/* Reads back the cut into m pieces (start: m + 1), and every filter's
 * piece means into values[f][k] (values + f · stride + k).  */
void         sbokeh_boxes_cut_read  (const SbokehBoxesCut *cut,
                                     int                   m,
                                     int                  *start,
                                     double               *values,
                                     gsize                 stride);
void         sbokeh_boxes_cut_clear (SbokehBoxesCut       *cut);

#endif /* SBOKEH_BOXES_CUT_H */
