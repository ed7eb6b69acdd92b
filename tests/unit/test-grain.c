/* The grain (core/grain.h), against images whose noise is known:
 *   (a) a smooth photo-like image plus Gaussian noise of σ 0.02 and 0.05
 *       (perceptual values), blurred at radius 10 by sbokeh_apply_buffer,
 *       grain added with amounts 0, 1, 2: the σ of the output minus the
 *       blurred noise-free image (known) is 0.2 σ at most with 0, within
 *       20 % of σ with 1 and of 2 σ with 2, monochrome and colour;
 *   (b) a piecewise-constant image of strong edges plus noise: the
 *       measured σ within 10 %;
 *   (c) noise correlated by a small Gaussian blur (σ known after it): the
 *       synthesised grain's autocorrelation at lags 1 and 2 within 0.05
 *       of the noise's own (computed from its kernel), σ within 10 %;
 *   (d) same input and seed → same bytes, another seed → others; halves
 *       and quarters of the region = the whole, bit for bit;
 *   (e) weights: a radius map of 0, a depth map at the focus, a uniform
 *       radius of 0.3 leave the bytes alone; a map half 0 half 10 changes
 *       only its blurred half; 8-bit RGBA keeps its alpha bytes;
 *   (f) bad arguments: SBOKEH_ERROR_ARGUMENT, nothing changed.
 * With SBOKEH_GRAIN_TIMING=1, the cost of measure + add on 12 megapixels
 * beside sbokeh_apply_buffer at radius 25 (boxes), printed, not asserted.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "check.h"
#include "sbokeh.h"

#define W 512
#define H 512
/* Beyond the blur's reach (10) from the edges, where the clamped edge
 * rows do not blur the noise as much.  */
#define MARGIN 16
#define SIGMA_TOLERANCE 0.20      /* the bar for the output */
#define MEASURE_TOLERANCE 0.10    /* the measurement itself */
#define LAG_TOLERANCE 0.05        /* autocorrelation, absolute */

static double
gauss (void)
{
  double u = 0.5 * (check_random () + 1.0), v = 0.5 * (check_random () + 1.0);

  return sqrt (-2.0 * log (MAX (u, 1e-300))) * cos (2.0 * G_PI * v);
}

/* A smooth photo-like image in 0.2 … 0.8 (perceptual RGB).  */
static float *
smooth (void)
{
  float *px = g_new (float, W * H * 3);
  int    x, y, c;

  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      for (c = 0; c < 3; c++)
        px[(y * W + x) * 3 + c] =
          (float) (0.5 + 0.15 * sin (2 * G_PI * x / 173.0 + c) *
                   cos (2 * G_PI * y / 131.0) + 0.1 * ((double) x / W - 0.5) +
                   0.05 * c * ((double) y / H - 0.5));
  return px;
}

/* A linear float buffer holding perceptual values px.  */
static GeglBuffer *
buffer_of (const float *px,
           const char  *storage)
{
  GeglRectangle all = { 0, 0, W, H };
  GeglBuffer   *b = gegl_buffer_new (&all, babl_format (storage));

  gegl_buffer_set (b, &all, 0, babl_format ("R'G'B' float"), px,
                   GEGL_AUTO_ROWSTRIDE);
  return b;
}

