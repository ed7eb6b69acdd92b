/* Depth of field (core/depth.h): the layered scene of dof-scene.h against
 * its thin-lens answer, beside the routes GIMP offers today (GEGL's
 * lens-blur and variable-blur with the blur map as aux, and a selection
 * blurred uniformly), for focus on the subject and on the background; a
 * depth ramp's measured blur radius against the model; one depth is the
 * plain blur, bit for bit.  On the CPU path in use only (the blurs are
 * sbokeh_apply_buffer's, checked on every path in test-apply).  */
#include "config.h"

#include <string.h>

#include "check.h"
#include "dof-routes.h"
#include "dof-scene.h"
#include "simd-paths.h"
#include "sbokeh.h"

/* R: a layer half the depth range from the focus blurs by 16 px.  */
#define SCENE_RADIUS    32.0
/* The band around the subject's silhouette: as wide as the blur there.  */
#define BAND_HALF_WIDTH (SCENE_RADIUS / 2)
/* The bars (dB).  */
#define BAR_OVERALL_MARGIN 3.0
#define BAR_SUBJECT        45.0
#define BAR_BAND_MARGIN    3.0

/* The ramp: depth x / (w − 1), focus 0, so the radius grows from 0 to
 * RAMP_RADIUS across the picture; single white pixels on an opaque black
 * plane, rows RAMP_ROW_STEP apart and dots RAMP_DOT_STEP apart in a row
 * (more than two radii: their disks do not meet), each row shifted so
 * that the dots sample every few pixels of x.  */
#define RAMP_WIDTH     480
#define RAMP_HEIGHT    288
#define RAMP_RADIUS    20.0
#define RAMP_ROWS      6
#define RAMP_ROW_STEP  48
#define RAMP_DOT_STEP  44
#define RAMP_WINDOW    23
/* Radii below this are a few pixels: their moments are mostly the pixel
 * grid's.  */
#define RAMP_MEASURED_MIN 2.0
/* The bar: the measured radius within 10 % of the model...  */
#define RAMP_TOLERANCE 0.10
/* ...and no steps: between dots next to each other in x (about 7 px,
 * a tenth of a slice or less), the ratio measured / model moves by at
 * most this much.  A hard slice boundary (no blending) moves it by about
 * a slice step, 25 %.  */
#define RAMP_STEP_MAX  0.03

/* PSNR of the premultiplied linear RGB (peak 1) where mask holds (NULL:
 * everywhere).  */
static double
psnr (const float    *a,
      const float    *b,
      gsize           n,
      const gboolean *mask)
{
  double se = 0.0;
  gsize  i, count = 0;
  int    c;

  for (i = 0; i < n; i++)
    if (! mask || mask[i])
      {
        for (c = 0; c < 3; c++)
          se += (a[4 * i + c] - b[4 * i + c]) * (a[4 * i + c] - b[4 * i + c]);
        count += 3;
      }
  return se > 0.0 ? 10.0 * log10 (count / se) : INFINITY;
}

static void
default_params (double radius, SbokehParams *p)
{
  sbokeh_params_init_default (p);
  p->radius = radius;
  sbokeh_params_fit_rank (p);
}

static float *
run_ours (GeglBuffer *in,
          GeglBuffer *map,
          int         w,
          int         h,
          double      radius,
          double      focus,
          double     *seconds)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer   *out = gegl_buffer_new (&r, babl_format ("RaGaBaA float"));
  SbokehParams  p;
  SbokehDepth   depth = { focus, 0.0, FALSE };
  SbokehStatus  status;
  gint64        start = g_get_monotonic_time ();
  float        *px;

  default_params (radius, &p);
  status = sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                               NULL);
  *seconds = (g_get_monotonic_time () - start) * 1e-6;
  CHECK (status == SBOKEH_OK, "sbokeh_depth_apply: %s",
         sbokeh_status_message (status));
  px = dof_read_rgba (out, w, h);
  g_object_unref (out);
  return px;
}

typedef struct
{
  const char *name;
  double      all, subject, band;
} Row;

