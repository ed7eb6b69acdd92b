/* Separable Bokeh: the filter's parameters, declared once.
 *
 * SBOKEH_PARAMS (at the end of the constants) lists every parameter: its
 * stable name (as the plug-in's PDB arguments, the GEGL operation's
 * properties and the CLI's options spell it), label, description, unit,
 * slider steps, where the dialog shows it; its numbers are the constants
 * SBOKEH_<ID>_MIN, _MAX, _DEFAULT, _SOFT_MIN and _SOFT_MAX, each with its
 * reason.  From the list come the table sbokeh_params_table[] (for loops:
 * the plug-in's arguments and dialog, the CLI's options and --help, the
 * defaults and range checks below, the messages' ranges) and the GEGL
 * operation's property block, which takes the constants at compile time.
 * tests/e2e/test-params.c reads back what each front end really declares
 * and compares it with this table.
 *
 * Adding a parameter: its field in SbokehParams, its constants, one entry
 * in SBOKEH_PARAMS (at the end: the PDB's positional order), and its use in
 * the core (plugin/README.md).
 */
#ifndef SBOKEH_PARAMS_H
#define SBOKEH_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "filters.h"
#include "status.h"

/* Radius of the aperture in pixels.  Below half a pixel the disk covers less
 * than one pixel and the blur is a no-op; above 500 the kernel (1001 taps)
 * makes the SVD and optimizer take seconds and the halo dominates any image
 * GIMP users blur.  The slider stops at 200: larger radii are rare.  */
#define SBOKEH_RADIUS_MIN      0.5
#define SBOKEH_RADIUS_MAX      500.0
#define SBOKEH_RADIUS_DEFAULT  25.0
#define SBOKEH_RADIUS_SOFT_MIN SBOKEH_RADIUS_MIN
#define SBOKEH_RADIUS_SOFT_MAX 200.0

/* Number of separable passes.  Each costs two 1-D convolutions; past 32 a
 * direct 2-D convolution of a ≤ 1001-tap disk is no longer clearly slower.
 * The slider stops at 16: beyond that the disk is already within 1 %
 * (relative L2) and every pass costs as much as the first.  */
#define SBOKEH_RANK_MIN        1
#define SBOKEH_RANK_MAX        32
#define SBOKEH_RANK_DEFAULT    4
#define SBOKEH_RANK_SOFT_MIN   SBOKEH_RANK_MIN
#define SBOKEH_RANK_SOFT_MAX   16

/* Loss weights: w2 on mean squared error, wn on negative values, wz on values
 * where the target is zero.  The seed's author liked wn = 0.5 or 1.5 with
 * wz = 0.3; 1.5 drives the negative mass below 1e-4 (measured in the tests).
 * The upper bound only catches typos: beyond 1000 the L2 term is ignored.
 * The sliders stop at 5 (the seed's grid stops at 1.5).  */
#define SBOKEH_WEIGHT_MIN                  0.0
#define SBOKEH_WEIGHT_MAX                  1000.0
#define SBOKEH_WEIGHT_SOFT_MAX             5.0
#define SBOKEH_L2_WEIGHT_DEFAULT           1.0
#define SBOKEH_NONNEG_WEIGHT_DEFAULT       1.5
#define SBOKEH_ZEROS_WEIGHT_DEFAULT        0.3

#define SBOKEH_L2_WEIGHT_MIN          SBOKEH_WEIGHT_MIN
#define SBOKEH_L2_WEIGHT_MAX          SBOKEH_WEIGHT_MAX
#define SBOKEH_L2_WEIGHT_SOFT_MIN     SBOKEH_WEIGHT_MIN
#define SBOKEH_L2_WEIGHT_SOFT_MAX     SBOKEH_WEIGHT_SOFT_MAX
#define SBOKEH_NONNEG_WEIGHT_MIN      SBOKEH_WEIGHT_MIN
#define SBOKEH_NONNEG_WEIGHT_MAX      SBOKEH_WEIGHT_MAX
#define SBOKEH_NONNEG_WEIGHT_SOFT_MIN SBOKEH_WEIGHT_MIN
#define SBOKEH_NONNEG_WEIGHT_SOFT_MAX SBOKEH_WEIGHT_SOFT_MAX
#define SBOKEH_ZEROS_WEIGHT_MIN       SBOKEH_WEIGHT_MIN
#define SBOKEH_ZEROS_WEIGHT_MAX       SBOKEH_WEIGHT_MAX
#define SBOKEH_ZEROS_WEIGHT_SOFT_MIN  SBOKEH_WEIGHT_MIN
#define SBOKEH_ZEROS_WEIGHT_SOFT_MAX  SBOKEH_WEIGHT_SOFT_MAX

