/* sbokeh-bench: figures for the optimizer and the passes, each against a
 * baseline run in the same process.  Not a test: it asserts nothing and
 * its times vary with the machine.  Run: tools/bench.
 *
 *   1. the seed's grid (radius 25, rank 4, 9 weight pairs): our optimizer
 *      against plain gradient descent (rate 0.1, 5000 steps, SVD start);
 *   2. the design pipeline at larger radii and ranks;
 *   3. the passes on a 4000 × 3000 GeglBuffer against gegl:lens-blur on the
 *      same buffer and threads, our straightforward reference passes and a
 *      brute-force 2-D convolution (both on a crop, scaled up);
 *   4. the preview's case: a 512 × 512 region with cached filters;
 *   5. (boxes) the box engine against the dense one: loss, PSNR on a
 *      photo, time against radius next to gegl:lens-blur;
 *   6. (depth, depth.c) depth of field against the uniform blur and
 *      gegl:lens-blur with the blur map as aux.
 *
 * GEGL_THREADS=N sets the thread count (default: GEGL's, i.e. the cores);
 * SBOKEH_BENCH_QUICK=1 uses a 1000 × 750 image; SBOKEH_BENCH_RADIUS=R
 * keeps only that radius in the passes' table; SBOKEH_BENCH_RANK=N sets
 * the rank of the boxes' time table (default 4); SBOKEH_SIMD=PATH measures
 * only that CPU path (default: every path the machine runs).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aperture-pictures.h"
#include "brute-force.h"
#include "dense-passes-reference.h"
#include "depth-bench.h"
#include "load-image.h"
#include "plain-gd.h"
#include "simd-paths.h"
#include "reference-loss.h"
#include "sbokeh.h"

#define REPEATS  3

static double
now (void)
{
  return g_get_monotonic_time () * 1e-6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

static double
negative_mass (const SbokehFilters *f,
               const double        *target)
{
  SbokehQuality q;

  sbokeh_filters_quality (f, target, &q);
  return q.negative_mass;
}

static void
bench_seed_grid (void)
{
  const double  wn[] = { 0.0, 0.5, 1.5 }, wz[] = { 0.0, 0.3, 0.8 };
  SbokehKernel  k;
  SbokehFilters svd;
  int           a, b;

  sbokeh_kernel_disk (25, &k);
  sbokeh_lowrank_svd (k.data, k.size, 4, &svd, NULL);
  printf ("## Optimizer on the seed's grid: radius 25, rank 4, w2 = 1\n\n");
  printf ("| wn  | wz  | SVD loss   | plain GD loss (5000 steps) | GD time   "
          "| our loss   | evals | our time  | loss ratio | speed-up | neg. mass |\n");
  printf ("|-----|-----|------------|-----------------------------|----------"
          "|------------|-------|-----------|------------|----------|-----------|\n");
  for (a = 0; a < 3; a++)
    for (b = 0; b < 3; b++)
      {
        SbokehOptimizeOptions o = { 1.0, wn[a], wz[b],
                                    SBOKEH_EVALUATIONS_DEFAULT };
        SbokehOptimizeReport  rep;
        SbokehFilters         f;
        double                t0, gd_time, gd_loss;

        t0 = now ();
        gd_loss = plain_gradient_descent (k.data, &svd, &o);
        gd_time = now () - t0;
        sbokeh_filters_copy (&svd, &f);
        sbokeh_optimize (k.data, &f, &o, &rep);
        printf ("| %.1f | %.1f | %.4e | %.4e                  | %7.1f ms "
                "| %.4e | %5d | %6.2f ms | %10.4f | %7.0f× | %.1e |\n",
                wn[a], wz[b], rep.before.total, gd_loss, gd_time * 1e3,
                rep.after.total, rep.evaluations, rep.seconds * 1e3,
                rep.after.total / gd_loss, gd_time / rep.seconds,
                negative_mass (&f, k.data));
        sbokeh_filters_clear (&f);
      }
  printf ("\n(SVD negative mass: %.1e.)\n\n", negative_mass (&svd, k.data));
  sbokeh_filters_clear (&svd);
  sbokeh_kernel_clear (&k);
}

static void
bench_design (void)
{
  const double radii[] = { 25, 50, 200, 500 };
  const int    ranks[] = { 4, 8, 16 };
  gsize        i, j;

  printf ("## Design pipeline (default weights wn = %.1f, wz = %.1f, budget "
          "%d evaluations)\n\n", SBOKEH_NONNEG_WEIGHT_DEFAULT,
          SBOKEH_ZEROS_WEIGHT_DEFAULT, SBOKEH_EVALUATIONS_DEFAULT);
  printf ("| radius | rank | taps | SVD time  | optimize time | evals | "
          "loss before | loss after | neg. mass |\n");
  printf ("|--------|------|------|-----------|---------------|-------|"
          "-------------|------------|-----------|\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    for (j = 0; j < G_N_ELEMENTS (ranks); j++)
      {
        SbokehParams p;
        SbokehDesign d;

        if (radii[i] < 200 && ranks[j] == 16)
          continue;
        sbokeh_params_init_default (&p);
        p.engine = SBOKEH_ENGINE_DENSE;
        p.radius = radii[i];
        p.rank = ranks[j];
        if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
          continue;
        printf ("| %6.0f | %4d | %4d | %6.0f ms | %10.0f ms | %5d | "
                "%.4e  | %.4e | %.1e |\n",
                p.radius, p.rank, d.target.size, d.svd_seconds * 1e3,
                d.optimize.seconds * 1e3, d.optimize.evaluations,
                d.optimize.before.total, d.optimize.after.total,
                negative_mass (&d.filters, d.target.data));
        sbokeh_design_clear (&d);
      }
  printf ("\n");
}

/* Brute force 2-D convolution of a crop (brute-force.h), seconds per
 * output pixel.  */
static double
brute_force_per_pixel (const double *k, int n, const float *src,
                       gsize stride, int crop)
{
  float *out = g_new (float, crop * crop * 4);
  double t0 = now ();
  int    x, y, ch;

  for (y = 0; y < crop; y++)
    for (x = 0; x < crop; x++)
      for (ch = 0; ch < 4; ch++)
        out[(y * crop + x) * 4 + ch] =
          brute_force_halo_at (k, n, 1.0, src, stride, x, y, ch, 4);
  t0 = now () - t0;
  g_free (out);
  return t0 / (crop * crop);
}

/* Peak resident memory since the last reset, in MiB (Linux: VmHWM, reset
 * through /proc/self/clear_refs).  */