static Row
measure (const char     *name,
         const float    *px,
         const float    *answer,
         gsize           n,
         const gboolean *subject,
         const gboolean *band)
{
  Row row = { name, psnr (px, answer, n, NULL), psnr (px, answer, n, subject),
              psnr (px, answer, n, band) };

  printf ("  %-22s %8.1f %8.1f %8.1f\n", name, row.all, row.subject,
          row.band);
  return row;
}

static void
test_scene (double focus, const char *title, gboolean subject_in_focus)
{
  DofScene    s;
  GeglBuffer *in, *map, *blur_map;
  gsize       n, i;
  float      *answer, *px, *levels;
  gboolean   *subject, *band;
  double      largest = 0.0, seconds;
  Row         ours, best = { "none", -INFINITY, -INFINITY, -INFINITY };
  const char *gegl_ops[] = { "gegl:lens-blur", "gegl:variable-blur" };
  int         l, o;

  dof_scene_make (&s);
  n = (gsize) s.width * s.height;
  answer = g_new (float, n * 4);
  dof_scene_answer (&s, SCENE_RADIUS, focus, answer);
  in = dof_buffer_from (s.image, s.width, s.height, "RaGaBaA float");
  map = dof_buffer_from (s.depth, s.width, s.height, "Y' float");

  /* GEGL's routes take the blur map: each pixel's radius over the
   * largest.  */
  for (l = 0; l < DOF_SCENE_LAYERS; l++)
    largest = MAX (largest, SCENE_RADIUS * fabs (dof_scene_depths[l] - focus));
  levels = g_new (float, n);
  subject = g_new (gboolean, n);
  band = g_new (gboolean, n);
  for (i = 0; i < n; i++)
    {
      int    x = i % s.width, y = i / s.width;
      double d = hypot (x + 0.5 - DOF_SUBJECT_X, y + 0.5 - DOF_SUBJECT_Y);

      levels[i] = (float) (SCENE_RADIUS *
                           fabs (dof_scene_depths[s.nearest[i]] - focus) /
                           largest);
      subject[i] = s.nearest[i] == 1;
      band[i] = fabs (d - DOF_SUBJECT_RADIUS) <= BAND_HALF_WIDTH &&
                s.nearest[i] != 2;
    }
  blur_map = dof_buffer_from (levels, s.width, s.height, "Y float");

  printf ("%s (focus %.2f, R %g: %g px one half depth away), PSNR dB:\n",
          title, focus, SCENE_RADIUS, SCENE_RADIUS / 2);
  printf ("  %-22s %8s %8s %8s\n", "method", "overall", "subject", "band");
  px = run_ours (in, map, s.width, s.height, SCENE_RADIUS, focus, &seconds);
  ours = measure ("sbokeh depth", px, answer, n, subject, band);
  g_free (px);
  for (o = 0; o < (int) G_N_ELEMENTS (gegl_ops); o++)
    {
      Row row;

      px = dof_route_gegl (gegl_ops[o], in, blur_map, s.width, s.height,
                           largest);
      if (! px)
        {
          printf ("  %-22s (not in this GEGL)\n", gegl_ops[o]);
          continue;
        }
      row = measure (gegl_ops[o], px, answer, n, subject, band);
      best.all = MAX (best.all, row.all);
      best.band = MAX (best.band, row.band);
      g_free (px);
    }
  px = dof_route_selection (&s, in, SCENE_RADIUS, focus);
  CHECK (px != NULL, "the selection route's designs");
  if (px)
  {
    Row row = measure ("selection, uniform", px, answer, n, subject, band);

    best.all = MAX (best.all, row.all);
    best.band = MAX (best.band, row.band);
  }
  g_free (px);
  printf ("  (sbokeh depth %.2f s)\n", seconds);

  CHECK (ours.all >= best.all + BAR_OVERALL_MARGIN,
         "%s: overall %.1f dB, best route %.1f dB", title, ours.all, best.all);
  if (subject_in_focus)
    {
      CHECK (ours.subject >= BAR_SUBJECT, "%s: subject %.1f dB", title,
             ours.subject);
      CHECK (ours.band >= best.band, "%s: band %.1f dB, best route %.1f dB",
             title, ours.band, best.band);
    }
  else
    CHECK (ours.band >= best.band + BAR_BAND_MARGIN,
           "%s: band %.1f dB, best route %.1f dB", title, ours.band,
           best.band);

  g_free (answer);
  g_free (levels);
  g_free (subject);
  g_free (band);
  g_object_unref (in);
  g_object_unref (map);
  g_object_unref (blur_map);
  dof_scene_clear (&s);
}