/* Optimizer budget in loss-and-gradient evaluations.  The default reaches
 * the 5000-step plain gradient descent reference in under 250 (asserted in
 * tests/unit/test-optimize.c) and then stops on its own; the cap bounds the
 * time at the largest radius and rank.  0 means "keep the SVD filters".
 * The slider stops at 2000, far past convergence.  */
#define SBOKEH_EVALUATIONS_MIN      0
#define SBOKEH_EVALUATIONS_MAX      10000
#define SBOKEH_EVALUATIONS_DEFAULT  400
#define SBOKEH_EVALUATIONS_SOFT_MIN SBOKEH_EVALUATIONS_MIN
#define SBOKEH_EVALUATIONS_SOFT_MAX 2000

/* Aperture shapes.  A polygon has 3 … 12 straight blades; curvature 0
 * keeps them straight, 1 bends them into the circle through the vertices
 * (the radius is that circumradius); rotation turns the shape, in degrees
 * (0: a vertex points right; the slider covers half a turn each way).
 * A custom aperture is a picture (kernel-picture.h), its larger side
 * scaled to 2 × radius.  */
typedef enum
{
  SBOKEH_SHAPE_DISK = 0,
  SBOKEH_SHAPE_POLYGON,
  SBOKEH_SHAPE_CUSTOM
} SbokehShape;

#define SBOKEH_SHAPE_DEFAULT      SBOKEH_SHAPE_DISK

#define SBOKEH_BLADES_MIN         3
#define SBOKEH_BLADES_MAX         12
#define SBOKEH_BLADES_DEFAULT     6
#define SBOKEH_BLADES_SOFT_MIN    SBOKEH_BLADES_MIN
#define SBOKEH_BLADES_SOFT_MAX    SBOKEH_BLADES_MAX
#define SBOKEH_ROTATION_MAX       360.0
#define SBOKEH_ROTATION_MIN       (-SBOKEH_ROTATION_MAX)
#define SBOKEH_ROTATION_DEFAULT   0.0
#define SBOKEH_ROTATION_SOFT_MIN  (-180.0)
#define SBOKEH_ROTATION_SOFT_MAX  180.0
#define SBOKEH_CURVATURE_MIN      0.0
#define SBOKEH_CURVATURE_MAX      1.0
#define SBOKEH_CURVATURE_DEFAULT  0.0
#define SBOKEH_CURVATURE_SOFT_MIN SBOKEH_CURVATURE_MIN
#define SBOKEH_CURVATURE_SOFT_MAX SBOKEH_CURVATURE_MAX

/* Highlight boost b: before the passes, colour values above the knee
 * (SBOKEH_HIGHLIGHT_KNEE, in linear light) are expanded, v → k (v / k)^(1 + b),
 * and after them compressed back by the exact inverse; values at or below
 * the knee, negative ones included, pass untouched; the expansion stops at
 * SBOKEH_VALUE_MAX and the result is clamped to the input's range
 * (values.h), so that no highlight overflows or draws below black.  Bright
 * points then
 * dominate their surroundings the way real light does and bloom into crisp
 * aperture shapes, while the rest of the picture blurs as without boost.
 * 0 is no boost (the plain blur, exactly); the seed's power of 8 is 7.  15
 * keeps a 4.0 highlight's expansion (≈ 2·10¹³) well inside float range.  */
#define SBOKEH_HIGHLIGHT_KNEE          0.5
#define SBOKEH_HIGHLIGHT_BOOST_MIN     0.0
#define SBOKEH_HIGHLIGHT_BOOST_MAX     15.0
#define SBOKEH_HIGHLIGHT_BOOST_DEFAULT 0.0
#define SBOKEH_HIGHLIGHT_BOOST_SOFT_MIN SBOKEH_HIGHLIGHT_BOOST_MIN
#define SBOKEH_HIGHLIGHT_BOOST_SOFT_MAX SBOKEH_HIGHLIGHT_BOOST_MAX

