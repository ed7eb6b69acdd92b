/* Running-sum passes (box engine) against the dense passes with the same
 * filters (tests/reference/dense-passes-reference.h, itself tested against
 * brute force): random piecewise-constant filters of every parity,
 * designed box filters, every channel count, strip and tail; and HDR
 * values on rows and columns tens of thousands of pixels long, where float
 * running sums would fail.  */
#include "config.h"

#include <string.h>

#include "sbokeh.h"
#include "check.h"
#include "dense-passes-reference.h"

/* The bar: equal to a dense convolution with the same filters
 * within 1e-4 relative.  Measured here: ≤ 3e-7 of the output's largest
 * value on LDR data; per pixel ≤ 2e-6 of the dense value on HDR data (the
 * dense float passes' own rounding).  */
#define RELATIVE_TOLERANCE 1e-4

/* A filter of `pieces` random constant runs (symmetric when asked).  */
static void
random_boxes (double *f,
              int     n,
              int     pieces,
              int     parity)
{
  int j, c = n / 2;

  for (j = 0; j < n; j++)
    f[j] = 0.0;
  if (parity == 0)
    {
      double v = check_random () + 1.2;

      for (j = 0; j < n; j++)
        {
          if (check_random () < 2.0 * pieces / n - 1.0)
            v = check_random () + 0.8;
          f[j] = v;
        }
      return;
    }
  {
    double v = check_random () + 1.2;

    for (j = 0; j <= c; j++)
      {
        if (check_random () < 4.0 * pieces / n - 1.0)
          v = check_random () + 0.8;
        f[c + j] = v;
        f[c - j] = parity > 0 ? v : -v;
      }
    if (parity < 0)
      f[c] = 0.0;
  }
}

static double
compare (const SbokehFilters *f,
         int                  channels,
         const float         *src,
         gsize                src_stride,
         int                  w,
         int                  h,
         gboolean             per_pixel)
{
  SbokehDensePasses p;
  SbokehBoxesPasses rs;
  float            *dense = g_new (float, (gsize) w * h * channels);
  float            *boxes = g_new0 (float, (gsize) w * h * channels);
  double            worst = 0.0, top = 0.0;
  gsize             j;

  CHECK (sbokeh_dense_passes_prepare (f, &p) == SBOKEH_OK, "prepare dense");
  CHECK (sbokeh_boxes_passes_prepare (f, &rs) == SBOKEH_OK, "prepare runsums");
  CHECK (sbokeh_boxes_passes_halo (&rs) == f->size / 2, "halo");
  reference_dense_passes (&p, channels, src, src_stride, w, h,
                          dense, (gsize) w * channels);
  CHECK (sbokeh_boxes_passes_region (&rs, channels, src, src_stride, w, h,
                                     boxes, (gsize) w * channels) ==
         SBOKEH_OK, "region");
  for (j = 0; j < (gsize) w * h * channels; j++)
    top = MAX (top, fabs (dense[j]));
  for (j = 0; j < (gsize) w * h * channels; j++)
    {
      double d = fabs ((double) boxes[j] - dense[j]);

      if (! (d == d)) /* NaN */
        d = G_MAXDOUBLE;
      worst = MAX (worst, per_pixel ? d / MAX (fabs (dense[j]), 1e-30)
                                    : d / top);
    }
  sbokeh_dense_passes_clear (&p);
  sbokeh_boxes_passes_clear (&rs);
  g_free (dense);
  g_free (boxes);
  return worst;
}

static void
test_random_boxes (int size,
                   int rank,
                   int channels,
                   int w,
                   int h,
                   int parity)
{
  SbokehFilters f;
  int           c = size / 2, i, j;
  gsize         stride = ((gsize) w + 2 * c) * channels;
  float        *src = g_new (float, stride * (h + 2 * c));
  double        worst;

  sbokeh_filters_init (&f, size, rank);
  /* The first pair even (Σ K ≠ 0), the others with the parity asked
   * (−1: odd vertical, even horizontal; 1: the other way).  */
  for (i = 0; i < rank; i++)
    {
      random_boxes (f.vertical + i * size, size, 1 + i % 5,
                    i == 0 ? ABS (parity) : parity);
      random_boxes (f.horizontal + i * size, size, 2 + i % 4,
                    i == 0 ? ABS (parity) : -parity);
    }
  for (j = 0; j < (int) (stride * (h + 2 * c)); j++)
    src[j] = 0.5f + 0.5f * (float) check_random ();
  worst = compare (&f, channels, src, stride, w, h, FALSE);
  CHECK (worst <= RELATIVE_TOLERANCE,
         "random boxes size %d rank %d channels %d %dx%d parity %d: %g",
         size, rank, channels, w, h, parity, worst);
  printf ("  random boxes size %3d rank %d channels %d %4dx%-3d parity %+d: "
          "max error %.1e of the largest value\n", size, rank, channels, w,
          h, parity, worst);
  sbokeh_filters_clear (&f);
  g_free (src);
}

