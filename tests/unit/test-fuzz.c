/* Randomized arguments for the whole core API: thousands of argument sets
 * (seeded, so a failure can be replayed), with the nasty values weighted
 * in — zero, negative, NaN, infinities, huge sizes, empty and out-of-range
 * regions, odd formats.  Every call must return (no crash, no abort, clean
 * under AddressSanitizer and UndefinedBehaviorSanitizer when built with
 * them), with the status an independent predicate written here expects,
 * and OK results must be finite.
 *
 * SBOKEH_FUZZ_ITERATIONS (default 1500) and SBOKEH_FUZZ_SEED (default 1)
 * set the run.  */
#include "config.h"

#include <string.h>

#include "check.h"
#include "dense-passes-reference.h"
#include "sbokeh.h"

static guint64 rng;

static guint32
next (void)
{
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (guint32) (rng >> 33);
}

static int
pick (int n)
{
  return (int) (next () % (guint32) n);
}

static double
uniform (double lo, double hi)
{
  return lo + (hi - lo) * (next () / 4294967296.0);
}

/* A double that is often a troublemaker.  */
static double
nasty_double (double lo, double hi)
{
  switch (pick (12))
    {
    case 0: return 0.0;
    case 1: return -uniform (0, hi);
    case 2: return NAN;
    case 3: return INFINITY;
    case 4: return -INFINITY;
    case 5: return 1e300;
    case 6: return hi * (1 + 1e-9);
    case 7: return lo * (1 - 1e-9);
    case 8: return lo;
    case 9: return hi;
    default: return uniform (lo, hi);
    }
}

static int
nasty_int (int lo, int hi)
{
  switch (pick (8))
    {
    case 0: return 0;
    case 1: return -pick (100) - 1;
    case 2: return G_MAXINT;
    case 3: return G_MININT;
    case 4: return hi + 1;
    default: return lo + pick (hi - lo + 1);
    }
}

static gboolean
weight_ok (double w)
{
  return w >= 0 && w <= SBOKEH_WEIGHT_MAX; /* false for NaN */
}

/* The rules of params.h, restated independently.  */
static SbokehStatus
expected_params_status (const SbokehParams *p)
{
  int size;

  if (! (p->radius >= 0.5 && p->radius <= 500.0))
    return SBOKEH_ERROR_RADIUS;
  size = 2 * (int) ceil (p->radius) + 1;
  if (p->rank < 1 || p->rank > 32 || p->rank > size)
    return SBOKEH_ERROR_RANK;
  if (! weight_ok (p->l2_weight) || ! weight_ok (p->nonneg_weight) ||
      ! weight_ok (p->zeros_weight))
    return SBOKEH_ERROR_WEIGHT;
  if (p->l2_weight == 0 && p->nonneg_weight == 0 && p->zeros_weight == 0)
    return SBOKEH_ERROR_WEIGHTS_ZERO;
  if (p->max_evaluations < 0 || p->max_evaluations > 10000)
    return SBOKEH_ERROR_EVALUATIONS;
  if ((p->engine != SBOKEH_ENGINE_DENSE && p->engine != SBOKEH_ENGINE_BOXES &&
       p->engine != SBOKEH_ENGINE_AUTO)
      || (p->depth.invert != 0 && p->depth.invert != 1)
      || (p->grain_color != 0 && p->grain_color != 1))
    return SBOKEH_ERROR_ARGUMENT;
  if (! (p->highlight_boost >= 0 && p->highlight_boost <= 15))
    return SBOKEH_ERROR_HIGHLIGHTS;
  if (p->aperture.shape == SBOKEH_SHAPE_CUSTOM)
    return SBOKEH_ERROR_PICTURE;   /* no picture is ever given here */
  if (p->aperture.shape != SBOKEH_SHAPE_DISK &&
      (p->aperture.shape != SBOKEH_SHAPE_POLYGON ||
       p->aperture.blades < 3 || p->aperture.blades > 12 ||
       ! (p->aperture.rotation >= -360 && p->aperture.rotation <= 360) ||
       ! (p->aperture.curvature >= 0 && p->aperture.curvature <= 1)))
    return SBOKEH_ERROR_APERTURE;
  if (! (p->depth.focus_depth >= 0 && p->depth.focus_depth <= 1) ||
      ! (p->depth.focus_range >= 0 && p->depth.focus_range <= 1))
    return SBOKEH_ERROR_DEPTH;
  if (! (p->grain >= 0 && p->grain <= 2))
    return SBOKEH_ERROR_GRAIN;
  return SBOKEH_OK;
}

