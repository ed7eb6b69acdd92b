/* GeglBuffer tests: the banded, halo-reading path against a brute-force 2-D
 * convolution with clamped edges; sub-regions; cancel; alpha.  */
#include "config.h"

#include <string.h>

#include "brute-force.h"
#include "check.h"
#include "sbokeh.h"

#define FLOAT_TOLERANCE 2e-5
/* The same pixel computed in another strip or band may take another path
 * of the vector code (block or tail, FMA or not): float rounding of
 * values ≤ 1 only.  */
#define ROUNDING_TOLERANCE 1e-6

static const Babl *
rgba_pre (void)
{
  return babl_format ("RaGaBaA float");
}

static GeglBuffer *
random_buffer (int w, int h)
{
  GeglRectangle r = { 0, 0, w, h };
  GeglBuffer   *b = gegl_buffer_new (&r, rgba_pre ());
  float        *px = g_new (float, w * h * 4);
  int           j;

  for (j = 0; j < w * h; j++)
    {
      float a = 0.6f + 0.4f * (float) check_random ();

      px[j * 4 + 0] = a * (0.5f + 0.5f * (float) check_random ());
      px[j * 4 + 1] = a * (0.5f + 0.5f * (float) check_random ());
      px[j * 4 + 2] = a * (0.5f + 0.5f * (float) check_random ());
      px[j * 4 + 3] = a;
    }
  gegl_buffer_set (b, &r, 0, rgba_pre (), px, GEGL_AUTO_ROWSTRIDE);
  g_free (px);
  return b;
}

static float *
read_all (GeglBuffer *b, const GeglRectangle *r, const Babl *format)
{
  float *px = g_new (float, r->width * r->height * 4);

  gegl_buffer_get (b, r, 1.0, format, px, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return px;
}

static void
design (double radius, int rank, SbokehDesign *d)
{
  SbokehParams p;

  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;

  p.radius = radius;
  p.rank = rank;
  CHECK (sbokeh_design_run (&p, d) == SBOKEH_OK, "design");
}

static void
test_full_and_region (void)
{
  const int     w = 61, h = 47;
  GeglBuffer   *in = random_buffer (w, h);
  GeglRectangle all = { 0, 0, w, h };
  GeglRectangle roi = { 13, 20, 25, 9 };
  GeglBuffer   *out = gegl_buffer_new (&all, rgba_pre ());
  GeglBuffer   *part = gegl_buffer_new (&all, rgba_pre ());
  SbokehDesign  d;
  float        *src, *res, *res_part;
  double       *k, sum = 0.0, worst = 0.0, worst_part = 0.0, outside = 0.0;
  int           n, x, y, ch;

  design (6.5, 3, &d);
  n = d.filters.size;
  k = g_new (double, n * n);
  sbokeh_filters_reconstruct (&d.filters, k);
  for (x = 0; x < n * n; x++)
    sum += k[x];

  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL, NULL) ==
         SBOKEH_OK, "apply");
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, part, &roi, NULL, NULL, NULL) ==
         SBOKEH_OK, "apply region");
  src = read_all (in, &all, rgba_pre ());
  res = read_all (out, &all, rgba_pre ());
  res_part = read_all (part, &all, rgba_pre ());
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 4; ch++)
        {
          int    j = (y * w + x) * 4 + ch;
          double ref = brute_force_clamped_at (k, n, sum, src, w, h, x, y,
                                               ch, 4);
          gboolean in_roi = x >= roi.x && x < roi.x + roi.width &&
                            y >= roi.y && y < roi.y + roi.height;

          worst = MAX (worst, fabs (res[j] - ref));
          if (in_roi)
            worst_part = MAX (worst_part, fabs (res_part[j] - res[j]));
          else
            outside = MAX (outside, fabs (res_part[j]));
        }
  CHECK (worst < FLOAT_TOLERANCE, "max abs error vs brute force %g", worst);
  CHECK (worst_part <= ROUNDING_TOLERANCE, "region differs from full run by %g",
         worst_part);
  CHECK (outside == 0.0, "region run wrote outside the region (%g)", outside);
  printf ("  61x47 r 6.5 rank 3: max abs error vs brute force %.2e\n", worst);

  g_free (src);
  g_free (res);
  g_free (res_part);
  g_free (k);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (out);
  g_object_unref (part);
}

/* Buffers without alpha, or gray, are processed without the missing
 * channels: "RGB float" and "Y float" against the brute force.  */