static void
test_designed (double radius,
               int    rank,
               int    blades,
               double rotation)
{
  SbokehParams par;
  SbokehDesign d;
  int          w = 173, h = 61, channels = 4, c, j, runs = 0;
  gsize        stride;
  float       *src;
  double       worst;

  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;

  par.radius = radius;
  par.rank = rank;
  par.engine = SBOKEH_ENGINE_BOXES;
  if (blades)
    {
      par.aperture.shape = SBOKEH_SHAPE_POLYGON;
      par.aperture.blades = blades;
      par.aperture.rotation = rotation;
    }
  CHECK (sbokeh_design_run (&par, &d) == SBOKEH_OK, "design");
  CHECK (d.filters.engine == SBOKEH_ENGINE_BOXES, "engine");
  for (j = 0; j < 2 * rank; j++)
    runs = MAX (runs, sbokeh_filters_runs (j < rank
                                           ? d.filters.vertical + j * d.filters.size
                                           : d.filters.horizontal + (j - rank) * d.filters.size,
                                           d.filters.size, NULL));
  c = d.filters.size / 2;
  stride = ((gsize) w + 2 * c) * channels;
  src = g_new (float, stride * (h + 2 * c));
  for (j = 0; j < (int) (stride * (h + 2 * c)); j++)
    src[j] = (float) (0.5 + 0.5 * check_random ());
  worst = compare (&d.filters, channels, src, stride, w, h, FALSE);
  CHECK (worst <= RELATIVE_TOLERANCE, "designed r %g rank %d: %g", radius,
         rank, worst);
  {
    SbokehBoxesPasses rs;

    /* The disk's filters have a parity: the pair kernels run; a polygon
     * rotated off its axes has none (an odd one at rotation 0 is
     * symmetric up-down only).  */
    sbokeh_boxes_passes_prepare (&d.filters, &rs);
    if (blades == 0)
      CHECK (rs.horizontal.mirrored && rs.vertical.mirrored,
             "disk filters not mirrored");
    if (rotation != 0.0)
      CHECK (! rs.horizontal.mirrored && ! rs.vertical.mirrored,
             "rotated polygon's filters mirrored");
    printf ("  designed radius %5.1f rank %d blades %2d rotation %2.0f: %d "
            "runs at most, %s, max error %.1e\n", radius, rank, blades,
            rotation, runs,
            rs.horizontal.mirrored ? (rs.vertical.mirrored ? "mirrored pairs"
                                                           : "mirrored x")
                                   : (rs.vertical.mirrored ? "mirrored y"
                                                           : "general places"),
            worst);
    sbokeh_boxes_passes_clear (&rs);
  }
  sbokeh_design_clear (&d);
  g_free (src);
}

/* HDR: dim values (0.01 … 1) with highlights of 10⁴ on a long row or
 * column, so running sums reach ~10⁶ while the output next to the
 * highlights' reach is ~0.1: per pixel, relative to the dense value.  */
static void
test_hdr (int w,
          int h)
{
  SbokehParams par;
  SbokehDesign d;
  int          channels = 3, c, x, y, ch;
  gsize        stride;
  float       *src;
  double       worst;

  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;

  par.radius = 12;
  par.rank = 3;
  par.nonneg_weight = 50.0; /* keep the output positive for a relative test */
  par.engine = SBOKEH_ENGINE_BOXES;
  CHECK (sbokeh_design_run (&par, &d) == SBOKEH_OK, "design");
  c = d.filters.size / 2;
  stride = ((gsize) w + 2 * c) * channels;
  src = g_new (float, stride * (h + 2 * c));
  for (y = 0; y < h + 2 * c; y++)
    for (x = 0; x < w + 2 * c; x++)
      for (ch = 0; ch < channels; ch++)
        {
          float v = (float) (0.01 + 0.99 * (0.5 + 0.5 * check_random ()));

          if ((w > h ? x : y) % 997 == 5)
            v = 1e4f;
          src[y * stride + (gsize) x * channels + ch] = v;
        }
  worst = compare (&d.filters, channels, src, stride, w, h, TRUE);
  CHECK (worst <= RELATIVE_TOLERANCE, "HDR %dx%d: %g", w, h, worst);
  printf ("  HDR %5dx%-5d (highlights 1e4 on 0.01 … 1): max error %.1e of "
          "each dense value\n", w, h, worst);
  sbokeh_design_clear (&d);
  g_free (src);
}

