/* The values the passes take (core/values.h), against what the header
 * promises, and through sbokeh_apply_buffer in both engines:
 *   - NaN → 0, ±Inf and huge → ±SBOKEH_VALUE_MAX, a NaN alpha → all 0,
 *     checked value by value;
 *   - an image with one special pixel gives, bit for bit, the output of the
 *     same image with that pixel replaced as promised (so nothing else in
 *     the image is touched), no output is non-finite, and against the image
 *     with an ordinary pixel there, nothing changes beyond the footprint
 *     (the (2⌈r⌉ + 1)² square) by more than LOCAL_TOLERANCE;
 *   - the highlight boost on HDR highlights from 2 to float's largest, boost
 *     7 and 15: every output finite, within the input's range.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "sbokeh.h"

/* Beyond its footprint, a value of SBOKEH_VALUE_MAX may move the box
 * engine's double running sums by about SBOKEH_VALUE_MAX · 2⁻⁵³ ≈ 1e-6 per
 * sum (values.h); ten sums' worth is still far below what a float image
 * around 0.5 resolves as a change (an 8-bit level is 4e-3).  */
#define LOCAL_TOLERANCE 1e-5
/* A clamped output may sit one float rounding outside the range.  */
#define RANGE_TOLERANCE 1e-6

#define W 160
#define H 128
#define CX 80
#define CY 60

static int
same_bits (const float *a, const float *b, gsize n)
{
  return memcmp (a, b, n * sizeof (float)) == 0;
}

/* The header's table, value by value, for RGBA (alpha last) and RGB.  */
static void
test_take (void)
{
  const float nan = NAN, inf = INFINITY, big = (float) SBOKEH_VALUE_MAX;
  float rgba[] = { nan, 0.5f, -inf, 1.0f,     /* a NaN colour, −Inf */
                   0.2f, 0.3f, 0.4f, nan,     /* NaN alpha: all 0 */
                   1e30f, -1e30f, FLT_MAX, 1.0f,
                   0.1f, 0.2f, 0.3f, 0.5f };  /* ordinary: untouched */
  const float want_rgba[] = { 0.0f, 0.5f, -big, 1.0f,
                              0.0f, 0.0f, 0.0f, 0.0f,
                              big, -big, big, 1.0f,
                              0.1f, 0.2f, 0.3f, 0.5f };
  float rgb[] = { nan, inf, 7.0f, -FLT_MAX, 1e-30f, 0.0f };
  const float want_rgb[] = { 0.0f, big, 7.0f, -big, 1e-30f, 0.0f };
  int   i;

  sbokeh_values_take (rgba, 16, 4, 1, 4, 0.0, NULL);
  for (i = 0; i < 16; i++)
    CHECK (rgba[i] == want_rgba[i], "RGBA value %d: %g, want %g", i, rgba[i],
           want_rgba[i]);
  sbokeh_values_take (rgb, 3, 2, 1, 3, 0.0, NULL);
  for (i = 0; i < 6; i++)
    CHECK (rgb[i] == want_rgb[i], "RGB value %d: %g, want %g", i, rgb[i],
           want_rgb[i]);
}

/* A float image around 0.5 (RGB, or premultiplied RGBA with alpha in
 * [0.6, 1]).  */
static float *
scene (int channels)
{
  float *px = g_new (float, W * H * channels);
  int    j, c;

  for (j = 0; j < W * H; j++)
    {
      float a = channels == 4 ? 0.8f + 0.2f * (float) check_random () : 1.0f;

      for (c = 0; c < 3; c++)
        px[j * channels + c] = a * (0.5f + 0.3f * (float) check_random ());
      if (channels == 4)
        px[j * channels + 3] = a;
    }
  return px;
}