/* sqrt (2 Σ ρ² v / Σ v): a disk's radius from its second moment.  */
static double
moment_radius (const double *v,
               int           size,
               double       *energy)
{
  double e = 0.0, m = 0.0;
  int    x, y, c = size / 2;

  for (y = 0; y < size; y++)
    for (x = 0; x < size; x++)
      {
        e += v[y * size + x];
        m += v[y * size + x] * ((x - c) * (x - c) + (y - c) * (y - c));
      }
  *energy = e;
  return sqrt (2.0 * m / e);
}

static void
test_ramp (void)
{
  const int  w = RAMP_WIDTH, h = RAMP_HEIGHT, win = 2 * RAMP_WINDOW + 1;
  gsize      n = (gsize) w * h, i;
  float     *img = g_new0 (float, n * 4), *depth = g_new (float, n), *px;
  double    *v = g_new (double, win * win), seconds;
  double     ratio[RAMP_WIDTH], worst = 0.0, step = 0.0, low_e = 1.0;
  double     high_e = 1.0;
  gboolean   has[RAMP_WIDTH] = { FALSE };
  GeglBuffer *in, *map;
  int        row, x, y, prev = -1, count = 0;

  for (i = 0; i < n; i++)
    {
      img[4 * i + 3] = 1.0f;
      depth[i] = (float) (i % w) / (w - 1);
    }
  for (row = 0; row < RAMP_ROWS; row++)
    for (x = RAMP_WINDOW + row * RAMP_DOT_STEP / RAMP_ROWS;
         x < w - RAMP_WINDOW; x += RAMP_DOT_STEP)
      {
        y = RAMP_ROW_STEP / 2 + row * RAMP_ROW_STEP;
        for (i = 0; i < 3; i++)
          img[((gsize) y * w + x) * 4 + i] = 1.0f;
      }
  in = dof_buffer_from (img, w, h, "RaGaBaA float");
  map = dof_buffer_from (depth, w, h, "Y' float");
  px = run_ours (in, map, w, h, RAMP_RADIUS, 0.0, &seconds);

  for (row = 0; row < RAMP_ROWS; row++)
    for (x = RAMP_WINDOW + row * RAMP_DOT_STEP / RAMP_ROWS;
         x < w - RAMP_WINDOW; x += RAMP_DOT_STEP)
      {
        double       model = RAMP_RADIUS * depth[x], e, ek, got, want;
        SbokehKernel k;
        int          a, b;

        y = RAMP_ROW_STEP / 2 + row * RAMP_ROW_STEP;
        if (model < RAMP_MEASURED_MIN)
          continue;
        for (a = 0; a < win; a++)
          for (b = 0; b < win; b++)
            v[a * win + b] = px[((gsize) (y - RAMP_WINDOW + a) * w +
                                 (x - RAMP_WINDOW + b)) * 4];
        got = moment_radius (v, win, &e);
        sbokeh_kernel_disk (model, &k);
        want = moment_radius (k.data, k.size, &ek);
        sbokeh_kernel_clear (&k);
        ratio[x] = got / want;
        has[x] = TRUE;
        worst = MAX (worst, fabs (ratio[x] - 1.0));
        low_e = MIN (low_e, e);
        high_e = MAX (high_e, e);
        count++;
      }
  for (x = 0; x < w; x++)
    if (has[x])
      {
        if (prev >= 0)
          step = MAX (step, fabs (ratio[x] - ratio[prev]));
        prev = x;
      }
  printf ("ramp: radius 0 … %g px across %d px, %d dots of model radius "
          "≥ %g: measured / model radius (second moment) off by %.1f %% at "
          "most, neighbours differ by %.1f %% at most; energy %.3f … %.3f "
          "(%.2f s)\n", RAMP_RADIUS, w, count, RAMP_MEASURED_MIN,
          100 * worst, 100 * step, low_e, high_e, seconds);
  CHECK (count > 40, "%d dots measured", count);
  CHECK (worst <= RAMP_TOLERANCE, "radius off by %.1f %%", 100 * worst);
  CHECK (step <= RAMP_STEP_MAX, "a step of %.1f %%", 100 * step);
  g_free (img);
  g_free (depth);
  g_free (px);
  g_free (v);
  g_object_unref (in);
  g_object_unref (map);
}

