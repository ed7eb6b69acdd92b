/* Separable Bokeh: depth of field from a depth map, in layers.
 *
 * The model (issue 20).  A depth map D in 0 … 1, white = near (inverted
 * when asked: maps where white is far), a focus depth f and a focus range
 * w (a band around f that stays sharp).  The blur radius at a pixel is
 *
 *   r = R · max (0, |D − f| − w),
 *
 * R the parameters' radius: the blur one full depth range away from the
 * focus (a thin lens's blur is linear in the disparity difference).  Its
 * side, sign (D − f), tells near (+) from far (−): both blur.
 *
 * The method (layered depth of field, after Kraus and Strengert 2007).
 * The radii are cut by a ladder 0 = r₀ < r₁ < … < rₙ = the largest radius
 * of the map (r₁ = 1 px, then steps of max (1 px, 25 % of the radius);
 * a map of few depths moves the rungs onto its radii, so that each depth
 * takes one slice at exactly its radius).  A
 * pixel at r_k + u (r_{k+1} − r_k) has the slice coordinate t = ±(k + u)
 * and belongs to slices ⌊t⌋ and ⌊t⌋ + 1 with weights 1 − (t − ⌊t⌋) and
 * t − ⌊t⌋: neighbouring slices blend linearly in radius, so no slice
 * boundary steps.  Slice j (−n far … +n near) has the coverage
 * α_j = max (0, 1 − |t − j|); K_j = clamp (j + 1 − t, 0, 1) is where the
 * picture is known to be at j or behind it (what nearer slices hide is
 * not known).  A, the composite so far, starts transparent; from the
 * farthest slice to the nearest:
 *
 *   1. fill (when r_j is above the previous slice's radius): where slice j
 *      or nearer ones hide A, H_j = clamp (t − j + 1, 0, 1), A's holes are
 *      filled by normalised convolution with radius r_j,
 *        A += H_j (1 − A_α) · blur (A) / blur (A)_α,
 *      so that the semi-transparent rim of a blurred object in front shows
 *      the picture behind it, extended from its visible part;
 *   2. the layer, by normalised convolution of its known part:
 *        L = blur (I α_j) / blur (K_j)
 *      (I premultiplied linear RGBA), so that a layer fades out where it
 *      really ends, not where a nearer one hides it: a sharp subject never
 *      bleeds into the blurred background, which is filled from itself;
 *      r_j < 0.5 copies (L = I α_j / K_j), so the focal plane stays sharp;
 *   3. A = L + (1 − L_α) A (premultiplied "over").
 *
 * A map of one depth takes no layers: the plain blur at that radius
 * (sbokeh_apply_buffer), bit for bit; a copy below radius 0.5.
 *
 * Cost: per slice present in the map, one blur of 4 channels at its
 * radius over the slice's bounding box grown by its reach, its source
 * made and its result composited band by band as the passes run (no
 * buffer in between), and its weight K_j's 1-channel blur only where
 * nearer pixels are within reach (none for the farthest slice of an
 * opaque image); where the radius grows toward the front (the near side
 * of the focus), a 4-channel fill over the part of A that is open, hidden
 * and within reach of what A holds (none where A is already opaque).
 * Per side, about 4 ln (R / 4) + 4 slices: 12 at R = 26, 19 at R = 100,
 * fewer for a map of few depths.  Designs are made once per radius and
 * CPU path and kept for the process.  Measured (tools/bench depth,
 * docs/depth-of-field.md), 12 MP 8-bit RGB, R = 100: a map of a few
 * depths 1–1.3× the uniform blur at R = 100 with dense, 1.6–2.2× with
 * boxes; a smooth ramp (every pixel in two slices) 1–1.4× and 3.3–3.5×.
 * Memory: the slice coordinate and A as floats in RAM over the region
 * plus 2 R + 2 (20 bytes per pixel; 4 more while a weight is blurred
 * apart), the passes' bands (dense: about 2²¹ pixels of each array plus
 * the halo; boxes: 2¹⁸ and the stream's rings) and four bands of 2¹⁸
 * pixels of RGBA floats.
 *
 * Files: depth-ladder.h (the slices' radii), depth-scan.c (the map read,
 * the slices found), depth-slices.c (a slice's steps), depth-weight.c
 * (its weight), depth-blur.c (a blur fed and drained band by band),
 * depth-bands.c (per-pixel steps on GEGL's threads), depth-designs.c (the
 * designs kept), depth-private.h (their shared state); this header is
 * the API.
 *
 * Precision (tests/unit/test-depth.c on its layered scene, thin-lens
 * answer, docs/depth-of-field.md): what hides behind an object is not in
 * the picture, so holes are estimates; where depths touch, layers blend
 * by coverage, not by true occlusion within a pixel.
 */
#ifndef SBOKEH_DEPTH_H
#define SBOKEH_DEPTH_H

#include <gegl.h>

#include "apply.h"
#include "params.h"

/* The depth model's range: the focus parameters' (params.h).  */
#define SBOKEH_DEPTH_MIN SBOKEH_FOCUS_DEPTH_MIN
#define SBOKEH_DEPTH_MAX SBOKEH_FOCUS_DEPTH_MAX

/* SbokehDepth (focus depth, focus range, invert) is in params.h, as the
 * parameters' depth field.  */

/* The blur radius at depth d, signed: > 0 in front of the focus, < 0
 * behind it.  radius is R above.  A non-finite d is taken as the focus
 * (the pixel stays sharp: stereo maps have holes); d is clamped to
 * 0 … 1.  */
double       sbokeh_depth_radius (const SbokehDepth *depth,
                                  double             radius,
                                  double             d);

/* Depth of field: input blurred by the depth of each pixel of depth_map
 * (read as "Y' float" in its own space: a gray image's stored values;
 * pixels beyond its extent repeat its edges), params->radius being R and
 * the other parameters each slice's design and the highlight boost.
 * roi (within input's extent; NULL: all of it), progress (after each
 * slice), user_data and cancel as sbokeh_apply_buffer; a region reads
 * 2 R + 2 pixels around it, so that it gives the full run's pixels (hole
 * fills that chain through several slices may reach farther: within
 * rounding in tests/unit/test-depth.c).  Returns SBOKEH_ERROR_ARGUMENT
 * for a NULL or a roi beyond input, the params' check (which covers
 * params->depth), SBOKEH_ERROR_DEPTH for another depth whose focus depth
 * or range is outside 0 … 1, or the blurs' status.  */
SbokehStatus sbokeh_depth_apply  (const SbokehParams  *params,
                                  const SbokehDepth   *depth,
                                  GeglBuffer          *input,
                                  GeglBuffer          *depth_map,
                                  GeglBuffer          *output,
                                  const GeglRectangle *roi,
                                  SbokehProgressFunc   progress,
                                  gpointer             user_data,
                                  const gint          *cancel);

#endif /* SBOKEH_DEPTH_H */