static float *
blur (const SbokehDesign *d,
      const float        *px,
      int                 channels,
      double              boost)
{
  const Babl   *fmt = babl_format (channels == 4 ? "RaGaBaA float"
                                                 : "RGB float");
  GeglRectangle all = { 0, 0, W, H };
  GeglBuffer   *in = gegl_buffer_new (&all, fmt);
  GeglBuffer   *out = gegl_buffer_new (&all, fmt);
  float        *res = g_new (float, W * H * channels);

  gegl_buffer_set (in, &all, 0, fmt, px, GEGL_AUTO_ROWSTRIDE);
  CHECK (sbokeh_apply_buffer (&d->filters, boost, in, out, NULL, NULL, NULL,
                              NULL) == SBOKEH_OK, "apply");
  gegl_buffer_get (out, &all, 1.0, fmt, res, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (in);
  g_object_unref (out);
  return res;
}

static void
design (SbokehEngine engine,
        double       radius,
        SbokehDesign *d)
{
  SbokehParams p;

  sbokeh_params_init_default (&p);
  p.radius = radius;
  p.engine = engine;
  CHECK (sbokeh_design_run (&p, d) == SBOKEH_OK, "design");
}

/* One special value s in colour channel 0 (or in alpha) at the centre.  */
static void
test_local (SbokehEngine engine,
            int          channels,
            int          in_alpha,
            float        s,
            float        becomes)
{
  const double radius = 12;
  const int    reach = (int) ceil (radius);
  const int    at = (CY * W + CX) * channels + (in_alpha ? channels - 1 : 0);
  const gsize  n = (gsize) W * H * channels;
  SbokehDesign d;
  float       *base = scene (channels);
  float       *special = g_memdup2 (base, n * sizeof (float));
  float       *replaced = g_memdup2 (base, n * sizeof (float));
  float       *out_special, *out_replaced, *out_base;
  int          x, y, c, non_finite = 0, beyond = 0, changed = 0;
  double       worst = 0.0;

  design (engine, radius, &d);
  special[at] = s;
  if (in_alpha && isnan (s))  /* the whole pixel becomes transparent black */
    for (c = 0; c < channels; c++)
      replaced[(CY * W + CX) * channels + c] = 0.0f;
  else
    replaced[at] = becomes;
  out_special = blur (&d, special, channels, 0.0);
  out_replaced = blur (&d, replaced, channels, 0.0);
  out_base = blur (&d, base, channels, 0.0);

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      for (c = 0; c < channels; c++)
        {
          gsize  i = ((gsize) y * W + x) * channels + c;
          double diff = fabs ((double) out_special[i] - out_base[i]);

          non_finite += ! isfinite (out_special[i]);
          changed += diff > LOCAL_TOLERANCE;
          if (abs (x - CX) > reach || abs (y - CY) > reach)
            {
              beyond += ! (diff <= LOCAL_TOLERANCE);
              worst = MAX (worst, diff);
            }
        }
  CHECK (same_bits (out_special, out_replaced, n),
         "%s, %d channels, %g%s: not the output of the image with %g there",
         sbokeh_engine_name (engine), channels, s, in_alpha ? " in alpha" : "",
         becomes);
  CHECK (non_finite == 0, "%s, %g: %d values not finite",
         sbokeh_engine_name (engine), s, non_finite);
  CHECK (beyond == 0, "%s, %d channels, %g: %d values beyond the footprint "
         "changed (worst %g)", sbokeh_engine_name (engine), channels, s,
         beyond, worst);
  printf ("  %-5s %d channels, %-9g%s: %5d values changed, all within the "
          "%d² footprint (beyond: %.1e at most)\n",
          sbokeh_engine_name (engine), channels, s,
          in_alpha ? " in alpha" : "         ", changed, 2 * reach + 1, worst);

  sbokeh_design_clear (&d);
  g_free (base);
  g_free (special);
  g_free (replaced);
  g_free (out_special);
  g_free (out_replaced);
  g_free (out_base);
}

/* One HDR highlight of value v on 0.5 (RGB), boost b: finite, in range.  */
static void
test_boost (SbokehEngine engine,
            double       b,
            float        v)
{
  const gsize  n = (gsize) W * H * 3;
  SbokehDesign d;
  float       *px = g_new (float, n), *out;
  float        lo = INFINITY, hi = -INFINITY;
  gsize        i;
  int          bad = 0;

  for (i = 0; i < n; i++)
    px[i] = 0.5f;
  for (i = 0; i < 3; i++)
    px[(CY * W + CX) * 3 + i] = v;
  design (engine, 20, &d);
  out = blur (&d, px, 3, b);
  for (i = 0; i < n; i++)
    {
      bad += ! isfinite (out[i]);
      lo = MIN (lo, out[i]);
      hi = MAX (hi, out[i]);
    }
  CHECK (bad == 0, "%s, boost %g, highlight %g: %d values not finite",
         sbokeh_engine_name (engine), b, v, bad);
  CHECK (lo >= 0.5f - RANGE_TOLERANCE && hi <= v * (1 + RANGE_TOLERANCE),
         "%s, boost %g, highlight %g: output from %g to %g, input 0.5 to %g",
         sbokeh_engine_name (engine), b, v, lo, hi, v);
  printf ("  %-5s boost %2g, highlight %-8g: output %.6f … %g\n",
          sbokeh_engine_name (engine), b, v, lo, hi);
  sbokeh_design_clear (&d);
  g_free (px);
  g_free (out);
}

int
main (int argc, char **argv)
{
  const SbokehEngine engines[] = { SBOKEH_ENGINE_DENSE, SBOKEH_ENGINE_BOXES };
  const float        big = (float) SBOKEH_VALUE_MAX;
  const double       boosts[] = { 7, SBOKEH_HIGHLIGHT_BOOST_MAX };
  const float        highlights[] = { 2.0f, 7.0f, 200.0f, 5e4f, FLT_MAX };
  gsize              e, i, j;

  gegl_init (&argc, &argv);
  test_take ();
  for (e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      test_local (engines[e], 3, FALSE, NAN, 0.0f);
      test_local (engines[e], 4, FALSE, NAN, 0.0f);
      test_local (engines[e], 4, TRUE, NAN, 0.0f);
      test_local (engines[e], 3, FALSE, INFINITY, big);
      test_local (engines[e], 4, FALSE, -INFINITY, -big);
      test_local (engines[e], 3, FALSE, 1e30f, big);
      test_local (engines[e], 3, FALSE, big, big);
      for (i = 0; i < G_N_ELEMENTS (boosts); i++)
        for (j = 0; j < G_N_ELEMENTS (highlights); j++)
          test_boost (engines[e], boosts[i], highlights[j]);
    }
  gegl_exit ();
  return check_exit ("values");
}