static float *
perceptual (GeglBuffer *b)
{
  GeglRectangle all = { 0, 0, W, H };
  float        *px = g_new (float, W * H * 3);

  gegl_buffer_get (b, &all, 1.0, babl_format ("R'G'B' float"), px,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return px;
}

/* The buffer's bytes in its own format.  */
static guint8 *
bytes_of (GeglBuffer *b,
          gsize      *size)
{
  const GeglRectangle *e = gegl_buffer_get_extent (b);
  const Babl          *f = gegl_buffer_get_format (b);
  guint8              *px;

  *size = (gsize) e->width * e->height * babl_format_get_bytes_per_pixel (f);
  px = g_malloc (*size);
  gegl_buffer_get (b, e, 1.0, f, px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return px;
}

static gboolean
same_bytes (GeglBuffer *a,
            GeglBuffer *b)
{
  gsize    na, nb;
  guint8  *x = bytes_of (a, &na), *y = bytes_of (b, &nb);
  gboolean same = na == nb && memcmp (x, y, na) == 0;

  g_free (x);
  g_free (y);
  return same;
}

/* The σ of a − b over the interior, per channel's mean removed, over the
 * three channels.  */
static double
residual_sigma (const float *a,
                const float *b)
{
  double sum = 0.0;
  int    x, y, c;

  for (c = 0; c < 3; c++)
    {
      double s = 0.0, s2 = 0.0, n = 0.0;

      for (y = MARGIN; y < H - MARGIN; y++)
        for (x = MARGIN; x < W - MARGIN; x++)
          {
            double d = (double) a[(y * W + x) * 3 + c] - b[(y * W + x) * 3 + c];

            s += d;
            s2 += d * d;
            n++;
          }
      sum += s2 / n - (s / n) * (s / n);
    }
  return sqrt (sum / 3.0);
}

static void
design (double        radius,
        SbokehEngine  engine,
        SbokehDesign *d)
{
  SbokehParams p;

  sbokeh_params_init_default (&p);
  p.radius = radius;
  p.engine = engine;
  CHECK (sbokeh_design_run (&p, d) == SBOKEH_OK, "design");
}

static GeglBuffer *
blurred (const SbokehDesign *d,
         GeglBuffer         *in)
{
  GeglBuffer *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                     gegl_buffer_get_format (in));

  CHECK (sbokeh_apply_buffer (&d->filters, 0.0, in, out, NULL, NULL, NULL,
                              NULL) == SBOKEH_OK, "apply");
  return out;
}

/* (a) and (b): the noise added to clean, measured and restored.  */
static void
test_sigma (double       sigma,
            const float *clean,
            const char  *what,
            gboolean     restore)
{
  float          *noisy = g_memdup2 (clean, W * H * 3 * sizeof (float));
  GeglBuffer     *in, *ref_in, *out, *ref;
  SbokehGrain     g;
  SbokehDesign    d;
  SbokehGrainBlur blur = { 10.0, NULL, NULL, NULL };
  float          *ref_px;
  int             i, a, colour;

  for (i = 0; i < W * H * 3; i++)
    noisy[i] += (float) (sigma * gauss ());
  in = buffer_of (noisy, "RGB float");
  CHECK (sbokeh_grain_measure (in, NULL, &g) == SBOKEH_OK, "measure");
  printf ("  %-15s σ %.3f: measured %.4f %.4f %.4f (%+.1f %%), %d of %d "
          "blocks, ν %.0f, bias %.3f, reach %d\n", what, sigma, g.sigma[0],
          g.sigma[1], g.sigma[2],
          100.0 * ((g.sigma[0] + g.sigma[1] + g.sigma[2]) / 3 / sigma - 1),
          g.blocks, g.usable, g.dof, g.bias, g.reach);
  for (i = 0; i < 3; i++)
    CHECK (fabs (g.sigma[i] / sigma - 1.0) <= MEASURE_TOLERANCE,
           "%s: channel %d measured %g, want %g", what, i, g.sigma[i], sigma);
  if (! restore)
    {
      g_object_unref (in);
      g_free (noisy);
      return;
    }

  design (10.0, SBOKEH_ENGINE_AUTO, &d);
  ref_in = buffer_of (clean, "RGB float");
  ref = blurred (&d, ref_in);
  ref_px = perceptual (ref);
  for (colour = 0; colour <= 1; colour++)
    for (a = 0; a <= 2; a++)
      {
        float *px;
        double s;

        out = blurred (&d, in);
        CHECK (sbokeh_grain_add (&g, a, colour, 7, &blur, out, NULL) ==
               SBOKEH_OK, "add");
        px = perceptual (out);
        s = residual_sigma (px, ref_px);
        printf ("    %s, amount %d: output noise %.4f = %.3f σ\n",
                colour ? "colour" : "mono  ", a, s, s / sigma);
        if (a == 0)
          CHECK (s < 0.2 * sigma, "%s amount 0: %g, want < %g", what, s,
                 0.2 * sigma);
        else
          CHECK (fabs (s / (a * sigma) - 1.0) <= SIGMA_TOLERANCE,
                 "%s amount %d colour %d: %g, want %g", what, a, colour, s,
                 a * sigma);
        g_free (px);
        g_object_unref (out);
      }
  sbokeh_design_clear (&d);
  g_free (ref_px);
  g_object_unref (ref);
  g_object_unref (ref_in);
  g_object_unref (in);
  g_free (noisy);
}

/* (b) strong edges: rectangles of 64 … 160 pixels, each its own colour
 * (contrast up to 0.5).  */
static void
test_edges (void)
{
  float *px = g_new (float, W * H * 3);
  int    xs[16], ys[16], nx = 0, ny = 0, x, y, c, i, j;

  for (x = 0; x < W; x += 64 + (int) (48 * (check_random () + 1)))
    xs[nx++] = x;
  for (y = 0; y < H; y += 64 + (int) (48 * (check_random () + 1)))
    ys[ny++] = y;
  for (j = 0; j < ny; j++)
    for (i = 0; i < nx; i++)
      {
        float v[3];

        for (c = 0; c < 3; c++)
          v[c] = (float) (0.5 + 0.25 * check_random ());
        for (y = ys[j]; y < (j + 1 < ny ? ys[j + 1] : H); y++)
          for (x = xs[i]; x < (i + 1 < nx ? xs[i + 1] : W); x++)
            for (c = 0; c < 3; c++)
              px[(y * W + x) * 3 + c] = v[c];
      }
  test_sigma (0.03, px, "edges", FALSE);
  test_sigma (0.01, px, "edges", FALSE);
  g_free (px);
}

/* (c) noise blurred by a Gaussian of σ_b = 0.8 (reach 3), scaled to σ
 * 0.03: the synthesised grain's autocorrelation.  */
static void
test_spectrum (void)
{
  const double sb = 0.8, sigma = 0.03;
  float        k[7][7], *clean = smooth (), *white = g_new (float, W * H * 3);
  double       e = 0.0, want[3], got[2][3];
  SbokehGrain  g;
  GeglBuffer  *in, *flat;
  SbokehGrainBlur blur = { 10.0, NULL, NULL, NULL };
  int          x, y, c, tx, ty, lag, colour;

  for (ty = -3; ty <= 3; ty++)
    for (tx = -3; tx <= 3; tx++)
      {
        k[ty + 3][tx + 3] = (float) exp (-(tx * tx + ty * ty) / (2 * sb * sb));
        e += k[ty + 3][tx + 3] * k[ty + 3][tx + 3];
      }
  for (lag = 0; lag <= 2; lag++)
    {
      double s = 0.0;

      for (ty = -3; ty <= 3; ty++)
        for (tx = -3; tx + lag <= 3; tx++)
          s += k[ty + 3][tx + 3] * k[ty + 3][tx + lag + 3];
      want[lag] = s / e;
    }
  for (x = 0; x < W * H * 3; x++)
    white[x] = (float) gauss ();
  for (y = 0; y < H; y++)
    for (x = 0; x < W; x++)
      for (c = 0; c < 3; c++)
        {
          double s = 0.0;

          for (ty = -3; ty <= 3; ty++)
            for (tx = -3; tx <= 3; tx++)
              s += k[ty + 3][tx + 3] *
                   white[((CLAMP (y + ty, 0, H - 1)) * W +
                          CLAMP (x + tx, 0, W - 1)) * 3 + c];
          clean[(y * W + x) * 3 + c] += (float) (sigma * s / sqrt (e));
        }
  in = buffer_of (clean, "RGB float");
  CHECK (sbokeh_grain_measure (in, NULL, &g) == SBOKEH_OK, "measure");

  /* The grain alone: added to a flat grey.  */
  for (colour = 0; colour <= 1; colour++)
    {
      float *px;

      for (x = 0; x < W * H * 3; x++)
        clean[x] = 0.5f;
      flat = buffer_of (clean, "RGB float");
      CHECK (sbokeh_grain_add (&g, 1.0, colour, 3, &blur, flat, NULL) ==
             SBOKEH_OK, "add");
      px = perceptual (flat);
      for (lag = 0; lag <= 2; lag++)
        {
          double s = 0.0, n = 0.0;

          for (y = 0; y < H - lag; y++)
            for (x = 0; x < W - lag; x++)
              for (c = 0; c < 3; c++)
                {
                  double v = px[(y * W + x) * 3 + c] - 0.5;

                  s += v * (px[(y * W + x + lag) * 3 + c] - 0.5) +
                       v * (px[((y + lag) * W + x) * 3 + c] - 0.5);
                  n += 2;
                }
          got[colour][lag] = s / n;
        }
      printf ("  correlated %s: measured σ %.4f (want %.3f), reach %d, "
              "synthesised σ %.4f; lag 1 %.3f (noise %.3f), lag 2 %.3f "
              "(noise %.3f)\n", colour ? "colour" : "mono  ", g.sigma[0],
              sigma, g.reach, sqrt (got[colour][0]),
              got[colour][1] / got[colour][0], want[1],
              got[colour][2] / got[colour][0], want[2]);
      for (lag = 1; lag <= 2; lag++)
        CHECK (fabs (got[colour][lag] / got[colour][0] - want[lag]) <=
               LAG_TOLERANCE, "colour %d lag %d: %g, want %g", colour, lag,
               got[colour][lag] / got[colour][0], want[lag]);
      CHECK (fabs (sqrt (got[colour][0]) / sigma - 1.0) <= MEASURE_TOLERANCE,
             "colour %d synthesised σ %g, want %g", colour,
             sqrt (got[colour][0]), sigma);
      g_free (px);
      g_object_unref (flat);
    }
  for (c = 0; c < 3; c++)
    CHECK (fabs (g.sigma[c] / sigma - 1.0) <= MEASURE_TOLERANCE,
           "correlated: channel %d measured %g, want %g", c, g.sigma[c],
           sigma);
  g_object_unref (in);
  g_free (clean);
  g_free (white);
}

/* A measured grain (σ 0.03 on the smooth image) and its image.  */
static GeglBuffer *
grainy (SbokehGrain *g,
        const char  *storage)
{
  float      *px = smooth ();
  GeglBuffer *b;
  int         i;

  for (i = 0; i < W * H * 3; i++)
    px[i] += (float) (0.03 * gauss ());
  b = buffer_of (px, storage);
  CHECK (sbokeh_grain_measure (b, NULL, g) == SBOKEH_OK, "measure");
  g_free (px);
  return b;
}

/* (d) determinism and tiling.  */
static void
test_determinism (void)
{
  SbokehGrain     g, again;
  SbokehGrainBlur blur = { 10.0, NULL, NULL, NULL };
  GeglBuffer     *in = grainy (&g, "RGB float");
  GeglRectangle   halves[2] = { { 0, 0, W, 237 }, { 0, 237, W, H - 237 } };
  GeglRectangle   quarters[4] = { { 0, 0, 301, 100 }, { 301, 0, W - 301, 100 },
                                  { 0, 100, 17, H - 100 },
                                  { 17, 100, W - 17, H - 100 } };
  int             colour, i;

  CHECK (sbokeh_grain_measure (in, NULL, &again) == SBOKEH_OK, "measure");
  CHECK (memcmp (&g, &again, sizeof g) == 0, "measuring twice differs");
  for (colour = 0; colour <= 1; colour++)
    {
      GeglBuffer *whole = gegl_buffer_dup (in), *twice = gegl_buffer_dup (in);
      GeglBuffer *split = gegl_buffer_dup (in), *four = gegl_buffer_dup (in);
      GeglBuffer *other = gegl_buffer_dup (in);

      CHECK (sbokeh_grain_add (&g, 1.0, colour, 11, &blur, whole, NULL) ==
             SBOKEH_OK, "add");
      CHECK (sbokeh_grain_add (&g, 1.0, colour, 11, &blur, twice, NULL) ==
             SBOKEH_OK, "add");
      CHECK (sbokeh_grain_add (&g, 1.0, colour, 12, &blur, other, NULL) ==
             SBOKEH_OK, "add");
      for (i = 0; i < 2; i++)
        CHECK (sbokeh_grain_add (&g, 1.0, colour, 11, &blur, split,
                                 &halves[i]) == SBOKEH_OK, "add half");
      for (i = 0; i < 4; i++)
        CHECK (sbokeh_grain_add (&g, 1.0, colour, 11, &blur, four,
                                 &quarters[i]) == SBOKEH_OK, "add quarter");
      CHECK (same_bytes (whole, twice), "colour %d: same seed, other bytes",
             colour);
      CHECK (! same_bytes (whole, other), "colour %d: another seed, same "
             "bytes", colour);
      CHECK (same_bytes (whole, split), "colour %d: halves differ from the "
             "whole", colour);
      CHECK (same_bytes (whole, four), "colour %d: quarters differ from the "
             "whole", colour);
      g_object_unref (whole);
      g_object_unref (twice);
      g_object_unref (split);
      g_object_unref (four);
      g_object_unref (other);
    }
  printf ("  measure twice, add twice, halves, quarters: the same bytes\n");
  g_object_unref (in);
}

/* A one-channel map of value v, or v on the right half and 0 left.  */
static GeglBuffer *
map_of (float       v,
        gboolean    half,
        const char *format)
{
  GeglRectangle all = { 0, 0, W, H };
  GeglBuffer   *b = gegl_buffer_new (&all, babl_format (format));
  float        *px = g_new (float, W * H);
  int           i;

  for (i = 0; i < W * H; i++)
    px[i] = half && i % W < W / 2 ? 0.0f : v;
  gegl_buffer_set (b, &all, 0, babl_format (format), px, GEGL_AUTO_ROWSTRIDE);
  g_free (px);
  return b;
}

/* (e) weights and formats.  */
static void
test_weights (void)
{
  SbokehGrain     g;
  GeglBuffer     *in = grainy (&g, "RGB float");
  GeglBuffer     *zero = map_of (0.0f, FALSE, "Y float");
  GeglBuffer     *half = map_of (10.0f, TRUE, "Y float");
  GeglBuffer     *depth = map_of (0.4f, FALSE, "Y' float");
  SbokehDepth     focus = { 0.4, 0.0, 0 };
  SbokehGrainBlur by_zero = { 10.0, zero, NULL, NULL };
  SbokehGrainBlur by_half = { 10.0, half, NULL, NULL };
  SbokehGrainBlur by_depth = { 30.0, NULL, depth, &focus };
  SbokehGrainBlur sharp = { 0.3, NULL, NULL, NULL };
  SbokehGrainBlur blur = { 10.0, NULL, NULL, NULL };
  GeglRectangle   left = { 0, 0, W / 2, H }, right = { W / 2, 0, W / 2, H };
  GeglBuffer     *out = gegl_buffer_dup (in), *a, *b, *rgba, *rgba_out;
  const Babl     *u8 = babl_format ("R'G'B'A u8");
  guint8         *px;
  gsize           n, i, alpha_changed = 0, colour_changed = 0;

  CHECK (sbokeh_grain_add (&g, 2.0, TRUE, 1, &by_zero, out, NULL) ==
         SBOKEH_OK, "add");
  CHECK (same_bytes (in, out), "a radius map of 0 changed the bytes");
  CHECK (sbokeh_grain_add (&g, 2.0, FALSE, 1, &by_depth, out, NULL) ==
         SBOKEH_OK, "add");
  CHECK (same_bytes (in, out), "a depth map at the focus changed the bytes");
  CHECK (sbokeh_grain_add (&g, 2.0, FALSE, 1, &sharp, out, NULL) ==
         SBOKEH_OK, "add");
  CHECK (same_bytes (in, out), "radius 0.3 changed the bytes");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 1, &by_half, out, NULL) ==
         SBOKEH_OK, "add");
  a = gegl_buffer_new (&left, babl_format ("RGB float"));
  b = gegl_buffer_new (&left, babl_format ("RGB float"));
  gegl_buffer_copy (in, &left, GEGL_ABYSS_NONE, a, &left);
  gegl_buffer_copy (out, &left, GEGL_ABYSS_NONE, b, &left);
  CHECK (same_bytes (a, b), "the half at radius 0 changed");
  g_object_unref (a);
  g_object_unref (b);
  a = gegl_buffer_new (&right, babl_format ("RGB float"));
  b = gegl_buffer_new (&right, babl_format ("RGB float"));
  gegl_buffer_copy (in, &right, GEGL_ABYSS_NONE, a, &right);
  gegl_buffer_copy (out, &right, GEGL_ABYSS_NONE, b, &right);
  CHECK (! same_bytes (a, b), "the half at radius 10 did not change");
  g_object_unref (a);
  g_object_unref (b);

  /* 8-bit RGBA, alpha from 1 to 255: alpha bytes kept, colour grainy.  */
  rgba = gegl_buffer_new (gegl_buffer_get_extent (in), u8);
  gegl_buffer_copy (in, NULL, GEGL_ABYSS_NONE, rgba, NULL);
  px = bytes_of (rgba, &n);
  for (i = 0; i < n; i += 4)
    px[i + 3] = (guint8) (1 + (i / 4) % 255);
  gegl_buffer_set (rgba, NULL, 0, u8, px, GEGL_AUTO_ROWSTRIDE);
  rgba_out = gegl_buffer_dup (rgba);
  CHECK (sbokeh_grain_add (&g, 1.0, TRUE, 1, &blur, rgba_out, NULL) ==
         SBOKEH_OK, "add u8");
  {
    guint8 *after = bytes_of (rgba_out, &n);

    for (i = 0; i < n; i++)
      {
        if (i % 4 == 3)
          alpha_changed += after[i] != px[i];
        else
          colour_changed += after[i] != px[i];
      }
    g_free (after);
  }
  CHECK (alpha_changed == 0, "8-bit RGBA: %zu alpha bytes changed",
         alpha_changed);
  CHECK (colour_changed > n / 2, "8-bit RGBA: only %zu of %zu colour bytes "
         "changed", colour_changed, n / 4 * 3);
  printf ("  radius map 0, depth at the focus, radius 0.3: the same bytes; "
          "half at 10: only that half; 8-bit RGBA: %zu of %zu colour bytes "
          "changed, alpha kept\n", colour_changed, n / 4 * 3);
  g_free (px);
  g_object_unref (rgba);
  g_object_unref (rgba_out);
  g_object_unref (out);
  g_object_unref (in);
  g_object_unref (zero);
  g_object_unref (half);
  g_object_unref (depth);
}

