/* Separable Bokeh: the radii of depth of field's slices (depth.h).
 *
 * A ladder 0 = r₀ < r₁ < … < rₙ cuts the blur radii of a depth map into
 * slices: r₁ = 1 px, then steps of max (1 px, 25 % of the radius), up to
 * rₙ = the largest radius of the map.  A radius r_k + u (r_{k+1} − r_k)
 * has the slice coordinate ±(k + u) (+ in front of the focus): it belongs
 * to the two slices around it, weighted linearly, so that no slice
 * boundary steps.
 *
 * A map of few depths (up to SBOKEH_DEPTH_LADDER_DISTINCT distinct radii:
 * any 8-bit map) moves each rung but the last to the radius that holds at
 * least half of the pixels within half a step of it, so that a depth of
 * the picture takes one slice at exactly its radius, not a blend of two;
 * a smooth ramp spreads its pixels over many radii and keeps the ladder.
 */
#ifndef SBOKEH_DEPTH_LADDER_H
#define SBOKEH_DEPTH_LADDER_H

#include <glib.h>

#include "status.h"

/* Rungs above 0 at most: the ladder to SBOKEH_RADIUS_MAX has 26.  */
#define SBOKEH_DEPTH_SLICES_MAX      64
/* Distinct radii counted at most; beyond, the map is taken as smooth.  */
#define SBOKEH_DEPTH_LADDER_DISTINCT 512

typedef struct
{
  double radii[SBOKEH_DEPTH_SLICES_MAX + 1];  /* r₀ … rₙ */
  int    n;
  float  distinct[SBOKEH_DEPTH_LADDER_DISTINCT];  /* radii > 0, ascending */
  gsize  counts[SBOKEH_DEPTH_LADDER_DISTINCT];    /* … and their pixels */
  int    n_distinct;                              /* −1: too many */
} SbokehDepthLadder;

/* Zeroes ladder (no radii counted).  */
void         sbokeh_depth_ladder_init       (SbokehDepthLadder *ladder);

/* Counts `pixels` pixels of blur radius `radius` (≥ 0; 0 is not
 * counted).  */
void         sbokeh_depth_ladder_count      (SbokehDepthLadder *ladder,
                                             float              radius,
                                             gsize              pixels);

/* Adds the counts of `from` (a part of the picture) to ladder.  */
void         sbokeh_depth_ladder_merge      (SbokehDepthLadder       *ladder,
                                             const SbokehDepthLadder *from);

/* The rungs up to largest, moved onto the counted radii as above.
 * SBOKEH_ERROR_ARGUMENT when largest needs more than
 * SBOKEH_DEPTH_SLICES_MAX rungs (or is not finite).  */
SbokehStatus sbokeh_depth_ladder_make       (SbokehDepthLadder *ladder,
                                             double             largest);

/* The slice coordinate of a signed radius (clamped to ±n).  */
float        sbokeh_depth_ladder_coordinate (const SbokehDepthLadder *ladder,
                                             float                    radius);

#endif /* SBOKEH_DEPTH_LADDER_H */