static void
test_fewer_channels (const char *format_name, int channels)
{
  const int     w = 45, h = 38;
  GeglRectangle all = { 0, 0, w, h };
  const Babl   *fmt = babl_format (format_name);
  GeglBuffer   *in = gegl_buffer_new (&all, fmt);
  GeglBuffer   *out = gegl_buffer_new (&all, fmt);
  float        *src = g_new (float, w * h * channels);
  float        *res = g_new (float, w * h * channels);
  SbokehDesign  d;
  double       *k, sum = 0.0, worst = 0.0;
  int           n, x, y, ch;

  for (x = 0; x < w * h * channels; x++)
    src[x] = (float) (0.5 + 0.5 * check_random ());
  gegl_buffer_set (in, &all, 0, fmt, src, GEGL_AUTO_ROWSTRIDE);
  design (4.5, 3, &d);
  n = d.filters.size;
  k = g_new (double, n * n);
  sbokeh_filters_reconstruct (&d.filters, k);
  for (x = 0; x < n * n; x++)
    sum += k[x];
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL, NULL) ==
         SBOKEH_OK, "apply %s", format_name);
  gegl_buffer_get (out, &all, 1.0, fmt, res, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < channels; ch++)
        worst = MAX (worst,
                     fabs (res[(y * w + x) * channels + ch] -
                           brute_force_clamped_at (k, n, sum, src, w, h, x,
                                                   y, ch, channels)));
  CHECK (worst < FLOAT_TOLERANCE, "%s: max abs error vs brute force %g",
         format_name, worst);
  g_free (src);
  g_free (res);
  g_free (k);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (out);
}

typedef struct
{
  int    calls;
  double last;
  int    monotonic;
  int    stop_at;
} Progress;

static gboolean
on_progress (double fraction, gpointer data)
{
  Progress *p = data;

  p->calls++;
  p->monotonic &= fraction > p->last;
  p->last = fraction;
  return p->calls != p->stop_at;
}

/* Many bands (a wide image makes bands short): same pixels as one band of
 * sbokeh_dense_passes_region on the whole padded image; progress and
 * cancel.  */
static void
test_bands_and_cancel (void)
{
  const int         w = 20000, h = 400;
  GeglBuffer       *in = random_buffer (w, h);
  GeglRectangle     all = { 0, 0, w, h };
  GeglBuffer       *out = gegl_buffer_new (&all, rgba_pre ());
  SbokehDesign      d;
  SbokehDensePasses p;
  Progress          prog = { 0, 0.0, 1, -1 };
  float            *src, *res, *ref;
  double            worst = 0.0;
  int               c, j, band = sbokeh_apply_band_rows (w, 3);
  gint              cancel = 1;

  design (3, 2, &d);
  CHECK (band < h / 2, "band %d rows: need several bands", band);
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, on_progress, &prog,
                              NULL) == SBOKEH_OK, "apply");
  CHECK (prog.calls == (h + band - 1) / band && prog.monotonic &&
         prog.last == 1.0, "progress: %d calls, last %g", prog.calls,
         prog.last);

  sbokeh_dense_passes_prepare (&d.filters, &p);
  c = sbokeh_dense_passes_halo (&p);
  {
    GeglRectangle padded = { -c, -c, w + 2 * c, h + 2 * c };

    src = g_new (float, (gsize) padded.width * padded.height * 4);
    gegl_buffer_get (in, &padded, 1.0, rgba_pre (), src, GEGL_AUTO_ROWSTRIDE,
                     GEGL_ABYSS_CLAMP);
    ref = g_new (float, (gsize) w * h * 4);
    sbokeh_dense_passes_region (&p, 4, src, padded.width * 4, w, h, ref, w * 4);
  }
  res = read_all (out, &all, rgba_pre ());
  for (j = 0; j < w * h * 4; j++)
    worst = MAX (worst, fabs (res[j] - ref[j]));
  CHECK (worst <= ROUNDING_TOLERANCE,
         "banded result differs from one band by %g", worst);

  prog = (Progress) { 0, 0.0, 1, 1 };
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, on_progress, &prog,
                              NULL) == SBOKEH_ERROR_CANCELLED,
         "progress returning FALSE cancels");
  CHECK (prog.calls == 1, "kept going after cancel: %d calls", prog.calls);
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL, &cancel)
         == SBOKEH_ERROR_CANCELLED, "cancel flag");

  sbokeh_dense_passes_clear (&p);
  sbokeh_design_clear (&d);
  g_free (src);
  g_free (ref);
  g_free (res);
  g_object_unref (in);
  g_object_unref (out);
}

/* Premultiplied work: an opaque red area next to a fully transparent one
 * whose (invisible) colour is green.  Blurred, every visible pixel is still
 * red: no green fringe, no dark edge.  (babl premultiplies alpha 0 as
 * 1/65536 so that colour survives; that much green comes back, divided by
 * the pixel's alpha: below 1/65536 / 0.05 ≈ 3e-4 where alpha > 0.05.
 * Straight-alpha blurring would give about 0.5.)  */