/* (f) bad arguments.  */
static void
test_arguments (void)
{
  SbokehGrain     g, bad, sentinel;
  GeglBuffer     *in = grainy (&g, "RGB float"), *out = gegl_buffer_dup (in);
  GeglRectangle   outside = { W - 10, 0, 20, 20 }, negative = { 0, 0, -1, 4 };
  GeglRectangle   all = { 0, 0, W, H };
  GeglBuffer     *gray = gegl_buffer_new (&all, babl_format ("Y float"));
  GeglBuffer     *small = map_of (10.0f, FALSE, "Y float");
  SbokehDepth     far = { 1.5, 0.0, 0 };
  SbokehGrainBlur blur = { 10.0, NULL, NULL, NULL };
  SbokehGrainBlur nan_radius = { NAN, NULL, NULL, NULL };
  SbokehGrainBlur negative_radius = { -1.0, NULL, NULL, NULL };
  SbokehGrainBlur bad_depth = { 10.0, NULL, small, &far };
  SbokehGrainBlur no_depth = { 10.0, NULL, small, NULL };
  const double    amounts[] = { -0.1, 2.1, NAN, INFINITY };
  int             i;

  memset (&sentinel, 0x5a, sizeof sentinel);
  bad = sentinel;
  CHECK (sbokeh_grain_measure (NULL, NULL, &bad) == SBOKEH_ERROR_ARGUMENT,
         "measure NULL buffer");
  CHECK (sbokeh_grain_measure (in, NULL, NULL) == SBOKEH_ERROR_ARGUMENT,
         "measure NULL grain");
  CHECK (sbokeh_grain_measure (in, &outside, &bad) == SBOKEH_ERROR_ARGUMENT,
         "measure outside");
  CHECK (sbokeh_grain_measure (in, &negative, &bad) == SBOKEH_ERROR_ARGUMENT,
         "measure negative size");
  CHECK (memcmp (&bad, &sentinel, sizeof bad) == 0, "a refused measure "
         "wrote its grain");

  CHECK (sbokeh_grain_add (NULL, 1.0, FALSE, 0, &blur, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "NULL grain");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, NULL, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "NULL blur");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &blur, NULL, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "NULL output");
  for (i = 0; i < (int) G_N_ELEMENTS (amounts); i++)
    CHECK (sbokeh_grain_add (&g, amounts[i], FALSE, 0, &blur, out, NULL) ==
           SBOKEH_ERROR_ARGUMENT, "amount %g", amounts[i]);
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &nan_radius, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "radius NaN");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &negative_radius, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "radius -1");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &bad_depth, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "focus depth 1.5");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &no_depth, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "depth map without depth");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &blur, out, &outside) ==
         SBOKEH_ERROR_ARGUMENT, "roi outside");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &blur, out, &negative) ==
         SBOKEH_ERROR_ARGUMENT, "roi of negative size");
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 0, &blur, gray, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "RGB grain on gray");
  bad = g;
  bad.reach = SBOKEH_GRAIN_REACH_MAX + 1;
  CHECK (sbokeh_grain_add (&bad, 1.0, FALSE, 0, &blur, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "reach beyond the maximum");
  bad = g;
  bad.sigma[1] = NAN;
  CHECK (sbokeh_grain_add (&bad, 1.0, FALSE, 0, &blur, out, NULL) ==
         SBOKEH_ERROR_ARGUMENT, "σ NaN");
  CHECK (same_bytes (in, out), "a refused add changed the output");
  CHECK (sbokeh_grain_add (&g, 0.0, TRUE, 0, &blur, out, NULL) == SBOKEH_OK,
         "amount 0");
  CHECK (same_bytes (in, out), "amount 0 changed the output");

  /* Too small to measure: no grain, nothing added.  */
  {
    GeglRectangle tiny = { 0, 0, 100, 100 };

    CHECK (sbokeh_grain_measure (in, &tiny, &bad) == SBOKEH_OK, "tiny");
    CHECK (bad.blocks == 0 && bad.sigma[0] == 0.0, "a 100 × 100 region "
           "measured grain: %d blocks", bad.blocks);
    CHECK (sbokeh_grain_add (&bad, 1.0, TRUE, 0, &blur, out, NULL) ==
           SBOKEH_OK, "add nothing");
    CHECK (same_bytes (in, out), "no grain changed the output");
  }
  printf ("  bad arguments refused, nothing changed\n");
  g_object_unref (in);
  g_object_unref (out);
  g_object_unref (gray);
  g_object_unref (small);
}