/* Depth of field (depth.h): a depth map D in 0 … 1 (white = near; the
 * map inverted when its white is far), the focus depth f and the focus
 * range w, both in the map's units, so 0 … 1.  The default focus is the
 * nearest plane, 1: the subject of a portrait's depth map is its white,
 * and everything behind it blurs, the farthest by the full radius.  The
 * range defaults to 0: only the focus depth itself is sharp, as a lens
 * focuses one plane.  Steps of 0.01 are a 256-level map's 2.5 levels.  */
#define SBOKEH_FOCUS_DEPTH_MIN      0.0
#define SBOKEH_FOCUS_DEPTH_MAX      1.0
#define SBOKEH_FOCUS_DEPTH_DEFAULT  1.0
#define SBOKEH_FOCUS_DEPTH_SOFT_MIN SBOKEH_FOCUS_DEPTH_MIN
#define SBOKEH_FOCUS_DEPTH_SOFT_MAX SBOKEH_FOCUS_DEPTH_MAX
#define SBOKEH_FOCUS_RANGE_MIN      0.0
#define SBOKEH_FOCUS_RANGE_MAX      1.0
#define SBOKEH_FOCUS_RANGE_DEFAULT  0.0
#define SBOKEH_FOCUS_RANGE_SOFT_MIN SBOKEH_FOCUS_RANGE_MIN
#define SBOKEH_FOCUS_RANGE_SOFT_MAX SBOKEH_FOCUS_RANGE_MAX
#define SBOKEH_INVERT_DEPTH_DEFAULT 0

/* Grain (grain.h): the photo's own grain, measured on it, added back
 * where it was blurred: 0 none, 1 as much as the photo has, up to 2
 * (beyond, grain no longer matches the sharp parts it is meant to
 * match).  Monochrome by default: most photos' grain after a raw
 * developer's colour noise reduction is luminance grain.  */
#define SBOKEH_GRAIN_MIN             0.0
#define SBOKEH_GRAIN_MAX             2.0
#define SBOKEH_GRAIN_DEFAULT         0.0
#define SBOKEH_GRAIN_SOFT_MIN        SBOKEH_GRAIN_MIN
#define SBOKEH_GRAIN_SOFT_MAX        SBOKEH_GRAIN_MAX
#define SBOKEH_GRAIN_COLOR_DEFAULT   0

/* The method (filters.h): auto picks the faster for the radius and CPU.  */
#define SBOKEH_ENGINE_DEFAULT          SBOKEH_ENGINE_AUTO

/* The picture of a custom aperture (kernel-picture.h).  */
struct SbokehPicture;

/* A custom aperture (shape SBOKEH_SHAPE_CUSTOM) has its picture here, set
 * by sbokeh_aperture_set_picture (kernel-picture.h): the caller's, not
 * copied, alive for as long as sbokeh_params_check or sbokeh_design_run
 * may read it.  picture_hash is the picture's content hash, copied, so
 * that sbokeh_params_same_design tells two pictures apart without
 * reading either (a design cache keeps params whose picture is gone);
 * sbokeh_params_check refuses a custom aperture without a picture or
 * whose hash is not its picture's.  Other shapes ignore both.  */
typedef struct
{
  SbokehShape                 shape;
  int                         blades;
  double                      rotation;
  double                      curvature;
  const struct SbokehPicture *picture;
  uint64_t                    picture_hash;
} SbokehAperture;

/* How a depth map is read (depth.h): used only when there is one.  */
typedef struct
{
  double focus_depth;  /* f, 0 … 1 */
  double focus_range;  /* w, 0 … 1: |D − f| ≤ w stays sharp */
  int    invert;       /* the map's white is far: D → 1 − D */
} SbokehDepth;

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
  SbokehEngine engine;     /* dense filters, or sums of boxes (boxes-design.h) */
  SbokehDepth  depth;      /* with a depth map only (the map is the caller's) */
  double       grain;      /* grain.h: 0 none, 1 the photo's own */
  int          grain_color;
} SbokehParams;

/* The choices of a choice parameter, in the order of their values (the
 * GEGL operation's enum follows it, asserted there):
 * X (value, "nick", label).  */
#define SBOKEH_SHAPE_CHOICES(X)                                       \
  X (SBOKEH_SHAPE_DISK,    "disk",    N_("Disk"))                     \
  X (SBOKEH_SHAPE_POLYGON, "polygon", N_("Polygon"))                   \
  X (SBOKEH_SHAPE_CUSTOM,  "custom",  N_("Custom picture"))

