/* Separable Bokeh: the box passes' lookup places (box engine).
 *
 * For a 1-D filter w of n taps, with S[t] = Σ_{j<t} in[j] the running sum,
 *
 *   Σⱼ w[j] in[x + j] = Σ_{o=0…n} (w[o − 1] − w[o]) S[x + o]
 *
 * (w[−1] = w[n] = 0): one lookup per place where w changes.  A piecewise
 * constant filter with P pieces needs P + 1 lookups per pixel, whatever n.
 * This works for any filter (a dense one just changes at every tap); it
 * pays for the box engine's filters (boxes-design.h).
 *
 * The places of one direction are the union of its filters' places (the
 * box engine gives a direction's filters the same breakpoints, so one
 * load of S[x + o] feeds every pair), with every filter's weight there.
 * Exact: the weights are differences of the filters' double taps.  Cost:
 * O(size · rank) to build, once per design.
 */
#ifndef SBOKEH_BOXES_PLACES_H
#define SBOKEH_BOXES_PLACES_H

#include <glib.h>

#include "status.h"

/* Per direction: the places any pair looks up (ascending, 0 … size),
 * and every pair's weight there (0 where it has no change).  */
typedef struct
{
  int     count;
  int    *offset;     /* count                                          */
  double *coef;       /* count × rank; horizontal ones include 1 / Σ K  */
  /* Mirrored: the places come in pairs o, size − o, and every filter is
   * symmetric (weights −c, c at the pair) or antisymmetric (c, c) — the
   * box engine's disk and regular polygons.  A pair then costs one
   * multiply-add per filter instead of two: on S[x + o] ∓ S[x + size − o]
   * horizontally, and scattered to both rows at once vertically.  */
  gboolean mirrored;
  int      n_even;    /* symmetric filters, first in order              */
  int     *order;     /* rank: filters, symmetric ones first            */
  double  *pair_coef; /* count / 2 × rank, in that order               */
} SbokehBoxesPlaces;

/* The places of the rank filters (rank × size, row by row) of one
 * direction, their weights multiplied by scale, and whether they are
 * mirrored (exactly: the box engine writes mirrored taps with the same
 * double).  The true convolution: the filters are read reversed.  */
SbokehStatus sbokeh_boxes_places_build (SbokehBoxesPlaces *places,
                                        const double      *filters,
                                        int                size,
                                        int                rank,
                                        double             scale);
void         sbokeh_boxes_places_clear (SbokehBoxesPlaces *places);

#endif /* SBOKEH_BOXES_PLACES_H */