static gboolean
all_finite (const double *v, gsize n)
{
  gsize j;

  for (j = 0; j < n; j++)
    if (! isfinite (v[j]))
      return FALSE;
  return TRUE;
}

static void
fuzz_params_and_design (int iteration)
{
  SbokehParams p;
  SbokehDesign d;
  SbokehStatus want, got;

  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;

  if (pick (3) == 0)
    {
      p.aperture.shape = pick (6) ? SBOKEH_SHAPE_POLYGON : pick (5) + 2;
      p.aperture.blades = nasty_int (3, 12);
      p.aperture.rotation = pick (4) ? uniform (-360, 360)
                                     : nasty_double (-360, 360);
      p.aperture.curvature = pick (4) ? uniform (0, 1) : nasty_double (0, 1);
    }
  if (pick (4) == 0)
    p.highlight_boost = nasty_double (0, 15);
  if (pick (4) == 0)
    {
      p.depth.focus_depth = nasty_double (0, 1);
      p.depth.focus_range = nasty_double (0, 1);
      p.depth.invert = pick (4) ? pick (2) : nasty_int (0, 1);
    }
  if (pick (4) == 0)
    {
      p.grain = nasty_double (0, 2);
      p.grain_color = pick (4) ? pick (2) : nasty_int (0, 1);
    }
  p.radius = nasty_double (0.5, 40.0);
  p.rank = nasty_int (1, 12);
  p.l2_weight = pick (3) ? uniform (0, 3) : nasty_double (0, 3);
  p.nonneg_weight = pick (3) ? uniform (0, 3) : nasty_double (0, 3);
  p.zeros_weight = pick (3) ? uniform (0, 3) : nasty_double (0, 3);
  p.max_evaluations = pick (4) ? pick (60) : nasty_int (0, 60);
  p.engine = pick (8) ? (SbokehEngine) pick (2) : (SbokehEngine) (2 + pick (5));

  want = expected_params_status (&p);
  got = sbokeh_params_check (&p);
  CHECK (got == want, "#%d params check: %d, expected %d (inv %d gc %d g %g fd %g fr %g) (r %g rank %d "
         "w %g %g %g ev %d)", iteration, got, want, p.depth.invert, p.grain_color, p.grain, p.depth.focus_depth, p.depth.focus_range, p.radius, p.rank,
         p.l2_weight, p.nonneg_weight, p.zeros_weight, p.max_evaluations);

  got = sbokeh_design_run (&p, &d);
  CHECK (got == want, "#%d design: %d, expected %d", iteration, got, want);
  if (got == SBOKEH_OK)
    {
      gsize n = (gsize) d.filters.rank * d.filters.size;

      CHECK (all_finite (d.filters.vertical, n) &&
             all_finite (d.filters.horizontal, n) &&
             d.optimize.after.total <= d.optimize.before.total,
             "#%d design result not finite or worse than SVD", iteration);
      sbokeh_design_clear (&d);
    }
  else
    CHECK (d.filters.vertical == NULL && d.target.data == NULL,
           "#%d failed design left allocations", iteration);
}

static void
fuzz_lowrank (int iteration)
{
  int           size = nasty_int (1, 12), rank = nasty_int (1, 14), j;
  gboolean      size_ok = size >= 1 && size <= 12;
  double       *m = NULL;
  SbokehFilters f;
  SbokehStatus  got, want;

  if (size_ok)
    {
      m = g_new (double, size * size);
      for (j = 0; j < size * size; j++)
        m[j] = pick (5) ? uniform (-1, 1) : 0.0;
    }
  /* Sizes only come from kernels, always odd: anything else is an
   * argument error, checked before the rank.  */
  want = ! size_ok || size % 2 == 0 ? SBOKEH_ERROR_ARGUMENT
         : (rank < 1 || rank > 32 || rank > size) ? SBOKEH_ERROR_RANK
         : SBOKEH_OK;
  got = sbokeh_lowrank_svd (size_ok ? m : NULL, size_ok ? size : size, rank,
                            &f, NULL);
  if (! size_ok && got != SBOKEH_OK)
    got = SBOKEH_ERROR_ARGUMENT;
  CHECK (got == want, "#%d lowrank size %d rank %d: %d, expected %d",
         iteration, size, rank, got, want);
  if (got == SBOKEH_OK)
    sbokeh_filters_clear (&f);
  g_free (m);
}