#define SBOKEH_ENGINE_CHOICES(X)                                      \
  X (SBOKEH_ENGINE_DENSE, "dense", N_("Dense (exact filters)"))       \
  X (SBOKEH_ENGINE_BOXES, "boxes", N_("Boxes (fast at any radius)"))  \
  X (SBOKEH_ENGINE_AUTO,  "auto",  N_("Auto (the faster for the radius)"))

/* The parameters, in the plug-in's positional order (a new one goes at
 * the end, so that calls by position keep working).  Each entry:
 *
 *   DOUBLE or INT (ID, ident, "name", field, UNIT, WHEN, GROUP, STAGE, STATUS,
 *                  step, page, label, description)
 *   CHOICE        (ID, ident, Type, "name", field, WHEN, GROUP, STAGE, STATUS,
 *                  label, description)
 *   BOOLEAN       (ID, ident, "name", field, WHEN, GROUP, STAGE, label,
 *                  description)
 *   IMAGE         (ID, ident, "name", GROUP, label, description)
 *   PICTURE       (ID, ident, "name", WHEN, GROUP, label, description)
 *
 * An IMAGE is a picture of the same size as the one filtered, which the
 * front end reads and hands to the core: the plug-in's drawable argument,
 * the GEGL operation's aux input, the CLI's file.  A PICTURE is a picture
 * of any size, the custom aperture's (kernel-picture.h), which the front
 * end reads into one channel (sbokeh_picture_read, picture-read.h) and
 * sets with sbokeh_aperture_set_picture: the plug-in's drawable argument
 * (and its brush argument), the GEGL operations' file path property, the
 * CLI's file (their names: SBOKEH_PICTURE_DRAWABLE_SUFFIX below).  Neither
 * has a field in SbokehParams or a range (get gives 0, set does nothing).
 * A BOOLEAN is stored as an int, 0 or 1; its only constant is
 * SBOKEH_<ID>_DEFAULT.
 *
 * ID         its constants are SBOKEH_<ID>_MIN, _MAX, _DEFAULT, _SOFT_MIN,
 *            _SOFT_MAX (a choice: SBOKEH_<ID>_DEFAULT, SBOKEH_<ID>_CHOICES)
 * ident      the GEGL property's C name (GLib spells it with '-': "name")
 * Type       the GEGL operation's enum is SbokehOp<Type>
 * field      its place in SbokehParams
 * UNIT       NONE, PIXELS, DEGREES
 * WHEN       ALWAYS, or POLYGON, CUSTOM: matters only for that shape
 *            (SBOKEH_WHEN_*)
 * GROUP      the dialog's box: MAIN, APERTURE, OPTIMIZER, DEPTH
 * STAGE      DESIGN (changes the filters) or APPLY (used with them)
 * STATUS     what sbokeh_params_check returns when it is out of range
 * step, page the sliders' increments
 * label      with a mnemonic (the GEGL operation drops it)
 */
