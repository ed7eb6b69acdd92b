/* Separable Bokeh: the filter's parameters, their ranges and defaults.
 *
 * Every front end (CLI, plug-in) takes its ranges and defaults from here, so
 * they are stated once.
 */
#ifndef SBOKEH_PARAMS_H
#define SBOKEH_PARAMS_H

#include "filters.h"
#include "status.h"

/* Radius of the aperture in pixels.  Below half a pixel the disk covers less
 * than one pixel and the blur is a no-op; above 500 the kernel (1001 taps)
 * makes the SVD and optimizer take seconds and the halo dominates any image
 * GIMP users blur.  */
#define SBOKEH_RADIUS_MIN      0.5
#define SBOKEH_RADIUS_MAX      500.0
#define SBOKEH_RADIUS_DEFAULT  25.0

/* Number of separable passes.  Each costs two 1-D convolutions; past 32 a
 * direct 2-D convolution of a ≤ 1001-tap disk is no longer clearly slower.  */
#define SBOKEH_RANK_MIN        1
#define SBOKEH_RANK_MAX        32
#define SBOKEH_RANK_DEFAULT    4

/* Loss weights: w2 on mean squared error, wn on negative values, wz on values
 * where the target is zero.  The seed's author liked wn = 0.5 or 1.5 with
 * wz = 0.3; 1.5 drives the negative mass below 1e-4 (measured in the tests).
 * The upper bound only catches typos: beyond 1000 the L2 term is ignored.  */
#define SBOKEH_WEIGHT_MAX                  1000.0
#define SBOKEH_L2_WEIGHT_DEFAULT           1.0
#define SBOKEH_NONNEG_WEIGHT_DEFAULT       1.5
#define SBOKEH_ZEROS_WEIGHT_DEFAULT        0.3

/* Optimizer budget in loss-and-gradient evaluations.  The default reaches
 * the 5000-step plain gradient descent reference in under 250 (asserted in
 * tests/test-optimize.c) and then stops on its own; the cap bounds the time
 * at the largest radius and rank.  0 means "keep the SVD filters".  */
#define SBOKEH_EVALUATIONS_MAX      10000
#define SBOKEH_EVALUATIONS_DEFAULT  400

/* Aperture shapes.  A polygon has 3 … 12 straight blades; curvature 0
 * keeps them straight, 1 bends them into the circle through the vertices
 * (the radius is that circumradius); rotation turns the shape, in degrees
 * (0: a vertex points right).  */
typedef enum
{
  SBOKEH_SHAPE_DISK = 0,
  SBOKEH_SHAPE_POLYGON
} SbokehShape;

#define SBOKEH_BLADES_MIN        3
#define SBOKEH_BLADES_MAX        12
#define SBOKEH_BLADES_DEFAULT    6
#define SBOKEH_ROTATION_MAX      360.0   /* ± */
#define SBOKEH_CURVATURE_DEFAULT 0.0

/* Highlight boost b: before the passes, colour values above the knee
 * (SBOKEH_HIGHLIGHT_KNEE, in linear light) are expanded, v → k (v / k)^(1 + b),
 * and after them compressed back by the exact inverse; values at or below
 * the knee, negative ones included, pass untouched.  Bright points then
 * dominate their surroundings the way real light does and bloom into crisp
 * aperture shapes, while the rest of the picture blurs as without boost.
 * 0 is no boost (the plain blur, exactly); the seed's power of 8 is 7.  15
 * keeps a 4.0 highlight's expansion (≈ 2·10¹³) well inside float range.  */
#define SBOKEH_HIGHLIGHT_KNEE          0.5
#define SBOKEH_HIGHLIGHT_BOOST_MAX     15.0
#define SBOKEH_HIGHLIGHT_BOOST_DEFAULT 0.0

typedef struct
{
  SbokehShape shape;
  int         blades;
  double      rotation;
  double      curvature;
} SbokehAperture;

typedef struct
{
  double radius;
  int    rank;
  double l2_weight;
  double nonneg_weight;
  double zeros_weight;
  int    max_evaluations;
  SbokehAperture aperture;
  double highlight_boost;  /* applied by sbokeh_apply_buffer, not designed */
  SbokehEngine engine;     /* dense filters, or sums of boxes (boxes.h) */
} SbokehParams;

void         sbokeh_params_init_default (SbokehParams       *params);

/* Kernel size (taps of each 1-D filter) for a radius: 2 ⌈r⌉ + 1.  */
int          sbokeh_params_kernel_size  (double              radius);

SbokehStatus sbokeh_params_check        (const SbokehParams *params);

SbokehStatus sbokeh_params_check_aperture (const SbokehAperture *aperture);

/* TRUE when a and b give the same filters (everything but the highlight
 * boost, which is applied with them): a design made for one serves the
 * other.  */
int          sbokeh_params_same_design  (const SbokehParams *a,
                                         const SbokehParams *b);

#endif /* SBOKEH_PARAMS_H */
