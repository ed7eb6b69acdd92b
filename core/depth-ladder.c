/* Separable Bokeh: the radii of depth of field's slices (depth-ladder.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "depth-ladder.h"

/* The first slice out of focus blurs by one pixel; then steps of at least
 * a pixel (a finer step would not show at small radii) and of a quarter
 * of the radius: between two disks of radii r and 1.25 r blended half and
 * half, the blur's second moment is that of a disk 0.6 % off the radius
 * in between, far inside the 10 % the issue asks for, at about
 * 4 ln (R / 4) + 4 slices per side.  */
#define SLICE_FIRST_RADIUS 1.0
#define SLICE_MIN_STEP     1.0
#define SLICE_GROWTH       0.25
/* A rung moves only to a radius holding this share of its window's
 * pixels: a depth of the picture, not one column of a smooth ramp.  */
#define SNAP_SHARE         0.5

void
sbokeh_depth_ladder_init (SbokehDepthLadder *ladder)
{
  memset (ladder, 0, sizeof (*ladder));
}

void
sbokeh_depth_ladder_count (SbokehDepthLadder *ladder,
                           float              radius,
                           gsize              pixels)
{
  int lo = 0, hi = ladder->n_distinct;

  if (ladder->n_distinct < 0 || ! (radius > 0.0f))
    return;
  while (lo < hi)   /* the first ≥ radius */
    {
      int mid = (lo + hi) / 2;

      if (ladder->distinct[mid] < radius)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < ladder->n_distinct && ladder->distinct[lo] == radius)
    {
      ladder->counts[lo] += pixels;
      return;
    }
  if (ladder->n_distinct == SBOKEH_DEPTH_LADDER_DISTINCT)
    {
      ladder->n_distinct = -1;
      return;
    }
  memmove (ladder->distinct + lo + 1, ladder->distinct + lo,
           (ladder->n_distinct - lo) * sizeof (float));
  memmove (ladder->counts + lo + 1, ladder->counts + lo,
           (ladder->n_distinct - lo) * sizeof (gsize));
  ladder->distinct[lo] = radius;
  ladder->counts[lo] = pixels;
  ladder->n_distinct++;
}

void
sbokeh_depth_ladder_merge (SbokehDepthLadder       *ladder,
                           const SbokehDepthLadder *from)
{
  int i;

  if (from->n_distinct < 0)
    ladder->n_distinct = -1;
  for (i = 0; i < from->n_distinct && ladder->n_distinct >= 0; i++)
    sbokeh_depth_ladder_count (ladder, from->distinct[i], from->counts[i]);
}

/* Each rung but the last to the most common radius within half a step of
 * it, if it holds SNAP_SHARE of the pixels there: the windows do not
 * overlap, so the rungs stay in order.  The last rung is the largest
 * radius itself, so the one below reaches up to it (a depth just below
 * the largest takes one slice, not a blend of the two).  */
static void
snap (SbokehDepthLadder *ladder)
{
  double rungs[SBOKEH_DEPTH_SLICES_MAX + 1];
  int    k, i;

  if (ladder->n_distinct < 0)
    return;
  memcpy (rungs, ladder->radii, sizeof (rungs));
  for (k = 1; k < ladder->n; k++)
    {
      double lo = 0.5 * (rungs[k - 1] + rungs[k]);
      double hi = k + 1 == ladder->n ? rungs[k + 1]
                                     : 0.5 * (rungs[k] + rungs[k + 1]);
      gsize  most = 0, all = 0;
      int    best = -1;

      for (i = 0; i < ladder->n_distinct; i++)
        if (ladder->distinct[i] > lo && ladder->distinct[i] < hi)
          {
            all += ladder->counts[i];
            if (ladder->counts[i] > most)
              {
                most = ladder->counts[i];
                best = i;
              }
          }
      if (best >= 0 && most >= SNAP_SHARE * all)
        ladder->radii[k] = ladder->distinct[best];
    }
}

SbokehStatus
sbokeh_depth_ladder_make (SbokehDepthLadder *ladder,
                          double             largest)
{
  double r = SLICE_FIRST_RADIUS;

  if (! isfinite (largest))
    return SBOKEH_ERROR_ARGUMENT;
  ladder->radii[0] = 0.0;
  ladder->n = 0;
  while (largest > 0.0)
    {
      if (ladder->n == SBOKEH_DEPTH_SLICES_MAX)
        return SBOKEH_ERROR_ARGUMENT;
      ladder->radii[++ladder->n] = MIN (r, largest);
      if (r >= largest)
        break;
      r += MAX (SLICE_MIN_STEP, SLICE_GROWTH * r);
    }
  snap (ladder);
  return SBOKEH_OK;
}

float
sbokeh_depth_ladder_coordinate (const SbokehDepthLadder *ladder,
                                float                    radius)
{
  double a = fabs (radius), u;
  int    lo = 0, hi = ladder->n;

  if (ladder->n == 0 || ! (a > 0.0))
    return 0.0f;
  if (a >= ladder->radii[ladder->n])
    return radius > 0 ? ladder->n : -ladder->n;
  while (hi - lo > 1)   /* radii[lo] ≤ a < radii[hi] */
    {
      int mid = (lo + hi) / 2;

      if (ladder->radii[mid] <= a)
        lo = mid;
      else
        hi = mid;
    }
  u = (a - ladder->radii[lo]) / (ladder->radii[hi] - ladder->radii[lo]);
  return (float) (radius > 0 ? lo + u : -(lo + u));
}