#define SBOKEH_PARAMS(DOUBLE, INT, CHOICE, BOOLEAN, IMAGE, PICTURE)          \
  DOUBLE (RADIUS, radius, "radius", radius,                                  \
          PIXELS, ALWAYS, MAIN, DESIGN, RADIUS, 1.0, 10.0,                   \
          N_("R_adius"),                                                     \
          N_("Radius of the aperture, in pixels"))                           \
  INT    (RANK, rank, "rank", rank,                                          \
          NONE, ALWAYS, MAIN, DESIGN, RANK, 1, 4,                            \
          N_("_Passes (rank)"),                                              \
          N_("Number of separable passes: more is closer to a true disk, "   \
             "and slower"))                                                  \
  DOUBLE (L2_WEIGHT, l2_weight, "l2-weight", l2_weight,                      \
          NONE, ALWAYS, OPTIMIZER, DESIGN, WEIGHT, 0.1, 0.5,                 \
          N_("Shape _weight"),                                               \
          N_("Weight of the squared error between the applied kernel and "  \
             "the aperture"))                                                \
  DOUBLE (NONNEG_WEIGHT, non_negativity_weight, "non-negativity-weight",     \
          nonneg_weight,                                                     \
          NONE, ALWAYS, OPTIMIZER, DESIGN, WEIGHT, 0.1, 0.5,                 \
          N_("_No-ringing weight"),                                          \
          N_("Weight against negative kernel values, which draw dark "       \
             "rings around highlights"))                                     \
  DOUBLE (ZEROS_WEIGHT, keep_zeros_weight, "keep-zeros-weight",              \
          zeros_weight,                                                      \
          NONE, ALWAYS, OPTIMIZER, DESIGN, WEIGHT, 0.1, 0.5,                 \
          N_("No-_haze weight"),                                             \
          N_("Weight against kernel values outside the aperture, which "     \
             "spread a faint haze"))                                         \
  CHOICE (SHAPE, shape, Shape, "shape", aperture.shape,                      \
          ALWAYS, APERTURE, DESIGN, APERTURE,                                \
          N_("Aperture shap_e"),                                             \
          N_("Shape of the aperture: a disk, or a polygon of straight or "   \
             "curved blades"))                                               \
  INT    (BLADES, blades, "blades", aperture.blades,                         \
          NONE, POLYGON, APERTURE, DESIGN, APERTURE, 1, 1,                   \
          N_("Bla_des"),                                                     \
          N_("Number of blades of a polygon aperture"))                      \
  DOUBLE (ROTATION, rotation, "rotation", aperture.rotation,                 \
          DEGREES, POLYGON, APERTURE, DESIGN, APERTURE, 1.0, 15.0,           \
          N_("Rotat_ion"),                                                   \
          N_("Rotation of a polygon aperture, in degrees"))                  \
  DOUBLE (CURVATURE, curvature, "curvature", aperture.curvature,             \
          NONE, POLYGON, APERTURE, DESIGN, APERTURE, 0.05, 0.2,              \
          N_("C_urvature"),                                                  \
          N_("Curvature of the blades: 0 is straight, 1 is a circle"))       \
  DOUBLE (HIGHLIGHT_BOOST, highlight_boost, "highlight-boost",               \
          highlight_boost,                                                   \
          NONE, ALWAYS, APERTURE, APPLY, HIGHLIGHTS, 0.5, 2.0,               \
          N_("Hi_ghlight boost"),                                            \
          N_("Makes bright points bloom into crisp aperture shapes, as "     \
             "real lights do; 0 is none"))                                   \
  INT    (EVALUATIONS, max_evaluations, "max-evaluations", max_evaluations,  \
          NONE, ALWAYS, OPTIMIZER, DESIGN, EVALUATIONS, 10, 100,             \
          N_("Optimizer _budget"),                                           \
          N_("Maximum loss evaluations of the optimizer; 0 uses the plain "  \
             "SVD passes"))                                                  \
  CHOICE (ENGINE, engine, Engine, "engine", engine,                          \
          ALWAYS, MAIN, DESIGN, ARGUMENT,                                    \
          N_("_Method"),                                                     \
          N_("Dense filters take time in proportion to the radius; sums of " \
             "boxes take the same time at any radius, a little less exact"))  \
  IMAGE  (DEPTH_MAP, depth_map, "depth-map", DEPTH,                          \
          N_("Dep_th map"),                                                  \
          N_("A grayscale picture of the scene's depth, white near, the "    \
             "size of the image: the blur grows with the distance from the " \
             "focus depth; without one the blur is even"))                   \
  DOUBLE (FOCUS_DEPTH, focus_depth, "focus-depth", depth.focus_depth,        \
          NONE, ALWAYS, DEPTH, APPLY, DEPTH, 0.01, 0.1,                      \
          N_("Focu_s depth"),                                                \
          N_("The depth that stays sharp, from 0 (black in the depth map) "  \
             "to 1 (white); a depth 1 away from it blurs by the radius"))   \
  DOUBLE (FOCUS_RANGE, focus_range, "focus-range", depth.focus_range,        \
          NONE, ALWAYS, DEPTH, APPLY, DEPTH, 0.01, 0.1,                      \
          N_("Focus _range"),                                                \
          N_("Depths this close to the focus depth stay sharp too"))         \
  BOOLEAN (INVERT_DEPTH, invert_depth, "invert-depth", depth.invert,         \
           ALWAYS, DEPTH, APPLY,                                             \
           N_("In_vert depth map"),                                          \
           N_("For depth maps where white is far"))                          \
  DOUBLE (GRAIN, grain, "grain", grain,                                      \
          NONE, ALWAYS, MAIN, APPLY, GRAIN, 0.05, 0.25,                      \
          N_("G_rain"),                                                      \
          N_("Puts the photo's own grain, measured on it, back where it "    \
             "was blurred, so the background does not look pasted: 0 none, " \
             "1 as much as the photo has"))                                  \
  BOOLEAN (GRAIN_COLOR, grain_color, "grain-color", grain_color,             \
           ALWAYS, MAIN, APPLY,                                              \
           N_("C_olour grain"),                                              \
           N_("Grain in each colour channel, as measured, rather than in "   \
              "brightness only"))                                            \
  PICTURE (APERTURE_PICTURE, aperture, "aperture", CUSTOM, APERTURE,         \
           N_("Aperture pi_cture"),                                          \
           N_("A picture of the aperture for the custom shape: its "         \
              "brightness times its opacity, scaled so that its larger "     \
              "side is twice the radius, centred on its centroid"))