/* The cost on 12 megapixels beside the blur, printed only.  */
static void
timing (void)
{
  GeglRectangle   all = { 0, 0, 4000, 3000 };
  const Babl     *f = babl_format ("RGB float");
  GeglBuffer     *in = gegl_buffer_new (&all, f);
  GeglBuffer     *out = gegl_buffer_new (&all, f);
  float          *px = g_new (float, (gsize) 4000 * 3000 * 3);
  SbokehGrainBlur blur = { 25.0, NULL, NULL, NULL };
  SbokehGrain     g;
  SbokehDesign    d;
  char            cpu[256] = "?";
  const char     *ext = "sse2";
  FILE           *info = fopen ("/proc/cpuinfo", "r");
  gint64          t0, t1, t2, t3, t4;
  gsize           i;
  gint            threads = 0, r;
  double          wide_mono[2], wide_colour[2];

  if (info)
    {
      char line[4096];

      while (fgets (line, sizeof line, info))
        {
          if (! strncmp (line, "model name", 10) && cpu[0] == '?')
            g_strlcpy (cpu, strchr (line, ':') + 2, sizeof cpu);
          if (strstr (line, " avx512f"))
            ext = "avx512f";
          else if (strstr (line, " avx2") && strcmp (ext, "avx512f"))
            ext = "avx2";
        }
      fclose (info);
      cpu[strcspn (cpu, "\n")] = 0;
    }
  g_object_get (gegl_config (), "threads", &threads, NULL);
  for (i = 0; i < (gsize) 4000 * 3000 * 3; i++)
    px[i] = (float) (0.4 + 0.03 * gauss ());
  gegl_buffer_set (in, &all, 0, babl_format ("R'G'B' float"), px,
                   GEGL_AUTO_ROWSTRIDE);
  design (25.0, SBOKEH_ENGINE_BOXES, &d);
  t0 = g_get_monotonic_time ();
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL,
                              NULL) == SBOKEH_OK, "apply");
  t1 = g_get_monotonic_time ();
  CHECK (sbokeh_grain_measure (in, NULL, &g) == SBOKEH_OK, "measure");
  t2 = g_get_monotonic_time ();
  CHECK (sbokeh_grain_add (&g, 1.0, FALSE, 1, &blur, out, NULL) == SBOKEH_OK,
         "add mono");
  t3 = g_get_monotonic_time ();
  CHECK (sbokeh_grain_add (&g, 1.0, TRUE, 1, &blur, out, NULL) == SBOKEH_OK,
         "add colour");
  t4 = g_get_monotonic_time ();
  for (r = 2; r <= SBOKEH_GRAIN_REACH_MAX; r += 2)
    {
      SbokehGrain wide = g;
      gint64      s0 = g_get_monotonic_time ();

      wide.reach = r;   /* the taps' values do not change the cost */
      CHECK (sbokeh_grain_add (&wide, 1.0, FALSE, 1, &blur, out, NULL) ==
             SBOKEH_OK, "add reach %d", r);
      wide_mono[r / 2 - 1] = (g_get_monotonic_time () - s0) / 1e6;
      s0 = g_get_monotonic_time ();
      CHECK (sbokeh_grain_add (&wide, 1.0, TRUE, 1, &blur, out, NULL) ==
             SBOKEH_OK, "add reach %d", r);
      wide_colour[r / 2 - 1] = (g_get_monotonic_time () - s0) / 1e6;
    }
  printf ("  timing, 4000 × 3000 RGB float, %s (%s), %d GEGL threads:\n"
          "    blur radius 25 boxes %.2f s; measure %.2f s; add mono %.2f s, "
          "colour %.2f s (reach %d); measure + add mono = %.2f × the blur\n",
          cpu, ext, threads, (t1 - t0) / 1e6,
          (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, g.reach,
          (double) (t3 - t1) / (t1 - t0));
  printf ("    add at reach 2 (grain correlated over a pixel): mono %.2f s, "
          "colour %.2f s; reach 4: mono %.2f s, colour %.2f s\n",
          wide_mono[0], wide_colour[0], wide_mono[1], wide_colour[1]);
  sbokeh_design_clear (&d);
  g_free (px);
  g_object_unref (in);
  g_object_unref (out);
}

int
main (int    argc,
      char **argv)
{
  float *clean;

  gegl_init (&argc, &argv);
  clean = smooth ();
  printf ("(a) smooth image, blurred at radius 10:\n");
  test_sigma (0.02, clean, "smooth", TRUE);
  test_sigma (0.05, clean, "smooth", TRUE);
  printf ("(b) strong edges:\n");
  test_edges ();
  printf ("(c) correlated noise:\n");
  test_spectrum ();
  printf ("(d) determinism and tiling:\n");
  test_determinism ();
  printf ("(e) weights:\n");
  test_weights ();
  printf ("(f) bad arguments:\n");
  test_arguments ();
  if (g_strcmp0 (g_getenv ("SBOKEH_GRAIN_TIMING"), "1") == 0)
    timing ();
  g_free (clean);
  gegl_exit ();
  return check_exit ("grain");
}