/* One depth everywhere: bit for bit the plain blur at its radius (and the
 * input when that is in focus), for the dense and the box method.  */
static void
test_uniform (SbokehEngine engine)
{
  DofScene      s;
  GeglRectangle all = { 0, 0, DOF_SCENE_WIDTH, DOF_SCENE_HEIGHT };
  GeglBuffer   *in, *map, *out, *ref;
  SbokehParams  p;
  SbokehDesign  d;
  SbokehDepth   depth = { 0.75, 0.0, FALSE };
  float        *flat, *a, *b;
  gsize         n, i;

  dof_scene_make (&s);
  n = (gsize) s.width * s.height;
  flat = g_new (float, n);
  for (i = 0; i < n; i++)
    flat[i] = 0.25f;
  in = dof_buffer_from (s.image, s.width, s.height, "RaGaBaA float");
  map = dof_buffer_from (flat, s.width, s.height, "Y' float");
  out = gegl_buffer_new (&all, babl_format ("RaGaBaA float"));
  ref = gegl_buffer_new (&all, babl_format ("RaGaBaA float"));

  default_params (20.0, &p);
  p.engine = engine;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_OK, "depth apply");
  p.radius = 20.0 * 0.5;
  CHECK (sbokeh_design_run (&p, &d) == SBOKEH_OK, "design");
  sbokeh_apply_buffer (&d.filters, 0.0, in, ref, NULL, NULL, NULL, NULL);
  a = dof_read_rgba (out, s.width, s.height);
  b = dof_read_rgba (ref, s.width, s.height);
  CHECK (memcmp (a, b, n * 4 * sizeof (float)) == 0,
         "one depth: not the plain blur bit for bit (engine %d)", engine);
  g_free (a);

  depth.focus_depth = 0.25;
  p.radius = 20.0;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_OK, "depth apply in focus");
  a = dof_read_rgba (out, s.width, s.height);
  CHECK (memcmp (a, s.image, n * 4 * sizeof (float)) == 0,
         "all in focus: not the input bit for bit");
  /* Non-finite depths (a stereo map's holes) are in focus.  */
  for (i = 0; i < n; i++)
    flat[i] = i % 2 ? NAN : INFINITY;
  gegl_buffer_set (map, &all, 0, babl_format ("Y' float"), flat,
                   GEGL_AUTO_ROWSTRIDE);
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_OK, "depth apply, NaN map");
  g_free (a);
  a = dof_read_rgba (out, s.width, s.height);
  CHECK (memcmp (a, s.image, n * 4 * sizeof (float)) == 0,
         "a map of NaN and Inf: not the input bit for bit");
  depth.focus_depth = 1.5;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_DEPTH,
         "a focus depth beyond 1 is refused");
  depth.focus_depth = NAN;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_DEPTH,
         "a NaN focus depth is refused");
  depth = (SbokehDepth) { 0.5, -0.1, FALSE };
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_DEPTH,
         "a negative focus range is refused");
  depth.focus_range = 0.0;
  CHECK (sbokeh_depth_apply (&p, &depth, in, NULL, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_ARGUMENT &&
         sbokeh_depth_apply (NULL, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_ARGUMENT &&
         sbokeh_depth_apply (&p, NULL, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_ARGUMENT,
         "NULL arguments are refused");
  p.radius = -1.0;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             NULL) == SBOKEH_ERROR_RADIUS,
         "the parameters are checked");
  g_free (a);
  g_free (b);
  g_free (flat);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (map);
  g_object_unref (out);
  g_object_unref (ref);
  dof_scene_clear (&s);
}