/* WHEN POLYGON, CUSTOM: the parameter matters only when this choice
 * parameter has this value (the dialog greys it out otherwise, the check
 * skips it).  */
#define SBOKEH_WHEN_POLYGON_PARAM "shape"
#define SBOKEH_WHEN_POLYGON_NICK  "polygon"
#define SBOKEH_WHEN_CUSTOM_PARAM  "shape"
#define SBOKEH_WHEN_CUSTOM_NICK   "custom"

/* A PICTURE's names in the front ends, derived from its name ("aperture"):
 * the CLI's option (--aperture FILE) and the GEGL operations' file path
 * property (aperture=FILE) are the name itself; the plug-in's drawable
 * argument is the name and SBOKEH_PICTURE_DRAWABLE_SUFFIX
 * ("aperture-drawable"), followed by a brush argument of the plug-in's
 * own, the name and SBOKEH_PICTURE_BRUSH_SUFFIX ("aperture-brush"): a
 * GIMP brush has no counterpart elsewhere.  */
#define SBOKEH_PICTURE_DRAWABLE_SUFFIX "-drawable"
#define SBOKEH_PICTURE_BRUSH_SUFFIX    "-brush"

#define SBOKEH_PARAM_ID_(ID, ...) SBOKEH_PARAM_##ID,
typedef enum
{
  SBOKEH_PARAMS (SBOKEH_PARAM_ID_, SBOKEH_PARAM_ID_, SBOKEH_PARAM_ID_,
                 SBOKEH_PARAM_ID_, SBOKEH_PARAM_ID_, SBOKEH_PARAM_ID_)
  SBOKEH_N_PARAMS
} SbokehParamId;

typedef enum
{
  SBOKEH_PARAM_DOUBLE,
  SBOKEH_PARAM_INT,
  SBOKEH_PARAM_CHOICE,    /* an enum, stored as an int */
  SBOKEH_PARAM_BOOLEAN,   /* 0 or 1, stored as an int */
  SBOKEH_PARAM_IMAGE,     /* a picture the front end reads: no field */
  SBOKEH_PARAM_PICTURE    /* the custom aperture's picture: no field */
} SbokehParamKind;

typedef enum
{
  SBOKEH_UNIT_NONE,
  SBOKEH_UNIT_PIXELS,
  SBOKEH_UNIT_DEGREES
} SbokehUnit;

typedef enum
{
  SBOKEH_GROUP_MAIN,
  SBOKEH_GROUP_APERTURE,
  SBOKEH_GROUP_OPTIMIZER,
  SBOKEH_GROUP_DEPTH      /* depth of field: matters with a depth map */
} SbokehParamGroup;

typedef enum
{
  SBOKEH_STAGE_DESIGN,    /* changes the filters */
  SBOKEH_STAGE_APPLY      /* used when applying them */
} SbokehParamStage;

typedef struct
{
  const char *nick;       /* stable: the PDB, GEGL and the CLI take it */
  const char *label;      /* N_(): translate it */
  int         value;
} SbokehChoice;