static void
fuzz_convolve (int iteration)
{
  SbokehFilters     f;
  SbokehDensePasses p;
  int               size = 2 * pick (6) + 1, rank = 1 + pick (MIN (3, size)), j;
  int               channels = pick (5) ? 1 + pick (4) : pick (8) - 2;
  int               w = pick (8) ? 1 + pick (40) : -pick (3);
  int               h = pick (8) ? 1 + pick (30) : -pick (3);
  gboolean          ok = channels >= 1 && channels <= 4 && w >= 1 && h >= 1;
  SbokehStatus      got;

  sbokeh_filters_init (&f, size, rank);
  for (j = 0; j < size * rank; j++)
    {
      /* Runs of equal taps now and then, as the box engine makes.  */
      gboolean repeat = j % size > 0 && pick (2);

      f.vertical[j] = repeat ? f.vertical[j - 1] : uniform (-1, 2);
      f.horizontal[j] = repeat ? f.horizontal[j - 1] : uniform (-1, 2);
    }
  if (sbokeh_dense_passes_prepare (&f, &p) != SBOKEH_OK)
    {
      /* Σ K ≤ 0: refused, and that is all there is to check.  */
      CHECK (sbokeh_filters_sum (&f) <= 0, "#%d prepare refused Σ K %g > 0",
             iteration, sbokeh_filters_sum (&f));
      sbokeh_filters_clear (&f);
      return;
    }
  if (ok)
    {
      int    c = size / 2, sw = w + 2 * c, sh = h + 2 * c;
      float *src = g_new (float, (gsize) sw * sh * channels);
      float *fast = g_new (float, (gsize) w * h * channels);
      float *slow = g_new (float, (gsize) w * h * channels);
      double worst = 0, scale = 1e-30;

      for (j = 0; j < sw * sh * channels; j++)
        src[j] = (float) uniform (-1, 4);
      got = sbokeh_dense_passes_region (&p, channels, src, sw * channels, w, h,
                                        fast, w * channels);
      CHECK (got == SBOKEH_OK, "#%d convolve: %d", iteration, got);
      reference_dense_passes (&p, channels, src, sw * channels, w,
                              h, slow, w * channels);
      for (j = 0; j < w * h * channels; j++)
        {
          worst = MAX (worst, fabs (fast[j] - slow[j]));
          scale = MAX (scale, fabs (slow[j]));
        }
      CHECK (worst <= 1e-4 * scale, "#%d fast vs reference %g", iteration,
             worst / scale);
      {
        SbokehBoxesPasses rs;

        got = sbokeh_boxes_passes_prepare (&f, &rs);
        CHECK (got == SBOKEH_OK, "#%d runsums prepare: %d", iteration, got);
        got = sbokeh_boxes_passes_region (&rs, channels, src, sw * channels,
                                          w, h, fast, w * channels);
        CHECK (got == SBOKEH_OK, "#%d runsums: %d", iteration, got);
        for (worst = 0, j = 0; j < w * h * channels; j++)
          worst = MAX (worst, fabs (fast[j] - slow[j]));
        CHECK (worst <= 1e-4 * scale, "#%d runsums vs reference %g",
               iteration, worst / scale);
        sbokeh_boxes_passes_clear (&rs);
      }
      g_free (src);
      g_free (fast);
      g_free (slow);
    }
  else
    {
      float dummy[64] = { 0 };

      SbokehBoxesPasses rs;

      got = sbokeh_dense_passes_region (&p, channels, dummy, 1, w, h, dummy, 1);
      CHECK (got == SBOKEH_ERROR_ARGUMENT, "#%d convolve bad arguments "
             "(channels %d, %d x %d): %d", iteration, channels, w, h, got);
      sbokeh_boxes_passes_prepare (&f, &rs);
      got = sbokeh_boxes_passes_region (&rs, channels, dummy, 1, w, h, dummy,
                                        1);
      CHECK (got == SBOKEH_ERROR_ARGUMENT, "#%d runsums bad arguments "
             "(channels %d, %d x %d): %d", iteration, channels, w, h, got);
      sbokeh_boxes_passes_clear (&rs);
    }
  sbokeh_dense_passes_clear (&p);
  sbokeh_filters_clear (&f);
}