typedef struct
{
  int    calls;
  double last;
  int    stop_at;
} Progress;

static gboolean
on_progress (double fraction, gpointer data)
{
  Progress *p = data;

  p->calls++;
  p->last = fraction;
  return p->calls != p->stop_at;
}

/* A region gives the full run's pixels there (within float rounding: the
 * bands fall elsewhere) and writes nothing else; progress once per slice,
 * to 1; cancel by progress and by the flag; an RGB buffer without alpha
 * comes out as the RGBA run does.  */
#define REGION_TOLERANCE 1e-5
/* An RGB output divides the colour by the composite's alpha, which is 1
 * only within the rounding of the normalisations (8e-5 measured on the
 * avx512 path; 2e-4 is a twentieth of an 8-bit level).  */
#define RGB_TOLERANCE    2e-4
static void
test_region_and_cancel (void)
{
  DofScene      s;
  GeglRectangle all = { 0, 0, DOF_SCENE_WIDTH, DOF_SCENE_HEIGHT };
  GeglRectangle roi = { 200, 90, 120, 100 };
  GeglBuffer   *in, *map, *out, *part, *rgb_in, *rgb_out;
  SbokehParams  p;
  SbokehDepth   depth = { 0.0, 0.0, FALSE };
  Progress      prog = { 0, 0.0, -1 };
  float        *a, *b, *rgb;
  double        worst = 0.0, outside = 0.0, worst_rgb = 0.0;
  gint          cancel = 1;
  gsize         n, i;
  int           c;

  dof_scene_make (&s);
  n = (gsize) s.width * s.height;
  in = dof_buffer_from (s.image, s.width, s.height, "RaGaBaA float");
  map = dof_buffer_from (s.depth, s.width, s.height, "Y' float");
  out = gegl_buffer_new (&all, babl_format ("RaGaBaA float"));
  part = gegl_buffer_new (&all, babl_format ("RaGaBaA float"));
  default_params (SCENE_RADIUS, &p);
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, on_progress,
                             &prog, NULL) == SBOKEH_OK, "full run");
  CHECK (prog.calls > 1 && prog.last == 1.0, "progress: %d calls, last %g",
         prog.calls, prog.last);
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, part, &roi, NULL, NULL,
                             NULL) == SBOKEH_OK, "region run");
  a = dof_read_rgba (out, s.width, s.height);
  b = dof_read_rgba (part, s.width, s.height);
  for (i = 0; i < n; i++)
    {
      int      x = i % s.width, y = i / s.width;
      gboolean inside = x >= roi.x && x < roi.x + roi.width &&
                        y >= roi.y && y < roi.y + roi.height;

      for (c = 0; c < 4; c++)
        if (inside)
          worst = MAX (worst, fabs (a[4 * i + c] - b[4 * i + c]));
        else
          outside = MAX (outside, fabs (b[4 * i + c]));
    }
  CHECK (worst <= REGION_TOLERANCE, "region differs from the full run by %g",
         worst);
  CHECK (outside == 0.0, "the region run wrote outside it (%g)", outside);

  rgb = g_new (float, n * 3);
  for (i = 0; i < n; i++)
    memcpy (rgb + 3 * i, s.image + 4 * i, 3 * sizeof (float));
  rgb_in = dof_buffer_from (rgb, s.width, s.height, "RGB float");
  rgb_out = gegl_buffer_new (&all, babl_format ("RGB float"));
  CHECK (sbokeh_depth_apply (&p, &depth, rgb_in, map, rgb_out, NULL, NULL,
                             NULL, NULL) == SBOKEH_OK, "RGB run");
  gegl_buffer_get (rgb_out, &all, 1.0, babl_format ("RGB float"), rgb,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (i = 0; i < n; i++)
    for (c = 0; c < 3; c++)
      worst_rgb = MAX (worst_rgb, fabs (rgb[3 * i + c] - a[4 * i + c]));
  CHECK (worst_rgb <= RGB_TOLERANCE, "RGB differs from RGBA by %g",
         worst_rgb);
  printf ("region: %g from the full run, RGB: %g from RGBA\n", worst,
          worst_rgb);

  /* The highlight boost, by depth: finite, within the input's range.  */
  p.highlight_boost = 7.0;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, part, NULL, NULL, NULL,
                             NULL) == SBOKEH_OK, "boost 7");
  g_free (b);
  b = dof_read_rgba (part, s.width, s.height);
  for (i = 0, worst = 0.0; i < n * 4; i++)
    worst = isfinite (b[i]) ? MAX (worst, fabs (b[i])) : INFINITY;
  CHECK (worst <= 1.0 + REGION_TOLERANCE, "boost 7: largest value %g", worst);
  p.highlight_boost = 0.0;

  prog = (Progress) { 0, 0.0, 1 };
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, on_progress,
                             &prog, NULL) == SBOKEH_ERROR_CANCELLED &&
         prog.calls == 1, "progress returning FALSE cancels");
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, NULL, NULL, NULL,
                             &cancel) == SBOKEH_ERROR_CANCELLED,
         "cancel flag");
  roi.x = -10;
  CHECK (sbokeh_depth_apply (&p, &depth, in, map, out, &roi, NULL, NULL,
                             NULL) == SBOKEH_ERROR_ARGUMENT,
         "a region beyond the input is refused");
  g_free (a);
  g_free (b);
  g_free (rgb);
  g_object_unref (in);
  g_object_unref (map);
  g_object_unref (out);
  g_object_unref (part);
  g_object_unref (rgb_in);
  g_object_unref (rgb_out);
  dof_scene_clear (&s);
}