typedef struct
{
  SbokehParamId       id;
  const char         *name;         /* stable: "non-negativity-weight" */
  const char         *label;        /* N_(), with a mnemonic */
  const char         *description;  /* N_() */
  SbokehParamKind     kind;
  SbokehUnit          unit;
  SbokehParamGroup    group;
  SbokehParamStage    stage;
  SbokehStatus        status;       /* when out of range */
  double              minimum;      /* hard range (a choice: its values) */
  double              maximum;
  double              default_value;
  double              soft_minimum; /* the sliders' range */
  double              soft_maximum;
  double              step;
  double              page;
  const SbokehChoice *choices;      /* CHOICE: n_choices, else NULL */
  int                 n_choices;
  const char         *only_if;      /* NULL, or the choice parameter … */
  const char         *only_if_nick; /* … that must have this value */
  size_t              offset;       /* in SbokehParams */
} SbokehParamInfo;

extern const SbokehParamInfo sbokeh_params_table[SBOKEH_N_PARAMS];

/* The entry named NAME ("l2-weight"), or NULL.  */
const SbokehParamInfo *sbokeh_params_lookup     (const char            *name);

/* A parameter's value as a double (a choice: its int value), and back (an
 * integral value for INT and CHOICE).  */
double       sbokeh_params_get          (const SbokehParams    *params,
                                         const SbokehParamInfo *info);
void         sbokeh_params_set          (SbokehParams          *params,
                                         const SbokehParamInfo *info,
                                         double                 value);

/* Where a parameter lives, for front ends that write it in place (the
 * CLI's option parser): a double for DOUBLE, an int for INT, CHOICE and
 * BOOLEAN; NULL for an IMAGE or a PICTURE.  */
void       * sbokeh_params_field        (SbokehParams          *params,
                                         const SbokehParamInfo *info);

/* The choice with NICK, or with VALUE; NULL if none.  */
const SbokehChoice *sbokeh_params_choice          (const SbokehParamInfo *info,
                                                   const char            *nick);
const SbokehChoice *sbokeh_params_choice_of_value (const SbokehParamInfo *info,
                                                   int                    value);

/* VALUE as the front ends write it: "%g" for DOUBLE, "%d" for INT, the
 * nick for CHOICE (or "%d" when it is none); in the C locale's digits
 * unless the caller set LC_NUMERIC.  Returns BUFFER.  */
char       * sbokeh_params_format       (const SbokehParamInfo *info,
                                         double                 value,
                                         char                  *buffer,
                                         size_t                 size);

/* TRUE when VALUE is within the hard range (a choice: one of its values);
 * FALSE for NaN.  */
int          sbokeh_params_in_range     (const SbokehParamInfo *info,
                                         double                 value);

/* TRUE when the parameter matters for PARAMS (its WHEN holds).  */
int          sbokeh_params_applies      (const SbokehParams    *params,
                                         const SbokehParamInfo *info);

/* The first parameter (in table order) that matters and is out of its
 * range, or NULL: for messages that name it.  */
const SbokehParamInfo *sbokeh_params_out_of_range (const SbokehParams *params);

void         sbokeh_params_init_default (SbokehParams       *params);

/* Kernel size (taps of each 1-D filter) for a radius: 2 ⌈r⌉ + 1.  */
int          sbokeh_params_kernel_size  (double              radius);

/* Lowers the rank to the kernel size when it is above it (and the radius
 * is valid): an n × n kernel has rank at most n, so n passes represent it
 * as well as any more could, and a rank above n is what the caller meant
 * (rank 4 slid down to radius 1).  Every front end does this before the
 * check, which still refuses a rank above the kernel size.  */
void         sbokeh_params_fit_rank     (SbokehParams       *params);

/* SBOKEH_OK, or the status of the first failing rule, in this order:
 * radius, rank (its range, then at most the kernel size), weights (each,
 * then not all zero), evaluations, engine and invert-depth, highlight
 * boost, aperture (shape, then the polygon's blades, rotation,
 * curvature), a custom aperture's picture (there, and its hash the
 * aperture's: else SBOKEH_ERROR_PICTURE), focus depth and range; then any
 * other parameter out of range.  tests/unit/test-fuzz.c restates the rules.  */
SbokehStatus sbokeh_params_check        (const SbokehParams *params);

SbokehStatus sbokeh_params_check_aperture (const SbokehAperture *aperture);

/* TRUE when a and b give the same filters (every DESIGN parameter that
 * matters, and for a custom aperture the picture's hash, never its
 * pointer; not the highlight boost, which is applied with them): a design
 * made for one serves the other.  Reads no picture.  */
int          sbokeh_params_same_design  (const SbokehParams *a,
                                         const SbokehParams *b);

#endif /* SBOKEH_PARAMS_H */