static gboolean
on_progress (double   fraction,
             gpointer data)
{
  double *last = data;

  CHECK (fraction >= *last && fraction <= 1.0, "progress %g after %g",
         fraction, *last);
  *last = fraction;
  return TRUE;
}

/* Largest difference between A and B over R, relative to B's largest
 * value (*top).  */
static double
buffers_difference (GeglBuffer          *a,
                    GeglBuffer          *b,
                    const GeglRectangle *r,
                    const Babl          *f,
                    double              *top)
{
  gsize  j, count = (gsize) r->width * r->height *
                    babl_format_get_n_components (f);
  float *pa = g_new (float, count), *pb = g_new (float, count);
  double worst = 0.0;

  gegl_buffer_get (a, r, 1.0, f, pa, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (b, r, 1.0, f, pb, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  *top = 0.0;
  for (j = 0; j < count; j++)
    *top = MAX (*top, fabs (pb[j]));
  for (j = 0; j < count; j++)
    worst = MAX (worst, fabs ((double) pa[j] - pb[j]) / *top);
  g_free (pa);
  g_free (pb);
  return worst;
}

/* Through GeglBuffers (apply.h): the stream over several bands, with a
 * region of interest and the highlight boost, equals the banded dense
 * passes with the same filters; cancel stops it.  */
static void
test_buffers (void)
{
  const int     w = 9000, h = 300;
  GeglRectangle all = { 0, 0, w, h }, roi = { 37, 11, w - 80, h - 30 };
  const Babl   *f = babl_format ("RaGaBaA float");
  GeglBuffer   *in = gegl_buffer_new (&all, f);
  GeglBuffer   *a = gegl_buffer_new (&all, f), *b = gegl_buffer_new (&all, f);
  SbokehParams  par;
  SbokehDesign  d;
  SbokehFilters dense;
  float        *row = g_new (float, (gsize) w * 4);
  double        worst = 0.0, top = 0.0, last = 0.0;
  gint          cancel = 1;
  int           x, y;

  for (y = 0; y < h; y++)
    {
      GeglRectangle line = { 0, y, w, 1 };

      for (x = 0; x < w; x++)
        {
          float alpha = (float) (0.6 + 0.4 * check_random ());

          row[x * 4 + 0] = alpha * (float) (0.5 + 0.5 * check_random ());
          row[x * 4 + 1] = alpha * (float) ((x + y) % 101 == 0 ? 6.0 : 0.3);
          row[x * 4 + 2] = alpha * (float) (0.5 + 0.5 * check_random ());
          row[x * 4 + 3] = alpha;
        }
      gegl_buffer_set (in, &line, 0, f, row, GEGL_AUTO_ROWSTRIDE);
    }
  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;
  par.radius = 20;
  par.engine = SBOKEH_ENGINE_BOXES;
  CHECK (sbokeh_design_run (&par, &d) == SBOKEH_OK, "design");
  sbokeh_filters_copy (&d.filters, &dense);
  dense.engine = SBOKEH_ENGINE_DENSE;
  CHECK (sbokeh_apply_band_rows (w, 0) < h, "one band would hold it all");

  CHECK (sbokeh_apply_buffer (&d.filters, 3.0, in, a, &roi, on_progress,
                              &last, NULL) == SBOKEH_OK, "apply boxes");
  CHECK (last == 1.0, "progress ended at %g", last);
  CHECK (sbokeh_apply_buffer (&dense, 3.0, in, b, &roi, NULL, NULL, NULL) ==
         SBOKEH_OK, "apply dense");
  worst = buffers_difference (a, b, &roi, f, &top);
  CHECK (worst <= RELATIVE_TOLERANCE, "buffers: %g", worst);
  printf ("  GeglBuffer %dx%d, region %dx%d, boost 3, several bands: max "
          "error %.1e of the largest value\n", w, h, roi.width, roi.height,
          worst);
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, a, &roi, NULL, NULL,
                              &cancel) == SBOKEH_ERROR_CANCELLED, "cancel");

  sbokeh_filters_clear (&dense);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (a);
  g_object_unref (b);
  g_free (row);
}

/* The rows a whole image's clamped edges repeat are fed as copies of one
 * row (sbokeh_boxes_stream_repeat): with a halo longer than the image
 * is tall and than a band (so the copies come in several pieces, and
 * the bottom ones touch every output row), the result still equals the
 * dense passes reading every clamped row.  */