#define ALPHA_VISIBLE 0.05f
#define FRINGE_TOLERANCE 1e-3
static void
test_alpha (void)
{
  const int     w = 40, h = 8;
  GeglRectangle all = { 0, 0, w, h };
  const Babl   *straight = babl_format ("RGBA float");
  GeglBuffer   *in = gegl_buffer_new (&all, straight);
  GeglBuffer   *out = gegl_buffer_new (&all, straight);
  float        *px = g_new (float, w * h * 4);
  SbokehDesign  d;
  double        fringe = 0.0, dark = 0.0, min_alpha = 1.0;
  int           j;

  for (j = 0; j < w * h; j++)
    {
      gboolean opaque = j % w < w / 2;

      px[j * 4 + 0] = opaque ? 1.0f : 0.0f;
      px[j * 4 + 1] = opaque ? 0.0f : 1.0f;
      px[j * 4 + 2] = 0.0f;
      px[j * 4 + 3] = opaque ? 1.0f : 0.0f;
    }
  gegl_buffer_set (in, &all, 0, straight, px, GEGL_AUTO_ROWSTRIDE);
  design (5, 2, &d);
  sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL, NULL, NULL);
  gegl_buffer_get (out, &all, 1.0, straight, px, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  for (j = 0; j < w * h; j++)
    if (px[j * 4 + 3] > ALPHA_VISIBLE)
      {
        fringe = MAX (fringe, fabs (px[j * 4 + 1]));
        dark = MAX (dark, fabs (px[j * 4 + 0] - 1.0));
        min_alpha = MIN (min_alpha, px[j * 4 + 3]);
      }
  CHECK (fringe < FRINGE_TOLERANCE, "green fringe %g", fringe);
  CHECK (dark < FRINGE_TOLERANCE, "red darkened by %g", dark);
  CHECK (min_alpha < 0.5, "the edge was not blurred (min alpha %g)",
         min_alpha);
  g_free (px);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (out);
}

/* Regions no memory can hold are refused with a status, not a crash:
 * "not enough memory" (g_try_malloc failed) or "too large" (the size
 * arithmetic would overflow).  The output is left alone.  */
static void
test_huge_regions (void)
{
  GeglBuffer   *in = random_buffer (16, 16);
  GeglRectangle all = { 0, 0, 16, 16 };
  GeglBuffer   *out = gegl_buffer_new (&all, rgba_pre ());
  GeglRectangle wide = { 0, 0, 1 << 30, 3 };
  GeglRectangle widest = { 0, 0, G_MAXINT - 1, 1 };
  SbokehDesign  d;
  SbokehStatus  s1, s2;

  design (30, 2, &d);
  s1 = sbokeh_apply_buffer (&d.filters, 0.0, in, out, &wide, NULL, NULL, NULL);
  s2 = sbokeh_apply_buffer (&d.filters, 0.0, in, out, &widest, NULL, NULL, NULL);
  CHECK (s1 == SBOKEH_ERROR_NO_MEMORY || s1 == SBOKEH_ERROR_OVERFLOW,
         "2^30-wide region: status %d", s1);
  CHECK (s2 == SBOKEH_ERROR_OVERFLOW, "G_MAXINT-wide region: status %d", s2);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (out);
}

/* The large-buffer allocator: refuses sizes that overflow, gives large
 * buffers aligned to a huge page (on Unix), and its memory holds what is
 * written to it.  */
static void
test_memory (void)
{
  const gsize n = SBOKEH_MEMORY_HUGE / sizeof (float) + 3, small = 100;
  float      *big = sbokeh_memory_alloc (n, sizeof (float));
  float      *little = sbokeh_memory_alloc (small, sizeof (float));
  double      sum = 0;
  gsize       i;

  CHECK (sbokeh_memory_alloc (G_MAXSIZE / 2 + 1, 2) == NULL,
         "an overflowing size gives NULL");
  CHECK (sbokeh_memory_alloc (0, sizeof (float)) == NULL,
         "zero bytes give NULL");
  CHECK (big && little, "allocations of %" G_GSIZE_FORMAT " and %"
         G_GSIZE_FORMAT " floats", n, small);
  if (! big || ! little)
    return;
#ifdef G_OS_UNIX
  CHECK ((guintptr) big % SBOKEH_MEMORY_HUGE == 0,
         "a large buffer starts on a huge page: %p", (void *) big);
#endif
  for (i = 0; i < n; i++)
    big[i] = (float) (i % 7);
  for (i = 0; i < small; i++)
    little[i] = 1.0f;
  for (i = 0; i < n; i++)
    sum += big[i];
  CHECK (sum == 3.0 * (double) (n / 7 * 7) + (double) ((n % 7) * (n % 7 - 1) / 2),
         "the large buffer holds what was written: sum %.0f", sum);
  sbokeh_memory_free (big);
  sbokeh_memory_free (little);
  sbokeh_memory_free (NULL);
}

int
main (int argc, char **argv)
{
  gegl_init (&argc, &argv);
  test_full_and_region ();
  test_fewer_channels ("RGB float", 3);
  test_fewer_channels ("Y float", 1);
  test_fewer_channels ("YaA float", 2);
  test_bands_and_cancel ();
  test_alpha ();
  test_huge_regions ();
  test_memory ();
  gegl_exit ();
  return check_exit ("apply");
}