static void
fuzz_apply (int iteration, const SbokehFilters *filters)
{
  const char   *formats[] = { "RGBA float", "R'G'B' u8", "Y' u16", "YA float",
                              "RaGaBaA float", "R'G'B'A u8", "Y float",
                              "RGB half" };
  const char   *name = formats[pick (G_N_ELEMENTS (formats))];
  GeglRectangle extent = { pick (5) - 2, pick (5) - 2, 1 + pick (30),
                           1 + pick (20) };
  GeglRectangle roi;
  GeglBuffer   *in = gegl_buffer_new (&extent, babl_format (name));
  GeglBuffer   *out = gegl_buffer_new (&extent, babl_format ("RGBA float"));
  SbokehStatus  got;
  float        *px;
  int           j, n = extent.width * extent.height * 4;
  gboolean      finite = TRUE;

  px = g_new (float, n);
  for (j = 0; j < n; j++)
    px[j] = pick (20) ? (float) uniform (0, 1) : (float) uniform (-2, 50);
  gegl_buffer_set (in, &extent, 0, babl_format ("RGBA float"), px,
                   GEGL_AUTO_ROWSTRIDE);

  switch (pick (5))
    {
    case 0:  /* inside */
      roi = (GeglRectangle) { extent.x + pick (extent.width),
                              extent.y + pick (extent.height),
                              1 + pick (extent.width), 1 + pick (extent.height) };
      break;
    case 1:  /* empty or negative */
      roi = (GeglRectangle) { 0, 0, -pick (3), pick (3) };
      break;
    case 2:  /* far outside */
      roi = (GeglRectangle) { 1000 + pick (1000), -5000, 7, 3 };
      break;
    case 3:  /* straddling */
      roi = (GeglRectangle) { extent.x - 10, extent.y - 3, extent.width + 20,
                              extent.height + 6 };
      break;
    default:
      roi = extent;
    }

  got = sbokeh_apply_buffer (filters, 0.0, in, out, &roi, NULL, NULL, NULL);
  CHECK (got == SBOKEH_OK, "#%d apply %s roi %d,%d %dx%d: %d", iteration,
         name, roi.x, roi.y, roi.width, roi.height, got);
  gegl_buffer_get (out, &extent, 1.0, babl_format ("RGBA float"), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (j = 0; j < n; j++)
    finite &= isfinite (px[j]);
  CHECK (finite, "#%d apply %s: non-finite output", iteration, name);
  g_free (px);
  g_object_unref (in);
  g_object_unref (out);
}

/* Depth of field on small random images and troublemaking maps: NaN,
 * ±Inf, values beyond 0 … 1, a map of another size or format, random
 * focus, range, radius (also out of range), rois as fuzz_apply's: the
 * status is the parameters' check (or OK), the output finite.  One in
 * eight iterations: each designs a few slices.  */
static void
fuzz_depth (int iteration)
{
  const char   *formats[] = { "R'G'B' u8", "RGBA float", "Y' u16", "YA float" };
  const char   *maps[] = { "Y' float", "Y' u8", "R'G'B' u8", "Y float" };
  const char   *name = formats[pick (G_N_ELEMENTS (formats))];
  const char   *map_name = maps[pick (G_N_ELEMENTS (maps))];
  GeglRectangle extent = { pick (3) - 1, pick (3) - 1, 1 + pick (40),
                           1 + pick (30) };
  GeglRectangle map_extent = pick (4) ? extent
                             : (GeglRectangle) { 0, 0, 1 + pick (50),
                                                 1 + pick (50) };
  GeglRectangle roi = pick (3) ? extent
                      : (GeglRectangle) { extent.x + pick (extent.width),
                                          extent.y + pick (extent.height),
                                          1 + pick (extent.width),
                                          1 + pick (extent.height) };
  GeglBuffer   *in = gegl_buffer_new (&extent, babl_format (name));
  GeglBuffer   *map = gegl_buffer_new (&map_extent, babl_format (map_name));
  GeglBuffer   *out = gegl_buffer_new (&extent, babl_format ("RGBA float"));
  SbokehParams  p;
  SbokehStatus  want, got;
  float        *px, *d;
  int           j, n = extent.width * extent.height * 4;
  int           m = map_extent.width * map_extent.height;
  gboolean      finite = TRUE;

  px = g_new (float, n);
  for (j = 0; j < n; j++)
    px[j] = pick (20) ? (float) uniform (0, 1) : (float) uniform (-2, 50);
  gegl_buffer_set (in, &extent, 0, babl_format ("RGBA float"), px,
                   GEGL_AUTO_ROWSTRIDE);
  d = g_new (float, m);
  for (j = 0; j < m; j++)
    switch (pick (10))
      {
      case 0:  d[j] = NAN; break;
      case 1:  d[j] = pick (2) ? INFINITY : -INFINITY; break;
      case 2:  d[j] = (float) uniform (-3, 7); break;
      default: d[j] = (float) (pick (4) / 3.0 + (pick (3) ? 0 : uniform (0, 0.1)));
      }
  gegl_buffer_set (map, &map_extent, 0, babl_format ("Y float"), d,
                   GEGL_AUTO_ROWSTRIDE);

  sbokeh_params_init_default (&p);
  p.radius = pick (5) ? uniform (0.5, 12) : nasty_double (0.5, 12);
  p.rank = 1 + pick (3);
  p.max_evaluations = pick (40);
  p.engine = (SbokehEngine) pick (3);
  p.depth.focus_depth = pick (4) ? uniform (0, 1) : nasty_double (0, 1);
  p.depth.focus_range = pick (3) ? 0.0 : nasty_double (0, 1);
  p.depth.invert = pick (2);
  p.highlight_boost = pick (4) ? 0.0 : uniform (0, 8);
  sbokeh_params_fit_rank (&p);
  want = expected_params_status (&p);
  if (want == SBOKEH_OK && ! gegl_rectangle_contains (&extent, &roi))
    want = SBOKEH_ERROR_ARGUMENT;   /* a roi beyond the input */

  got = sbokeh_depth_apply (&p, &p.depth, in, map, out, &roi, NULL, NULL,
                            NULL);
  CHECK (got == want, "#%d depth %s map %s %dx%d r %g f %g w %g: %d, "
         "expected %d", iteration, name, map_name, map_extent.width,
         map_extent.height, p.radius, p.depth.focus_depth,
         p.depth.focus_range, got, want);
  gegl_buffer_get (out, &extent, 1.0, babl_format ("RGBA float"), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (j = 0; j < n; j++)
    finite &= isfinite (px[j]);
  CHECK (finite, "#%d depth %s: non-finite output", iteration, name);
  g_free (px);
  g_free (d);
  g_object_unref (in);
  g_object_unref (map);
  g_object_unref (out);
}

int
main (int argc, char **argv)
{
  const char  *env_n = g_getenv ("SBOKEH_FUZZ_ITERATIONS");
  const char  *env_seed = g_getenv ("SBOKEH_FUZZ_SEED");
  int          n = env_n ? atoi (env_n) : 1500, i;
  SbokehParams p;
  SbokehDesign d, boxes;

  rng = env_seed ? g_ascii_strtoull (env_seed, NULL, 10) : 1;
  gegl_init (&argc, &argv);
  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;
  p.radius = 3.5;
  p.rank = 2;
  sbokeh_design_run (&p, &d);
  p.radius = 13;
  p.engine = SBOKEH_ENGINE_BOXES;
  sbokeh_design_run (&p, &boxes);

  for (i = 0; i < n; i++)
    switch (i % 4)
      {
      case 0: fuzz_params_and_design (i); break;
      case 1: fuzz_lowrank (i); break;
      case 2: fuzz_convolve (i); break;
      default:
        if (i % 32 == 3)
          fuzz_depth (i);
        else
          fuzz_apply (i, pick (2) ? &d.filters : &boxes.filters);
        break;
      }

  printf ("fuzz: %d argument sets (seed %" G_GUINT64_FORMAT ")\n", n,
          env_seed ? g_ascii_strtoull (env_seed, NULL, 10) : 1);
  sbokeh_design_clear (&d);
  sbokeh_design_clear (&boxes);
  gegl_exit ();
  return check_exit ("fuzz");
}