static void
test_edges (void)
{
  const int     w = 9000, h = 90;
  GeglRectangle all = { 0, 0, w, h };
  const Babl   *f = babl_format ("RGB float");
  GeglBuffer   *in = gegl_buffer_new (&all, f);
  GeglBuffer   *a = gegl_buffer_new (&all, f), *b = gegl_buffer_new (&all, f);
  SbokehParams  par;
  SbokehDesign  d;
  SbokehFilters dense;
  gsize         j, count = (gsize) w * h * 3;
  float        *pa = g_new (float, count);
  double        worst = 0.0, top = 0.0;

  for (j = 0; j < count; j++)
    pa[j] = (float) (j % 7919 == 0 ? 50.0 : check_random ());
  gegl_buffer_set (in, &all, 0, f, pa, GEGL_AUTO_ROWSTRIDE);
  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;
  par.radius = 250;
  par.rank = 2;
  par.engine = SBOKEH_ENGINE_BOXES;
  CHECK (sbokeh_design_run (&par, &d) == SBOKEH_OK, "design r250");
  CHECK (sbokeh_apply_band_rows (w, 0) < 250,
         "the top copies would fit in one band");
  sbokeh_filters_copy (&d.filters, &dense);
  dense.engine = SBOKEH_ENGINE_DENSE;
  CHECK (sbokeh_apply_buffer (&d.filters, 0.0, in, a, NULL, NULL, NULL,
                              NULL) == SBOKEH_OK, "apply boxes");
  CHECK (sbokeh_apply_buffer (&dense, 0.0, in, b, NULL, NULL, NULL, NULL) ==
         SBOKEH_OK, "apply dense");
  worst = buffers_difference (a, b, &all, f, &top);
  CHECK (top > 0.1 && worst <= RELATIVE_TOLERANCE, "edges: %g", worst);
  printf ("  %dx%d at radius 250 (edges repeated, in pieces): max error "
          "%.1e of the largest value\n", w, h, worst);

  sbokeh_filters_clear (&dense);
  sbokeh_design_clear (&d);
  g_object_unref (in);
  g_object_unref (a);
  g_object_unref (b);
  g_free (pa);
}

static void
test_refusals (void)
{
  SbokehFilters     f;
  SbokehBoxesPasses rs;
  float             px[64] = { 0 };

  CHECK (sbokeh_boxes_passes_prepare (NULL, &rs) == SBOKEH_ERROR_ARGUMENT,
         "NULL");
  sbokeh_filters_init (&f, 3, 1);
  CHECK (sbokeh_boxes_passes_prepare (&f, &rs) == SBOKEH_ERROR_ARGUMENT,
         "zero filters");
  f.vertical[1] = f.horizontal[1] = 1.0;
  CHECK (sbokeh_boxes_passes_prepare (&f, &rs) == SBOKEH_OK, "impulse");
  CHECK (sbokeh_boxes_passes_lookups (&rs) == 2 && rs.horizontal.mirrored &&
         rs.vertical.mirrored, "an impulse: one mirrored pair per pass");
  CHECK (sbokeh_boxes_passes_region (&rs, 5, px, 5, 1, 1, px, 5) ==
         SBOKEH_ERROR_ARGUMENT, "5 channels");
  CHECK (sbokeh_boxes_passes_region (&rs, 1, px, 3, 1, 1, px, 1) == SBOKEH_OK,
         "1 pixel");
  sbokeh_boxes_passes_clear (&rs);
  sbokeh_filters_clear      (&f);
}

/* Everything above, on the CPU path in use.  */
static void
test_path (void)
{
  int parity, channels;

  for (parity = -1; parity <= 1; parity++)
    for (channels = 1; channels <= 4; channels++)
      test_random_boxes (31 + 2 * channels, 1 + channels, channels,
                         97 + 13 * channels, 23, parity);
  test_random_boxes (3, 1, 4, 1, 1, 0);
  test_random_boxes (201, 6, 3, 301, 9, 1);
  test_random_boxes (9, 5, 2, 1000, 40, -1);
  test_designed (7, 4, 0, 0);
  test_designed (25, 4, 0, 0);
  test_designed (30, 6, 0, 0);
  test_designed (20, 9, 0, 0);
  test_designed (40, 8, 6, 10);
  test_designed (18.5, 3, 5, 0);
  test_hdr (40000, 4);
  test_hdr (3, 30000);
  test_buffers ();
  test_edges ();
}

int
main (void)
{
  gegl_init (NULL, NULL);
  printf ("Running-sum passes against dense passes with the same filters\n");
  check_each_path (test_path);
  test_refusals ();
  gegl_exit ();
  return check_exit ("boxes-passes");
}