/* The model, value by value: R · max (0, |D − f| − w), + in front.  */
static void
test_model (void)
{
  SbokehDepth depth = { 0.5, 0.1, FALSE };
  SbokehDepth inverted = { 0.5, 0.1, TRUE };

  CHECK (fabs (sbokeh_depth_radius (&depth, 10.0, 0.9) - 3.0) < 1e-12,
         "near: %g", sbokeh_depth_radius (&depth, 10.0, 0.9));
  CHECK (fabs (sbokeh_depth_radius (&depth, 10.0, 0.2) + 2.0) < 1e-12,
         "far: %g", sbokeh_depth_radius (&depth, 10.0, 0.2));
  CHECK (sbokeh_depth_radius (&depth, 10.0, 0.45) == 0.0 &&
         sbokeh_depth_radius (&depth, 10.0, 0.6) == 0.0,
         "the focus range stays sharp");
  CHECK (fabs (sbokeh_depth_radius (&inverted, 10.0, 0.1) - 3.0) < 1e-12,
         "inverted: %g", sbokeh_depth_radius (&inverted, 10.0, 0.1));
  CHECK (sbokeh_depth_radius (&depth, 10.0, NAN) == 0.0 &&
         sbokeh_depth_radius (&depth, 10.0, -INFINITY) == 0.0,
         "non-finite depths are in focus");
  CHECK (fabs (sbokeh_depth_radius (&depth, 10.0, 7.0) - 4.0) < 1e-12,
         "depths beyond 1 are 1: %g", sbokeh_depth_radius (&depth, 10.0, 7.0));
}

/* Every CPU path on the scene (focus on the background, so that fills,
 * layers and both sides run), both engines: the vector paths give the
 * same bits as each other (avx512 runs avx2's kernels on this data, as
 * the uniform blur does: tests/unit/test-simd.c), sse2 the scalar path's,
 * and a vector path is within PATHS_TOLERANCE of the scalar one (FMA
 * rounds once where the scalar code rounds twice: float rounding of
 * sums of up to 2⌈r⌉+1 terms, measured 2e-7; 1e-5 is a four-hundredth
 * of an 8-bit level).  */
#define PATHS_TOLERANCE 1e-5
#define PATHS_RADIUS    12.0