static void
peak_reset (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static double
status_mib (const char *key)
{
  FILE  *f = fopen ("/proc/self/status", "r");
  char   line[256];
  double kib = 0;

  while (f && fgets (line, sizeof (line), f))
    if (! strncmp (line, key, strlen (key)))
      kib = g_ascii_strtod (line + strlen (key) + 1, NULL);
  if (f)
    fclose (f);
  return kib / 1024.0;
}

static GeglBuffer *
bench_image (int w, int h, const char *format)
{
  GeglRectangle r = { 0, 0, w, h };
  const Babl   *f = babl_format (format);
  int           c = babl_format_get_n_components (f);
  GeglBuffer   *b = gegl_buffer_new (&r, f);
  float        *row = g_new (float, (gsize) w * c);
  int           x, y;

  for (y = 0; y < h; y++)
    {
      GeglRectangle line = { 0, y, w, 1 };

      for (x = 0; x < w * c; x++)
        row[x] = (float) (((x * 7 + y * 13) * 2654435761u >> 8) % 1000) /
                 1000.0f;
      gegl_buffer_set (b, &line, 0, f, row, GEGL_AUTO_ROWSTRIDE);
    }
  g_free (row);
  return b;
}

static double
time_lens_blur (GeglBuffer *in, GeglBuffer *out, double radius)
{
  GeglNode *g = gegl_node_new ();
  GeglNode *s = gegl_node_new_child (g, "operation", "gegl:buffer-source",
                                     "buffer", in, NULL);
  GeglNode *l = gegl_node_new_child (g, "operation", "gegl:lens-blur",
                                     "radius", radius, NULL);
  GeglNode *w = gegl_node_new_child (g, "operation", "gegl:write-buffer",
                                     "buffer", out, NULL);
  double    t0;

  gegl_node_link_many (s, l, w, NULL);
  t0 = now ();
  gegl_node_process (w);
  t0 = now () - t0;
  g_object_unref (g);
  return t0;
}

/* Slow paths get a shorter table: sse2 rank 4 only, scalar also only up
 * to radius 50 (a 12-megapixel run there takes tens of seconds).  */
static gboolean
path_row (SbokehSimd path,
          double     radius,
          int        rank)
{
  if (path >= SBOKEH_SIMD_AVX2)
    return TRUE;
  return rank == 4 && (path == SBOKEH_SIMD_SSE2 || radius <= 50);
}

static const char *
path_title (SbokehSimd path)
{
  switch (path)
    {
    case SBOKEH_SIMD_AVX512: return "avx512 (AVX-512, 32 × 512-bit registers)";
    case SBOKEH_SIMD_AVX2:   return "avx2 (AVX2 + FMA, 16 × 256-bit registers)";
    case SBOKEH_SIMD_SSE2:   return "sse2 (x86-64 baseline, 16 × 128-bit, no FMA)";
    default:                 return "scalar (portable C, one value at a time)";
    }
}

/* The passes on GeglBuffers, per CPU path, against gegl:lens-blur on the
 * same buffers with the same threads, our reference passes and brute
 * force (those three measured once, the first time a row needs them).  */
static void
bench_passes (int threads, gboolean quick)
{
  const int    w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const double radii[] = { 10, 25, 50, 100, 200 };
  const int    ranks[] = { 1, 2, 4, 8 };
  const int    crop_w = 500, crop_h = 375, brute_crop = 16;
  GeglBuffer  *in = bench_image (w, h, "RaGaBaA float");
  GeglBuffer  *in_rgb = bench_image (w, h, "RGB float");
  GeglBuffer  *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                      babl_format ("RaGaBaA float"));
  GeglBuffer  *out_rgb = gegl_buffer_new (gegl_buffer_get_extent (in),
                                          babl_format ("RGB float"));
  double       lens[G_N_ELEMENTS (radii)] = { 0 };
  double       ref[G_N_ELEMENTS (radii)][G_N_ELEMENTS (ranks)] = { { 0 } };
  double       brute[G_N_ELEMENTS (radii)][G_N_ELEMENTS (ranks)] = { { 0 } };
  SbokehSimd   paths[SBOKEH_SIMD_N_PATHS];
  int          n_paths = simd_paths_to_run (paths), pi;
  gsize        i, j;

  printf ("## Passes on a %d × %d float image, %d thread%s\n\n", w, h,
          threads, threads > 1 ? "s" : "");
  printf ("Ours and gegl:lens-blur run on the same GeglBuffer with GEGL's "
          "%d threads (ours: median of %d on the vector paths, 1 run on "
          "sse2 and scalar; lens-blur once above radius 50). The "
          "reference (our straightforward passes) and the brute-force 2-D "
          "convolution run on one thread on a crop, scaled to the image and "
          "divided by the thread count. MAC/s per core counts the passes' "
          "multiply-adds. Peak: resident memory added during our run.\n\n",
          threads, REPEATS);

  for (pi = 0; pi < n_paths; pi++)
    {
      const int runs = paths[pi] >= SBOKEH_SIMD_AVX2 ? REPEATS : 1;

      sbokeh_simd_set (paths[pi]);
      printf ("### Path %s\n\n", path_title (paths[pi]));
      printf ("| radius | rank | ours (RGBA) | ours (RGB) | lens-blur | "
              "÷ lens-blur (RGBA / RGB) | reference | ÷ reference | brute "
              "force | ÷ brute | GMAC/s/core | peak MiB |\n");
      printf ("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (i = 0; i < G_N_ELEMENTS (radii); i++)
        {
          const char *only = g_getenv ("SBOKEH_BENCH_RADIUS");

          if (only && g_ascii_strtod (only, NULL) != radii[i])
            continue;
          for (j = 0; j < G_N_ELEMENTS (ranks); j++)
            {
              SbokehParams  p;
              SbokehDesign  d;
              double        times[REPEATS], t, t_rgb, macs, base, peak;
              int           n, r;

              if (! path_row (paths[pi], radii[i], ranks[j]))
                continue;
              if (lens[i] == 0)
                {
                  double lens_times[REPEATS];
                  int    lens_runs = radii[i] > 50 || quick ? 1 : REPEATS;

                  for (r = 0; r < lens_runs; r++)
                    lens_times[r] = time_lens_blur (in, out, radii[i]);
                  lens[i] = median (lens_times, lens_runs);
                }

              sbokeh_params_init_default (&p);
              p.engine = SBOKEH_ENGINE_DENSE;

              p.radius = radii[i];
              p.rank = ranks[j];
              sbokeh_design_run (&p, &d);
              n = d.target.size;

              base = status_mib ("VmRSS:");
              peak_reset ();
              for (r = 0; r < runs; r++)
                {
                  double t0 = now ();

                  sbokeh_apply_buffer (&d.filters, 0.0, in, out, NULL, NULL,
                                       NULL, NULL);
                  times[r] = now () - t0;
                }
              peak = status_mib ("VmHWM:") - base;
              t = median (times, runs);
              for (r = 0; r < runs; r++)
                {
                  double t0 = now ();

                  sbokeh_apply_buffer (&d.filters, 0.0, in_rgb, out_rgb, NULL,
                                       NULL, NULL, NULL);
                  times[r] = now () - t0;
                }
              t_rgb = median (times, runs);

              if (ref[i][j] == 0)
                {
                  /* Reference and brute force on a crop of the image.  */
                  SbokehDensePasses passes;
                  GeglRectangle     crop;
                  gsize             stride;
                  float            *src, *dest;
                  double           *k, t0;
                  int               c;

                  sbokeh_dense_passes_prepare (&d.filters, &passes);
                  c = sbokeh_dense_passes_halo (&passes);
                  crop = (GeglRectangle) { -c, -c, crop_w + 2 * c,
                                           crop_h + 2 * c };
                  stride = (gsize) crop.width * 4;
                  src = g_new (float, stride * crop.height);
                  dest = g_new (float, (gsize) crop_w * crop_h * 4);
                  gegl_buffer_get (in, &crop, 1.0,
                                   babl_format ("RaGaBaA float"), src,
                                   stride * sizeof (float), GEGL_ABYSS_CLAMP);
                  t0 = now ();
                  reference_dense_passes (&passes, 4, src, stride,
                                          crop_w, crop_h, dest,
                                          crop_w * 4);
                  ref[i][j] = (now () - t0) *
                              ((double) w * h / (crop_w * crop_h)) / threads;
                  k = g_new (double, (gsize) n * n);
                  sbokeh_filters_reconstruct (&d.filters, k);
                  brute[i][j] = brute_force_per_pixel (k, n, src, stride,
                                                       radii[i] > 50
                                                       ? brute_crop / 2
                                                       : brute_crop) *
                                w * h / threads;
                  g_free (k);
                  g_free (src);
                  g_free (dest);
                  sbokeh_dense_passes_clear (&passes);
                }
              macs = 4.0 * p.rank * 2.0 * n * w * h;

              printf ("| %.0f | %d | %.3f s | %.3f s | %.3f s | %.1f× / "
                      "%.1f× | %.2f s | %.1f× | %.0f s | %.0f× | %.1f | "
                      "%.0f |\n",
                      p.radius, p.rank, t, t_rgb, lens[i], lens[i] / t,
                      lens[i] / t_rgb, ref[i][j], ref[i][j] / t, brute[i][j],
                      brute[i][j] / t, macs / t / threads / 1e9, peak);
              fflush (stdout);
              sbokeh_design_clear (&d);
            }
        }
      printf ("\n");
    }

  /* The dialog's case: a 512 × 512 region, filters already designed.  */
  printf ("## Preview: a 512 × 512 region of that image, filters cached\n\n");
  printf ("| radius | rank |");
  for (pi = 0; pi < n_paths; pi++)
    printf (" %s (median of 9) |", sbokeh_simd_name (paths[pi]));
  printf ("\n|---|---|");
  for (pi = 0; pi < n_paths; pi++)
    printf ("---|");
  printf ("\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    for (j = 2; j < 4; j++)
      {
        SbokehParams  p;
        SbokehDesign  d;
        GeglRectangle roi = { w / 2 - 256, h / 2 - 256, 512, 512 };

        sbokeh_params_init_default (&p);
        p.engine = SBOKEH_ENGINE_DENSE;

        p.radius = radii[i];
        p.rank = ranks[j];
        sbokeh_design_run (&p, &d);
        printf ("| %.0f | %d |", p.radius, p.rank);
        for (pi = 0; pi < n_paths; pi++)
          {
            double times[9];
            int    r;

            sbokeh_simd_set (paths[pi]);
            for (r = 0; r < 9; r++)
              {
                double t0 = now ();

                sbokeh_apply_buffer (&d.filters, 0.0, in, out, &roi, NULL,
                                     NULL, NULL);
                times[r] = now () - t0;
              }
            printf (" %.1f ms |", median (times, 9) * 1e3);
          }
        printf ("\n");
        fflush (stdout);
        sbokeh_design_clear (&d);
      }
  printf ("\n");
  sbokeh_simd_set (sbokeh_simd_best ());
  g_object_unref (in);
  g_object_unref (in_rgb);
  g_object_unref (out);
  g_object_unref (out_rgb);
}

/* Applies filters to the photo in (RGB float) into out, reads the result
 * into res and returns its PSNR (peak 1) against exact.  */
static double
psnr_of (const SbokehFilters *filters,
         GeglBuffer          *in,
         GeglBuffer          *out,
         float               *res,
         const float         *exact)
{
  gsize  n = (gsize) gegl_buffer_get_width (in) * gegl_buffer_get_height (in) *
             3, j;
  double mse = 0;

  sbokeh_apply_buffer (filters, 0.0, in, out, NULL, NULL, NULL, NULL);
  gegl_buffer_get (out, NULL, 1.0, babl_format ("RGB float"), res,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (j = 0; j < n; j++)
    mse += (res[j] - exact[j]) * (double) (res[j] - exact[j]);
  return 10 * log10 ((double) n / mse);
}

/* The custom apertures of the quality tables (aperture-pictures.h): a
 * 256-pixel picture, 4 × 4 samples per pixel, as test-kernel-picture
 * draws them.  */
#define QUALITY_PICTURE_SIDE    256
#define QUALITY_PICTURE_SAMPLES 4

/* The shapes of the "rank a shape needs" table: test-lowrank's sweep,
 * the plain octagon, and the custom pictures (blades < 0: picture
 * −1 − blades).  */
typedef struct
{
  const char *name;
  SbokehShape shape;
  int         blades;
  double      rotation;
} QualityShape;

static void
quality_params (const QualityShape  *shape,
                const SbokehPicture *pictures,
                double               radius,
                int                  rank,
                SbokehParams        *p)
{
  sbokeh_params_init_default (p);
  p->engine = SBOKEH_ENGINE_DENSE;
  p->radius = radius;
  p->rank = rank;
  p->aperture.shape = shape->shape;
  if (shape->shape == SBOKEH_SHAPE_POLYGON)
    {
      p->aperture.blades = shape->blades;
      p->aperture.rotation = shape->rotation;
    }
  else if (shape->shape == SBOKEH_SHAPE_CUSTOM)
    sbokeh_aperture_set_picture (&p->aperture, &pictures[-1 - shape->blades]);
  sbokeh_params_fit_rank (p);
}

/* Custom apertures at radius 25: the loss and shape error per rank (SVD
 * and optimised with the defaults), and the rank each needs for 5 %.  */
static void
bench_quality_custom (const SbokehPicture *pictures)
{
  static const QualityShape shapes[] =
  {
    { "star",    SBOKEH_SHAPE_CUSTOM, -1 - APERTURE_PICTURE_STAR,    0 },
    { "heart",   SBOKEH_SHAPE_CUSTOM, -1 - APERTURE_PICTURE_HEART,   0 },
    { "ellipse", SBOKEH_SHAPE_CUSTOM, -1 - APERTURE_PICTURE_ELLIPSE, 0 },
  };
  const int ranks[] = { 4, 8, 12, 16 };
  gsize     s, r;

  printf ("## Custom apertures at radius 25 (pictures of %d px; wn 1.5, "
          "wz 0.3, %d evaluations when optimised)\n\n",
          QUALITY_PICTURE_SIDE, SBOKEH_EVALUATIONS_DEFAULT);
  printf ("| shape | rank | shape error SVD | shape error optimised | "
          "negative mass | leakage | loss | evaluations |\n"
          "|---|---|---|---|---|---|---|---|\n");
  for (s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (r = 0; r < G_N_ELEMENTS (ranks); r++)
      {
        SbokehParams  p;
        SbokehDesign  d;
        SbokehQuality q, qs;

        quality_params (&shapes[s], pictures, 25, ranks[r], &p);
        if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
          continue;
        sbokeh_filters_quality (&d.svd, d.target.data, &qs);
        sbokeh_filters_quality (&d.filters, d.target.data, &q);
        printf ("| %s | %d | %.2f %% | %.2f %% | %.1e | %.2f %% | %.4e | %d "
                "|\n", shapes[s].name, p.rank, 100 * qs.relative_l2,
                100 * q.relative_l2, q.negative_mass, 100 * q.leakage,
                d.optimize.after.total, d.optimize.evaluations);
        sbokeh_design_clear (&d);
      }
  printf ("\n| shape | rank for 5 %% (sbokeh_lowrank_rank_for) | larger side "
          "/ 2R (the fit) |\n|---|---|---|\n");
  for (s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      SbokehParams          p;
      SbokehDesign          d;
      SbokehPictureGeometry g;

      quality_params (&shapes[s], pictures, 25, 1, &p);
      p.max_evaluations = 0;
      if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
        continue;
      sbokeh_kernel_picture_geometry (25, p.aperture.picture, &g);
      printf ("| %s | %d | %.3f |\n", shapes[s].name,
              sbokeh_lowrank_rank_for (d.singular_values, d.target.size, 0.05),
              g.fit);
      sbokeh_design_clear (&d);
    }
  printf ("\n");
}

/* The README's table: the rank a shape needs for a 5 % shape error
 * (sbokeh_lowrank_rank_for), and the optimised filters' shape error at
 * that rank (the defaults), per shape and radius.  */
static void
bench_quality_rank_needs (const SbokehPicture *pictures)
{
  static const QualityShape shapes[] =
  {
    { "disk",               SBOKEH_SHAPE_DISK,    0, 0 },
    { "hexagon",            SBOKEH_SHAPE_POLYGON, 6, 0 },
    { "hexagon rotated 15°", SBOKEH_SHAPE_POLYGON, 6, 15 },
    { "pentagon",           SBOKEH_SHAPE_POLYGON, 5, 0 },
    { "octagon",            SBOKEH_SHAPE_POLYGON, 8, 0 },
    { "star (picture)",     SBOKEH_SHAPE_CUSTOM, -1 - APERTURE_PICTURE_STAR, 0 },
    { "heart (picture)",    SBOKEH_SHAPE_CUSTOM, -1 - APERTURE_PICTURE_HEART, 0 },
    { "ellipse 1 : 2 (picture)", SBOKEH_SHAPE_CUSTOM,
      -1 - APERTURE_PICTURE_ELLIPSE, 0 },
  };
  const double radii[] = { 10, 25, 60 };
  gsize        s, r;

  printf ("## The rank a shape needs for a 5 %% shape error\n\n"
          "Passes (rank) suggested by the singular values, and the shape "
          "error of the optimised filters at that rank (default weights "
          "and budget, %d evaluations).\n\n| shape | radius 10 | radius 25 "
          "| radius 60 |\n|---|---|---|---|\n", SBOKEH_EVALUATIONS_DEFAULT);
  for (s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      printf ("| %s |", shapes[s].name);
      for (r = 0; r < G_N_ELEMENTS (radii); r++)
        {
          SbokehParams  p;
          SbokehDesign  d;
          SbokehQuality q;
          int           rank;

          quality_params (&shapes[s], pictures, radii[r], 1, &p);
          p.max_evaluations = 0;
          if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
            {
              printf (" – |");
              continue;
            }
          rank = sbokeh_lowrank_rank_for (d.singular_values, d.target.size,
                                          0.05);
          sbokeh_design_clear (&d);
          quality_params (&shapes[s], pictures, radii[r], rank, &p);
          if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
            {
              printf (" – |");
              continue;
            }
          sbokeh_filters_quality (&d.filters, d.target.data, &q);
          printf (" %d (%.1f %%) |", p.rank, 100 * q.relative_l2);
          sbokeh_design_clear (&d);
        }
      printf ("\n");
    }
  printf ("\n");
}

/* Kernel quality per shape, rank and method (plain SVD or optimised with
 * the defaults), at radius 25.  */
static void
bench_quality (void)
{
  const char *shapes[] = { "disk", "hexagon", "triangle" };
  const int   ranks[] = { 1, 2, 4, 8, 16 };
  gsize       s, r;
  int         m;

  printf ("## Kernel quality at radius 25 (wn 1.5, wz 0.3 when optimised)\n\n");
  printf ("| shape | rank | method | relative L2 | negative mass | leakage "
          "| most negative | loss |\n|---|---|---|---|---|---|---|---|\n");
  for (s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (r = 0; r < G_N_ELEMENTS (ranks); r++)
      for (m = 0; m < 2; m++)
        {
          SbokehParams  p;
          SbokehDesign  d;
          SbokehQuality q;

          sbokeh_params_init_default (&p);
          p.engine = SBOKEH_ENGINE_DENSE;

          p.radius = 25;
          p.rank = ranks[r];
          p.max_evaluations = m ? SBOKEH_EVALUATIONS_DEFAULT : 0;
          if (s > 0)
            {
              p.aperture.shape = SBOKEH_SHAPE_POLYGON;
              p.aperture.blades = s == 1 ? 6 : 3;
            }
          sbokeh_design_run (&p, &d);
          sbokeh_filters_quality (&d.filters, d.target.data, &q);
          printf ("| %s | %d | %s | %.2f %% | %.1e | %.2f %% | %.1e | %.4e |\n",
                  shapes[s], p.rank, m ? "optimised" : "SVD",
                  100 * q.relative_l2, q.negative_mass, 100 * q.leakage,
                  q.most_negative, d.optimize.after.total);
          sbokeh_design_clear (&d);
        }
  printf ("\n");

  /* Custom apertures (issue 22): the pictures, then their tables.  */
  {
    SbokehPicture pictures[3];
    float        *values[3];
    int           k;

    for (k = 0; k < 3; k++)
      {
        values[k] = aperture_picture_draw (k, QUALITY_PICTURE_SIDE,
                                           QUALITY_PICTURE_SAMPLES);
        sbokeh_picture_init (&pictures[k], QUALITY_PICTURE_SIDE,
                             QUALITY_PICTURE_SIDE, values[k]);
      }
    bench_quality_custom (pictures);
    bench_quality_rank_needs (pictures);
    for (k = 0; k < 3; k++)
      g_free (values[k]);
  }
}

/* The exact blur of an RGB float image with the target T, brute force,
 * edges clamped (brute-force.h; the reference of the photo figures).  */
static void
exact_blur (const float *src, int w, int h, const SbokehKernel *t,
            float *out)
{
  int    n = t->size, x, y, a, ch;
  double sum = 0;

  for (a = 0; a < n * n; a++)
    sum += t->data[a];
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 3; ch++)
        out[(y * w + x) * 3 + ch] =
          (float) brute_force_clamped_at (t->data, n, sum, src, w, h, x, y,
                                          ch, 3);
}

/* The darkest value of each pixel's (2 reach + 1)² square, per channel
 * (RGB; a row minimum, then a column minimum; edges clamped).  */
static void
square_min (const float *src,
            int          w,
            int          h,
            int          reach,
            float       *out)
{
  float *rows = g_new (float, (gsize) w * h * 3);
  int    x, y, ch, k;

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 3; ch++)
        {
          float m = INFINITY;

          for (k = -reach; k <= reach; k++)
            m = MIN (m, src[((gsize) y * w + CLAMP (x + k, 0, w - 1)) * 3 + ch]);
          rows[((gsize) y * w + x) * 3 + ch] = m;
        }
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 3; ch++)
        {
          float m = INFINITY;

          for (k = -reach; k <= reach; k++)
            m = MIN (m, rows[((gsize) CLAMP (y + k, 0, h - 1) * w + x) * 3 + ch]);
          out[((gsize) y * w + x) * 3 + ch] = m;
        }
  g_free (rows);
}

/* On a real photo (linear light): PSNR of the passes against the exact
 * blur with the same aperture, and, with highlight boost 7, how far the
 * output falls below the darkest input of its footprint (ringing: dark
 * rings around highlights; the boost's clamp, values.h, stops only what
 * falls below the photo's darkest value).  */
static void
bench_photo_quality (const char *photo)
{
  const double radii[] = { 8, 16 };
  const int    ranks[] = { 1, 2, 4, 8 };
  GeglBuffer  *in = load_image (photo), *out;
  const Babl  *fmt = babl_format ("RGB float");
  float       *src, *res, *exact, *local;
  int          w, h, j;
  gsize        i, r;

  if (! in)
    {
      printf ("(no photo at %s)\n\n", photo);
      return;
    }
  w = gegl_buffer_get_width (in);
  h = gegl_buffer_get_height (in);
  src = g_new (float, (gsize) w * h * 3);
  res = g_new (float, (gsize) w * h * 3);
  exact = g_new (float, (gsize) w * h * 3);
  local = g_new (float, (gsize) w * h * 3);
  gegl_buffer_get (in, NULL, 1.0, fmt, src, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  out = gegl_buffer_new (gegl_buffer_get_extent (in), fmt);

  printf ("## On a photo (%s, %d × %d, linear light)\n\n", photo, w, h);
  printf ("PSNR against the exact blur with the same disk (peak 1), and, "
          "with highlight boost 7, the most any output falls below the "
          "darkest input of its footprint (negative: dark rings).\n\n");
  printf ("| radius | rank | PSNR SVD | PSNR optimised | undershoot SVD | "
          "undershoot optimised |\n|---|---|---|---|---|---|\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    {
      SbokehKernel t;

      sbokeh_kernel_disk (radii[i], &t);
      exact_blur (src, w, h, &t, exact);
      square_min (src, w, h, (int) ceil (radii[i]), local);
      for (r = 0; r < G_N_ELEMENTS (ranks); r++)
        {
          double psnr[2], under[2];
          int    m;

          for (m = 0; m < 2; m++)
            {
              SbokehParams p;
              SbokehDesign d;
              double       lo = 1e30;

              sbokeh_params_init_default (&p);
              p.engine = SBOKEH_ENGINE_DENSE;

              p.radius = radii[i];
              p.rank = ranks[r];
              p.max_evaluations = m ? SBOKEH_EVALUATIONS_DEFAULT : 0;
              sbokeh_design_run (&p, &d);
              psnr[m] = psnr_of (&d.filters, in, out, res, exact);
              sbokeh_apply_buffer (&d.filters, 7.0, in, out, NULL, NULL,
                                   NULL, NULL);
              gegl_buffer_get (out, NULL, 1.0, fmt, res, GEGL_AUTO_ROWSTRIDE,
                               GEGL_ABYSS_NONE);
              for (j = 0; j < w * h * 3; j++)
                lo = MIN (lo, res[j] - local[j]);
              under[m] = lo;
              sbokeh_design_clear (&d);
            }
          printf ("| %.0f | %d | %.1f dB | %.1f dB | %.2e | %.2e |\n",
                  radii[i], ranks[r], psnr[0], psnr[1], under[0], under[1]);
          fflush (stdout);
        }
      sbokeh_kernel_clear (&t);
    }
  printf ("\n");
  g_free (src);
  g_free (res);
  g_free (exact);
  g_free (local);
  g_object_unref (in);
  g_object_unref (out);
}

/* The box engine's design against the dense one it starts from: loss
 * (recomputed here from the expanded filters), pieces, time.  */
static void
bench_boxes_design (void)
{
  const double radii[] = { 10, 25, 50, 100, 200 };
  const int    ranks[] = { 4, 8 };
  gsize        i, j;

  printf ("## Box engine: design (weights 1, 1.5, 0.3)\n\n");
  printf ("The loss of both engines' filters, recomputed from the printed "
          "per-tap filters; boxes: after the fit (dynamic programming on "
          "each dense filter) and after optimising values and "
          "breakpoints.\n\n");
  printf ("| radius | rank | dense loss | boxes: fit | boxes: final | "
          "÷ dense | pieces | moves | evaluations | dense time | boxes time "
          "|\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    for (j = 0; j < G_N_ELEMENTS (ranks); j++)
      {
        SbokehParams          p;
        SbokehDesign          d;
        SbokehOptimizeOptions o;
        SbokehLoss            dense, boxes;

        sbokeh_params_init_default (&p);
        p.engine = SBOKEH_ENGINE_DENSE;

        p.radius = radii[i];
        p.rank = ranks[j];
        p.engine = SBOKEH_ENGINE_BOXES;
        if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
          continue;
        o = (SbokehOptimizeOptions) { p.l2_weight, p.nonneg_weight,
                                      p.zeros_weight, p.max_evaluations };
        sbokeh_optimize_loss (d.target.data, &d.dense, &o, &dense, NULL, NULL);
        sbokeh_optimize_loss (d.target.data, &d.filters, &o, &boxes, NULL,
                              NULL);
        printf ("| %.0f | %d | %.4e | %.4e | %.4e | %.3f | %d | %d | %d | "
                "%.0f ms | %.0f ms |\n",
                p.radius, p.rank, dense.total, d.boxes.fitted.total,
                boxes.total, boxes.total / dense.total, d.boxes.pieces,
                d.boxes.moves, d.boxes.evaluations,
                (d.optimize.seconds + d.svd_seconds) * 1e3,
                d.boxes.seconds * 1e3);
        fflush (stdout);
        sbokeh_design_clear (&d);
      }
  printf ("\n");
}

/* Both engines on the photo: PSNR against the exact blur with the same
 * disk.  */
static void
bench_boxes_photo (const char *photo)
{
  const double radii[] = { 16, 32 };
  const int    ranks[] = { 4, 8 };
  GeglBuffer  *in = load_image (photo), *out;
  const Babl  *fmt = babl_format ("RGB float");
  float       *src, *res, *exact;
  int          w, h;
  gsize        i, r;

  if (! in)
    return;
  w = gegl_buffer_get_width (in);
  h = gegl_buffer_get_height (in);
  src = g_new (float, (gsize) w * h * 3);
  res = g_new (float, (gsize) w * h * 3);
  exact = g_new (float, (gsize) w * h * 3);
  gegl_buffer_get (in, NULL, 1.0, fmt, src, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  out = gegl_buffer_new (gegl_buffer_get_extent (in), fmt);

  printf ("## Box engine: on the photo (%s, %d × %d, linear light)\n\n",
          photo, w, h);
  printf ("PSNR against the exact blur with the same disk (peak 1), default "
          "weights.\n\n| radius | rank | PSNR dense | PSNR boxes |\n"
          "|---|---|---|---|\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    {
      SbokehKernel t;

      sbokeh_kernel_disk (radii[i], &t);
      exact_blur (src, w, h, &t, exact);
      for (r = 0; r < G_N_ELEMENTS (ranks); r++)
        {
          double psnr[2];
          int    m;

          for (m = 0; m < 2; m++)
            {
              SbokehParams p;
              SbokehDesign d;

              sbokeh_params_init_default (&p);
              p.engine = SBOKEH_ENGINE_DENSE;

              p.radius = radii[i];
              p.rank = ranks[r];
              p.engine = m ? SBOKEH_ENGINE_BOXES : SBOKEH_ENGINE_DENSE;
              sbokeh_design_run (&p, &d);
              psnr[m] = psnr_of (&d.filters, in, out, res, exact);
              sbokeh_design_clear (&d);
            }
          printf ("| %.0f | %d | %.1f dB | %.1f dB |\n", radii[i], ranks[r],
                  psnr[0], psnr[1]);
          fflush (stdout);
        }
      sbokeh_kernel_clear (&t);
    }
  printf ("\n");
  g_free (src);
  g_free (res);
  g_free (exact);
  g_object_unref (in);
  g_object_unref (out);
}

/* Time against radius, per CPU path: both engines and gegl:lens-blur
 * (measured once), same buffers and threads.  */
static void
bench_boxes_time (int threads, gboolean quick)
{
  const int    w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const double radii[] = { 10, 25, 50, 100, 200 };
  const char  *rank_env = g_getenv ("SBOKEH_BENCH_RANK");
  const int    rank = rank_env ? atoi (rank_env) : 4;
  GeglBuffer  *in = bench_image (w, h, "RaGaBaA float");
  GeglBuffer  *in_rgb = bench_image (w, h, "RGB float");
  GeglBuffer  *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                      babl_format ("RaGaBaA float"));
  GeglBuffer  *out_rgb = gegl_buffer_new (gegl_buffer_get_extent (in),
                                          babl_format ("RGB float"));
  double       lens[G_N_ELEMENTS (radii)] = { 0 };
  SbokehSimd   paths[SBOKEH_SIMD_N_PATHS];
  int          n_paths = simd_paths_to_run (paths), pi;
  gsize        i;

  printf ("## Box engine: time against radius, %d × %d float, rank %d, "
          "%d thread%s\n\n", w, h, rank, threads, threads > 1 ? "s" : "");
  printf ("Median of %d (1 run on sse2 and scalar; lens-blur: once above "
          "radius 50). Multiply-adds per output value, both passes, all "
          "pairs: boxes (one per mirrored pair of lookups and filter) and "
          "dense (taps).\n\n", REPEATS);
  for (pi = 0; pi < n_paths; pi++)
    {
      const int runs = paths[pi] >= SBOKEH_SIMD_AVX2 ? REPEATS : 1;

      sbokeh_simd_set (paths[pi]);
      printf ("### Path %s\n\n", path_title (paths[pi]));
      printf ("| radius | lens-blur | dense RGBA | boxes RGBA | boxes RGB | "
              "÷ lens-blur (boxes RGBA / RGB) | ÷ dense | boxes MAC | "
              "dense MAC |\n|---|---|---|---|---|---|---|---|---|\n");
      for (i = 0; i < G_N_ELEMENTS (radii); i++)
        {
          SbokehParams      p;
          SbokehDesign      dense, boxes;
          SbokehBoxesPasses rs;
          double            times[REPEATS], td, tb, tb_rgb;
          int               r;
          const char       *only = g_getenv ("SBOKEH_BENCH_RADIUS");

          if (only && g_ascii_strtod (only, NULL) != radii[i])
            continue;
          if (paths[pi] == SBOKEH_SIMD_SCALAR && radii[i] > 50)
            continue;
          if (lens[i] == 0)
            {
              int lens_runs = radii[i] > 50 || quick ? 1 : REPEATS;

              for (r = 0; r < lens_runs; r++)
                times[r] = time_lens_blur (in, out, radii[i]);
              lens[i] = median (times, lens_runs);
            }

          sbokeh_params_init_default (&p);
          p.engine = SBOKEH_ENGINE_DENSE;

          p.radius = radii[i];
          p.rank = rank;
          sbokeh_design_run (&p, &dense);
          p.engine = SBOKEH_ENGINE_BOXES;
          sbokeh_design_run (&p, &boxes);

#define TIME(design, input, output, result)                               \
          for (r = 0; r < runs; r++)                                      \
            {                                                             \
              double t0 = now ();                                         \
                                                                          \
              sbokeh_apply_buffer (&(design).filters, 0.0, input, output, \
                                   NULL, NULL, NULL, NULL);               \
              times[r] = now () - t0;                                     \
            }                                                             \
          result = median (times, runs);
          TIME (dense, in, out, td);
          TIME (boxes, in, out, tb);
          TIME (boxes, in_rgb, out_rgb, tb_rgb);
#undef TIME
          sbokeh_boxes_passes_prepare (&boxes.filters, &rs);
          printf ("| %.0f | %.3f s | %.3f s | %.3f s | %.3f s | %.1f× / "
                  "%.1f× | %.1f× | %d | %d |\n",
                  p.radius, lens[i], td, tb, tb_rgb, lens[i] / tb,
                  lens[i] / tb_rgb, td / tb,
                  sbokeh_boxes_passes_lookups (&rs),
                  2 * rank * dense.target.size);
          fflush (stdout);
          sbokeh_boxes_passes_clear (&rs);
          sbokeh_design_clear (&dense);
          sbokeh_design_clear (&boxes);
        }
      printf ("\n");
    }
  sbokeh_simd_set (sbokeh_simd_best ());
  g_object_unref (in);
  g_object_unref (in_rgb);
  g_object_unref (out);
  g_object_unref (out_rgb);
}

/* Radius 200 against radius 25 with the box engine, the two applied in
 * turn (FLAT_ROUNDS rounds, same buffers), so that a drift in the
 * machine's speed (shared hosts vary by 10–30 % from minute to minute)
 * falls on both alike: the ratio of each round, and of the fastest runs.  */
#define FLAT_ROUNDS 9

static void
bench_boxes_flat (int threads, gboolean quick)
{
  const int    w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const double radii[2] = { 25, 200 };
  const char  *formats[2] = { "RaGaBaA float", "RGB float" };
  const char  *names[2] = { "RGBA", "RGB" };
  SbokehSimd   paths[SBOKEH_SIMD_N_PATHS];
  int          n_paths = simd_paths_to_run (paths), pi, f;

  printf ("## Box engine: radius 200 against radius 25, %d × %d float, "
          "rank 4, %d thread%s\n\n", w, h, threads, threads > 1 ? "s" : "");
  printf ("The two radii applied in turn, %d rounds: median and fastest "
          "time of each, median of the rounds' ratios (the vector paths).\n\n",
          FLAT_ROUNDS);
  printf ("| path | image | radius 25 (median / fastest) | radius 200 (median "
          "/ fastest) | ratio: median of rounds | ratio: fastest |\n"
          "|---|---|---|---|---|---|\n");
  for (pi = 0; pi < n_paths; pi++)
    for (f = 0; paths[pi] >= SBOKEH_SIMD_AVX2 && f < 2; f++)
      {
        GeglBuffer  *in = bench_image (w, h, formats[f]);
        GeglBuffer  *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                            babl_format (formats[f]));
        SbokehDesign designs[2];
        double       t[2][FLAT_ROUNDS], ratio[FLAT_ROUNDS], fast[2];
        int          k, r;

        sbokeh_simd_set (paths[pi]);
        for (k = 0; k < 2; k++)
          {
            SbokehParams p;

            sbokeh_params_init_default (&p);
            p.engine = SBOKEH_ENGINE_DENSE;

            p.radius = radii[k];
            p.rank = 4;
            p.engine = SBOKEH_ENGINE_BOXES;
            sbokeh_design_run (&p, &designs[k]);
            /* One untimed run each: the strips' state gets mapped.  */
            sbokeh_apply_buffer (&designs[k].filters, 0.0, in, out,
                                 NULL, NULL, NULL, NULL);
          }
        for (r = 0; r < FLAT_ROUNDS; r++)
          {
            for (k = 0; k < 2; k++)
              {
                double t0 = now ();

                sbokeh_apply_buffer (&designs[k].filters, 0.0, in, out,
                                     NULL, NULL, NULL, NULL);
                t[k][r] = now () - t0;
              }
            ratio[r] = t[1][r] / t[0][r];
          }
        for (k = 0; k < 2; k++)
          {
            fast[k] = t[k][0];
            for (r = 1; r < FLAT_ROUNDS; r++)
              fast[k] = MIN (fast[k], t[k][r]);
          }
        printf ("| %s | %s | %.3f / %.3f s | %.3f / %.3f s | %.2f | %.2f |\n",
                sbokeh_simd_name (paths[pi]), names[f],
                median (t[0], FLAT_ROUNDS), fast[0],
                median (t[1], FLAT_ROUNDS), fast[1],
                median (ratio, FLAT_ROUNDS), fast[1] / fast[0]);
        fflush (stdout);
        for (k = 0; k < 2; k++)
          sbokeh_design_clear (&designs[k]);
        g_object_unref (in);
        g_object_unref (out);
      }
  printf ("\n");
  sbokeh_simd_set (sbokeh_simd_best ());
}

/* The CPU-paths issue's bars, each as a ratio of runs made in turn (so
 * that a shared host's drift falls on both sides alike), median of the
 * rounds: dense rank 4 radius 50 and boxes rank 4 radius 100 against
 * gegl:lens-blur at the same radius, threads and buffer (RGBA and RGB),
 * boxes radius 200 against radius 25; the preview's 512 × 512 region at
 * radius 50 (median of 9) and the design at radius 200 rank 8.  */
#define BAR_ROUNDS 5

static double
apply_seconds (const SbokehDesign *d,
               GeglBuffer         *in,
               GeglBuffer         *out,
               const GeglRectangle *roi)
{
  double t0 = now ();

  sbokeh_apply_buffer (&d->filters, 0.0, in, out, roi, NULL, NULL, NULL);
  return now () - t0;
}

static void
bench_bars (int threads, gboolean quick)
{
  const int     w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const char   *formats[2] = { "RaGaBaA float", "RGB float" };
  SbokehSimd    paths[SBOKEH_SIMD_N_PATHS];
  int           n_paths = simd_paths_to_run (paths), pi, f, r;
  GeglBuffer   *in[2], *out[2];
  GeglRectangle roi = { w / 2 - 256, h / 2 - 256, 512, 512 };

  printf ("## The bars, %d × %d float, %d thread%s: ratios of runs made in "
          "turn, median of %d rounds\n\n", w, h, threads,
          threads > 1 ? "s" : "", BAR_ROUNDS);
  printf ("| path | image | dense r50 rank 4 | lens-blur r50 | ÷ | boxes r100 "
          "rank 4 | lens-blur r100 | ÷ | boxes r200 ÷ r25 | preview r50 | "
          "design r200 rank 8 |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (f = 0; f < 2; f++)
    {
      in[f] = bench_image (w, h, formats[f]);
      out[f] = gegl_buffer_new (gegl_buffer_get_extent (in[f]),
                                babl_format (formats[f]));
    }
  for (pi = 0; pi < n_paths; pi++)
    {
      SbokehParams p;
      SbokehDesign d50, b100, b25, b200;
      double       design = 0.0;

      if (paths[pi] < SBOKEH_SIMD_SSE2)
        continue;
      sbokeh_simd_set (paths[pi]);
      sbokeh_params_init_default (&p);
      p.rank = 4;
      p.engine = SBOKEH_ENGINE_DENSE;
      p.radius = 50;
      sbokeh_design_run (&p, &d50);
      p.engine = SBOKEH_ENGINE_BOXES;
      p.radius = 100;
      sbokeh_design_run (&p, &b100);
      p.radius = 25;
      sbokeh_design_run (&p, &b25);
      p.radius = 200;
      sbokeh_design_run (&p, &b200);
      for (r = 0; r < 3; r++)
        {
          SbokehDesign big;
          double       t0 = now ();

          p.radius = 200;
          p.rank = 8;
          p.engine = SBOKEH_ENGINE_DENSE;
          sbokeh_design_run (&p, &big);
          t0 = now () - t0;
          design = r == 0 ? t0 : MIN (design, t0);
          sbokeh_design_clear (&big);
        }
      for (f = 0; f < 2; f++)
        {
          double dense[BAR_ROUNDS], lens50[BAR_ROUNDS], q50[BAR_ROUNDS];
          double boxes[BAR_ROUNDS], lens100[BAR_ROUNDS], q100[BAR_ROUNDS];
          double flat[BAR_ROUNDS], preview[9];

          /* Untimed: the bands and rings get mapped.  */
          apply_seconds (&d50, in[f], out[f], NULL);
          apply_seconds (&b100, in[f], out[f], NULL);
          for (r = 0; r < BAR_ROUNDS; r++)
            {
              double t25, t200;

              dense[r] = apply_seconds (&d50, in[f], out[f], NULL);
              lens50[r] = time_lens_blur (in[f], out[f], 50);
              q50[r] = lens50[r] / dense[r];
              boxes[r] = apply_seconds (&b100, in[f], out[f], NULL);
              lens100[r] = time_lens_blur (in[f], out[f], 100);
              q100[r] = lens100[r] / boxes[r];
              t25 = apply_seconds (&b25, in[f], out[f], NULL);
              t200 = apply_seconds (&b200, in[f], out[f], NULL);
              flat[r] = t200 / t25;
            }
          for (r = 0; r < 9; r++)
            preview[r] = apply_seconds (&d50, in[0], out[0], &roi);
          printf ("| %s | %s | %.3f s | %.3f s | **%.1f×** | %.3f s | "
                  "%.3f s | **%.1f×** | %.2f | %.1f ms | %.0f ms |\n",
                  sbokeh_simd_name (paths[pi]), f ? "RGB" : "RGBA",
                  median (dense, BAR_ROUNDS), median (lens50, BAR_ROUNDS),
                  median (q50, BAR_ROUNDS), median (boxes, BAR_ROUNDS),
                  median (lens100, BAR_ROUNDS), median (q100, BAR_ROUNDS),
                  median (flat, BAR_ROUNDS), median (preview, 9) * 1e3,
                  design * 1e3);
          fflush (stdout);
        }
      sbokeh_design_clear (&d50);
      sbokeh_design_clear (&b100);
      sbokeh_design_clear (&b25);
      sbokeh_design_clear (&b200);
    }
  printf ("\n");
  sbokeh_simd_set (sbokeh_simd_best ());
  for (f = 0; f < 2; f++)
    {
      g_object_unref (in[f]);
      g_object_unref (out[f]);
    }
}

/* The CPU and what it has, and the paths this build can run there.  */
static void
print_machine (void)
{
  FILE       *f = fopen ("/proc/cpuinfo", "r");
  char        line[512];
  gchar      *model = NULL;
  SbokehSimd  active;
  int         p;

  while (f && ! model && fgets (line, sizeof (line), f))
    if (! strncmp (line, "model name", 10) && strchr (line, ':'))
      model = g_strstrip (g_strdup (strchr (line, ':') + 1));
  if (f)
    fclose (f);
  printf ("CPU: %s; vector extensions:", model ? model : "unknown");
#if defined(__x86_64__)
  __builtin_cpu_init ();
  printf ("%s%s%s%s",
          __builtin_cpu_supports ("avx512f") ? " avx512f" : "",
          __builtin_cpu_supports ("avx2") ? " avx2" : "",
          __builtin_cpu_supports ("fma") ? " fma" : "", " sse2");
#else
  printf (" (not x86-64)");
#endif
  printf ("; paths:");
  for (p = SBOKEH_SIMD_N_PATHS - 1; p >= 0; p--)
    if (sbokeh_simd_supported ((SbokehSimd) p))
      printf (" %s", sbokeh_simd_name ((SbokehSimd) p));
  if (sbokeh_simd_active (&active) != SBOKEH_OK)
    printf (" (SBOKEH_SIMD refused)");
  printf ("; auto: %s\n\n", sbokeh_simd_name (sbokeh_simd_best ()));
  g_free (model);
}

/* Each vector kernel alone on one thread, per path, against the scalar
 * path and (the passes) our straightforward reference passes with the
 * same filters: the dense passes at radius 50 and the box passes at
 * radius 100 on a 512 × 384 RGBA array, 100 evaluations of the loss and
 * its gradient at radius 100 rank 4, and a whole design at radius 200
 * rank 8.  Fastest of 3.  */
static void
bench_kernels (void)
{
  enum { KW = 512, KH = 384, C = 4, N_KERNELS = 4 };
  const char *names[N_KERNELS] = {
    "dense passes, radius 50, rank 4", "box passes, radius 100, rank 4",
    "loss + gradient ×100, radius 100, rank 4",
    "design, radius 200, rank 8 (dense)" };
  SbokehSimd   paths[SBOKEH_SIMD_N_PATHS];
  int          n_paths = simd_paths_to_run (paths), pi, k;
  double       t[N_KERNELS][SBOKEH_SIMD_N_PATHS] = { { 0 } };
  double       ref[N_KERNELS] = { 0 }, scalar[N_KERNELS] = { 0 };
  SbokehParams p;
  SbokehDesign dense50, boxes100, dense100;

  printf ("## Kernels per CPU path, one thread (fastest of 3)\n\n");
  sbokeh_params_init_default (&p);
  p.engine = SBOKEH_ENGINE_DENSE;
  p.radius = 50;
  p.rank = 4;
  sbokeh_design_run (&p, &dense50);
  p.radius = 100;
  sbokeh_design_run (&p, &dense100);
  p.engine = SBOKEH_ENGINE_BOXES;
  sbokeh_design_run (&p, &boxes100);

  for (pi = 0; pi < n_paths; pi++)
    for (k = 0; k < N_KERNELS; k++)
      {
        const SbokehDesign   *d = k == 0 ? &dense50 : k == 1 ? &boxes100
                                                             : &dense100;
        SbokehOptimizeOptions o = { 1.0, SBOKEH_NONNEG_WEIGHT_DEFAULT,
                                    SBOKEH_ZEROS_WEIGHT_DEFAULT, 0 };
        SbokehDensePasses passes = { 0 };
        SbokehBoxesPasses rs = { 0 };
        int               halo = d->filters.size / 2, r, e;
        gsize             stride = (gsize) (KW + 2 * halo) * C;
        float            *src = NULL, *dest = NULL;
        double           *gu = NULL, *gv = NULL;

        sbokeh_simd_set (paths[pi]);
        if (k < 2)
          {
            src = g_new (float, stride * (KH + 2 * halo));
            dest = g_new (float, (gsize) KW * KH * C);
            for (gsize j = 0; j < stride * (KH + 2 * halo); j++)
              src[j] = (float) ((j * 2654435761u >> 8) % 1000) / 1000.0f;
          }
        if (k == 0)
          sbokeh_dense_passes_prepare (&d->filters, &passes);
        else if (k == 1)
          sbokeh_boxes_passes_prepare (&d->filters, &rs);
        else if (k == 2)
          {
            gu = g_new (double, (gsize) d->filters.rank * d->filters.size);
            gv = g_new (double, (gsize) d->filters.rank * d->filters.size);
          }
        for (r = 0; r < 3; r++)
          {
            double t0 = now (), dt;

            if (k == 0)
              sbokeh_dense_passes_region (&passes, C, src, stride, KW, KH, dest,
                                          (gsize) KW * C);
            else if (k == 1)
              sbokeh_boxes_passes_region (&rs, C, src, stride, KW, KH, dest,
                                          (gsize) KW * C);
            else if (k == 2)
              for (e = 0; e < 100; e++)
                {
                  SbokehLoss loss;

                  sbokeh_optimize_loss (d->target.data, &d->filters, &o, &loss,
                                        gu, gv);
                }
            else
              {
                SbokehDesign big;

                p.radius = 200;
                p.rank = 8;
                p.engine = SBOKEH_ENGINE_DENSE;
                sbokeh_design_run (&p, &big);
                sbokeh_design_clear (&big);
              }
            dt = now () - t0;
            t[k][pi] = r == 0 ? dt : MIN (t[k][pi], dt);
          }
        if (paths[pi] == SBOKEH_SIMD_SCALAR)
          scalar[k] = t[k][pi];
        if (k == 2 && ref[k] == 0)
          {
            /* The loss and gradient the obvious way (reference-loss.h).  */
            double t0 = now ();

            for (e = 0; e < 100; e++)
              reference_loss (d->target.data, &d->filters, &o, gu, gv);
            ref[k] = now () - t0;
          }
        if (k < 2 && ref[k] == 0)
          {
            /* The reference passes with the same filters.  */
            SbokehDensePasses plain;
            double            t0 = now ();

            sbokeh_dense_passes_prepare (&d->filters, &plain);
            reference_dense_passes (&plain, C, src, stride, KW, KH,
                                    dest, (gsize) KW * C);
            ref[k] = now () - t0;
            sbokeh_dense_passes_clear (&plain);
          }
        sbokeh_dense_passes_clear (&passes);
        sbokeh_boxes_passes_clear (&rs);
        g_free (src);
        g_free (dest);
        g_free (gu);
        g_free (gv);
      }
  sbokeh_simd_set (sbokeh_simd_best ());

  printf ("Each cell: time, then ÷ the scalar path and ÷ the reference "
          "(the straightforward passes with the same filters; the loss from "
          "the full K and G, tests/reference/reference-loss.h).\n\n| kernel |");
  for (pi = 0; pi < n_paths; pi++)
    printf (" %s |", sbokeh_simd_name (paths[pi]));
  printf (" reference |\n|---|");
  for (pi = 0; pi < n_paths; pi++)
    printf ("---|");
  printf ("---|\n");
  for (k = 0; k < N_KERNELS; k++)
    {
      printf ("| %s |", names[k]);
      for (pi = 0; pi < n_paths; pi++)
        {
          printf (" %.1f ms", t[k][pi] * 1e3);
          if (scalar[k] > 0)
            printf (" (%.1f×", scalar[k] / t[k][pi]);
          if (ref[k] > 0)
            printf ("%s%.1f× ref.", scalar[k] > 0 ? ", " : " (",
                    ref[k] / t[k][pi]);
          printf ("%s |", scalar[k] > 0 || ref[k] > 0 ? ")" : "");
        }
      if (ref[k] > 0)
        printf (" %.1f ms |\n", ref[k] * 1e3);
      else
        printf (" – |\n");
    }
  printf ("\n");
  sbokeh_design_clear (&dense50);
  sbokeh_design_clear (&dense100);
  sbokeh_design_clear (&boxes100);
}

/* What taking the values costs (values.h: the check for NaN, Inf and huge
 * values, and with boost the expansion and compression), against the
 * cheapest passes it precedes, run in turn: boxes at radius 25 and dense at
 * radius 50, rank 4, per CPU path (the passes' kernels change with it; the
 * values' loop is the compiler's, the same on every path).  */
static void
bench_values (int threads, gboolean quick)
{
  const int     w = quick ? 1000 : 4000, h = quick ? 750 : 3000;
  const char   *formats[2] = { "RaGaBaA float", "RGB float" };
  const int     channels[2] = { 4, 3 };
  SbokehSimd    paths[SBOKEH_SIMD_N_PATHS];
  int           n_paths = simd_paths_to_run (paths), pi, f, r;

  printf ("## Taking the values, %d × %d float, %d thread%s: best of %d "
          "rounds in turn\n\n", w, h, threads, threads > 1 ? "s" : "",
          BAR_ROUNDS);
  printf ("| path | image | take | take + give, boost 7 | boxes r25 rank 4 "
          "| take ÷ boxes | dense r50 rank 4 | take ÷ dense |\n"
          "|---|---|---|---|---|---|---|---|\n");
  for (f = 0; f < 2; f++)
    {
      GeglBuffer       *in = bench_image (w, h, formats[f]);
      GeglBuffer       *out = gegl_buffer_new (gegl_buffer_get_extent (in),
                                               babl_format (formats[f]));
      gsize             n = (gsize) w * h * channels[f];
      float            *px = g_new (float, n), *work = g_new (float, n);
      SbokehValuesRange range;

      gegl_buffer_get (in, NULL, 1.0, babl_format (formats[f]), px,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      for (pi = 0; pi < n_paths; pi++)
        {
          SbokehParams p;
          SbokehDesign boxes, dense;
          double       take = 1e30, boost = 1e30, tb = 1e30, td = 1e30, t;

          sbokeh_simd_set (paths[pi]);
          sbokeh_params_init_default (&p);
          p.rank = 4;
          p.radius = 25;
          p.engine = SBOKEH_ENGINE_BOXES;
          sbokeh_design_run (&p, &boxes);
          p.radius = 50;
          p.engine = SBOKEH_ENGINE_DENSE;
          sbokeh_design_run (&p, &dense);
          for (r = 0; r < BAR_ROUNDS; r++)
            {
              memcpy (work, px, n * sizeof (float));
              t = now ();
              sbokeh_values_take (work, (gsize) w * channels[f], w, h,
                                  channels[f], 0.0, NULL);
              take = MIN (take, now () - t);
              memcpy (work, px, n * sizeof (float));
              sbokeh_values_range_init (&range);
              t = now ();
              sbokeh_values_take (work, (gsize) w * channels[f], w, h,
                                  channels[f], 7.0, &range);
              sbokeh_values_give (work, (gsize) w * channels[f], w, h,
                                  channels[f], 7.0, &range);
              boost = MIN (boost, now () - t);
              t = now ();
              sbokeh_apply_buffer (&boxes.filters, 0.0, in, out, NULL, NULL,
                                   NULL, NULL);
              tb = MIN (tb, now () - t);
              t = now ();
              sbokeh_apply_buffer (&dense.filters, 0.0, in, out, NULL, NULL,
                                   NULL, NULL);
              td = MIN (td, now () - t);
            }
          printf ("| %s | %s | %.1f ms | %.1f ms | %.0f ms | %.1f %% | "
                  "%.0f ms | %.1f %% |\n", sbokeh_simd_name (paths[pi]),
                  formats[f], 1e3 * take, 1e3 * boost, 1e3 * tb,
                  100 * take / tb, 1e3 * td, 100 * take / td);
          fflush (stdout);
          sbokeh_design_clear (&boxes);
          sbokeh_design_clear (&dense);
        }
      g_free (px);
      g_free (work);
      g_object_unref (in);
      g_object_unref (out);
    }
  sbokeh_simd_set (sbokeh_simd_best ());
  printf ("\n");
}

int
main (int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "all";
  gboolean    quick = g_getenv ("SBOKEH_BENCH_QUICK") != NULL;
  gint        threads;

  gegl_init (NULL, NULL);
  /* Room for every buffer in memory: swapping tiles to disk would time
   * the disk, for us and for gegl:lens-blur alike.  */
  g_object_set (gegl_config (), "tile-cache-size", (guint64) 8 << 30, NULL);
  g_object_get (gegl_config (), "threads", &threads, NULL);
  printf ("# sbokeh-bench (%s)\n\n", SBOKEH_VERSION);
  print_machine ();
  if (! strcmp (what, "all") || ! strcmp (what, "paths"))
    bench_kernels ();
  if (! strcmp (what, "all") || ! strcmp (what, "bars"))
    bench_bars (threads, quick);
  if (! strcmp (what, "all") || ! strcmp (what, "values"))
    bench_values (threads, quick);
  if (! strcmp (what, "all") || ! strcmp (what, "optimize"))
    {
      bench_seed_grid ();
      bench_design ();
    }
  if (! strcmp (what, "all") || ! strcmp (what, "quality"))
    {
      const char *photo = g_getenv ("SBOKEH_BENCH_PHOTO");

      bench_quality ();
      bench_photo_quality (photo ? photo : "data/coffee.png");
    }
  if (! strcmp (what, "all") || ! strcmp (what, "passes"))
    bench_passes (threads, quick);
  if (! strcmp (what, "all") || ! strcmp (what, "boxes"))
    {
      const char *photo = g_getenv ("SBOKEH_BENCH_PHOTO");

      bench_boxes_design ();
      bench_boxes_photo (photo ? photo : "data/coffee.png");
      bench_boxes_time (threads, quick);
      bench_boxes_flat (threads, quick);
    }
  if (! strcmp (what, "all") || ! strcmp (what, "depth"))
    bench_depth (threads, quick);
  gegl_exit ();
  return 0;
}