static void
test_every_path (void)
{
  static const SbokehEngine engines[] = { SBOKEH_ENGINE_DENSE,
                                          SBOKEH_ENGINE_BOXES };
  DofScene      s;
  GeglRectangle all = { 0, 0, DOF_SCENE_WIDTH, DOF_SCENE_HEIGHT };
  GeglBuffer   *in, *map;
  SbokehSimd    paths[SBOKEH_SIMD_N_PATHS];
  int           n_paths = simd_paths_to_run (paths), e, k;
  gsize         n;

  dof_scene_make (&s);
  n = (gsize) s.width * s.height * 4;
  in = dof_buffer_from (s.image, s.width, s.height, "RaGaBaA float");
  map = dof_buffer_from (s.depth, s.width, s.height, "Y' float");
  for (e = 0; e < 2; e++)
    {
      float *out[SBOKEH_SIMD_N_PATHS] = { NULL };
      double worst = 0.0;

      for (k = 0; k < n_paths; k++)
        {
          GeglBuffer  *o = gegl_buffer_new (&all,
                                            babl_format ("RaGaBaA float"));
          SbokehParams p;
          SbokehDepth  depth = { dof_scene_depths[0], 0.0, FALSE };

          default_params (PATHS_RADIUS, &p);
          p.engine = engines[e];
          CHECK (sbokeh_simd_set (paths[k]) == SBOKEH_OK, "path %s",
                 sbokeh_simd_name (paths[k]));
          CHECK (sbokeh_depth_apply (&p, &depth, in, map, o, NULL, NULL, NULL,
                                     NULL) == SBOKEH_OK, "%s path",
                 sbokeh_simd_name (paths[k]));
          out[paths[k]] = dof_read_rgba (o, s.width, s.height);
          g_object_unref (o);
        }
      sbokeh_simd_set (sbokeh_simd_best ());
      if (out[SBOKEH_SIMD_AVX512] && out[SBOKEH_SIMD_AVX2])
        CHECK (! memcmp (out[SBOKEH_SIMD_AVX512], out[SBOKEH_SIMD_AVX2],
                         n * sizeof (float)),
               "%s: avx512 and avx2 differ",
               e ? "boxes" : "dense");
      if (out[SBOKEH_SIMD_SSE2] && out[SBOKEH_SIMD_SCALAR])
        CHECK (! memcmp (out[SBOKEH_SIMD_SSE2], out[SBOKEH_SIMD_SCALAR],
                         n * sizeof (float)),
               "%s: sse2 and scalar differ", e ? "boxes" : "dense");
      for (k = 0; k < SBOKEH_SIMD_N_PATHS; k++)
        if (out[k] && out[SBOKEH_SIMD_SCALAR])
          {
            gsize i;

            for (i = 0; i < n; i++)
              worst = MAX (worst, fabs (out[k][i] -
                                        out[SBOKEH_SIMD_SCALAR][i]));
          }
      CHECK (worst <= PATHS_TOLERANCE, "%s: a path %g from scalar",
             e ? "boxes" : "dense", worst);
      printf ("every path (%d), %s: vector pairs equal, at most %.1e from "
              "scalar\n", n_paths, e ? "boxes" : "dense", worst);
      for (k = 0; k < SBOKEH_SIMD_N_PATHS; k++)
        g_free (out[k]);
    }
  g_object_unref (in);
  g_object_unref (map);
  dof_scene_clear (&s);
}

int
main (int argc, char **argv)
{
  SbokehSimd path = SBOKEH_SIMD_SCALAR;

  gegl_init (&argc, &argv);
  sbokeh_simd_active (&path);
  printf ("CPU path %s\n", sbokeh_simd_name (path));
  test_model ();
  test_uniform (SBOKEH_ENGINE_DENSE);
  test_uniform (SBOKEH_ENGINE_BOXES);
  test_region_and_cancel ();
  test_scene (dof_scene_depths[1], "focus on the subject", TRUE);
  test_scene (dof_scene_depths[0], "focus on the background", FALSE);
  test_ramp ();
  test_every_path ();
  gegl_exit ();
  return check_exit ("depth");
}
