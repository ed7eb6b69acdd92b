/* sbokeh-bench: figures for the optimizer and the passes, each against a
 * baseline run in the same process.  Not a test: it asserts nothing and
 * its times vary with the machine.  Run: tools/bench.
 *
 *   1. the seed's grid (radius 25, rank 4, 9 weight pairs): our optimizer
 *      against plain gradient descent (rate 0.1, 5000 steps, SVD start);
 *   2. the design pipeline at larger radii and ranks;
 *   3. the separable passes against a brute-force 2-D convolution with the
 *      same kernel (on a crop, cost per pixel scaled up).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sbokeh.h"

#define GD_RATE  0.1
#define GD_STEPS 5000
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
gradient_descent (const double *t, const SbokehFilters *start,
                  const SbokehOptimizeOptions *o)
{
  SbokehFilters f;
  SbokehLoss    loss;
  int           half = start->rank * start->size, s, j;
  double       *gu = g_new (double, half), *gv = g_new (double, half);

  sbokeh_filters_copy (start, &f);
  for (s = 0; s < GD_STEPS; s++)
    {
      sbokeh_optimize_loss (t, &f, o, &loss, gu, gv);
      for (j = 0; j < half; j++)
        {
          f.vertical[j] -= GD_RATE * gu[j];
          f.horizontal[j] -= GD_RATE * gv[j];
        }
    }
  sbokeh_optimize_loss (t, &f, o, &loss, NULL, NULL);
  sbokeh_filters_clear (&f);
  g_free (gu);
  g_free (gv);
  return loss.total;
}

static double
negative_mass (const SbokehFilters *f)
{
  int     n = f->size, j;
  double *k = g_new (double, n * n), neg = 0, sum = 0;

  sbokeh_filters_reconstruct (f, k);
  for (j = 0; j < n * n; j++)
    {
      neg += k[j] < 0 ? -k[j] : 0;
      sum += k[j];
    }
  g_free (k);
  return neg / sum;
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
        gd_loss = gradient_descent (k.data, &svd, &o);
        gd_time = now () - t0;
        sbokeh_filters_copy (&svd, &f);
        sbokeh_optimize (k.data, &f, &o, &rep);
        printf ("| %.1f | %.1f | %.4e | %.4e                  | %7.1f ms "
                "| %.4e | %5d | %6.2f ms | %10.4f | %7.0f× | %.1e |\n",
                wn[a], wz[b], rep.before.total, gd_loss, gd_time * 1e3,
                rep.after.total, rep.evaluations, rep.seconds * 1e3,
                rep.after.total / gd_loss, gd_time / rep.seconds,
                negative_mass (&f));
        sbokeh_filters_clear (&f);
      }
  printf ("\n(SVD negative mass: %.1e.)\n\n", negative_mass (&svd));
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
        p.radius = radii[i];
        p.rank = ranks[j];
        if (sbokeh_design_run (&p, &d) != SBOKEH_OK)
          continue;
        printf ("| %6.0f | %4d | %4d | %6.0f ms | %10.0f ms | %5d | "
                "%.4e  | %.4e | %.1e |\n",
                p.radius, p.rank, d.target.size, d.svd_seconds * 1e3,
                d.optimize.seconds * 1e3, d.optimize.evaluations,
                d.optimize.before.total, d.optimize.after.total,
                negative_mass (&d.filters));
        sbokeh_design_clear (&d);
      }
  printf ("\n");
}

/* Brute force 2-D convolution of a crop, seconds per output pixel.  */
static double
brute_force_per_pixel (const double *k, int n, const float *src,
                       gsize stride, int crop)
{
  float *out = g_new (float, crop * crop * 4);
  double t0 = now ();
  int    x, y, a, b, ch;

  for (y = 0; y < crop; y++)
    for (x = 0; x < crop; x++)
      for (ch = 0; ch < 4; ch++)
        {
          double acc = 0;

          for (a = 0; a < n; a++)
            for (b = 0; b < n; b++)
              acc += k[a * n + b] *
                     src[(y + n - 1 - a) * stride + (x + n - 1 - b) * 4 + ch];
          out[(y * crop + x) * 4 + ch] = acc;
        }
  t0 = now () - t0;
  g_free (out);
  return t0 / (crop * crop);
}

static void
bench_passes (void)
{
  const int    w = 2000, h = 1500, crop = 24;
  const double radii[] = { 10, 25, 50 };
  const int    ranks[] = { 1, 4, 8 };
  gsize        i, j;

  printf ("## Passes: %d × %d RGBA float, one thread (straightforward "
          "passes; issue 4 makes them fast)\n\n", w, h);
  printf ("| radius | rank | time (median of %d) | Mpixel/s | "
          "multiply-adds/s | brute-force 2-D (scaled) | speed-up |\n",
          REPEATS);
  printf ("|--------|------|------------------|----------|-----------------|"
          "--------------------------|----------|\n");
  for (i = 0; i < G_N_ELEMENTS (radii); i++)
    for (j = 0; j < G_N_ELEMENTS (ranks); j++)
      {
        SbokehParams p;
        SbokehDesign d;
        SbokehPasses passes;
        int          c, r, n;
        gsize        stride, count;
        float       *src, *dest;
        double       times[REPEATS], t, brute, *k, macs;

        sbokeh_params_init_default (&p);
        p.radius = radii[i];
        p.rank = ranks[j];
        sbokeh_design_run (&p, &d);
        sbokeh_convolve_prepare (&d.filters, &passes);
        c = sbokeh_convolve_halo (&passes);
        n = d.target.size;
        stride = (gsize) (w + 2 * c) * 4;
        count = stride * (h + 2 * c);
        src = g_new (float, count);
        dest = g_new (float, (gsize) w * h * 4);
        for (gsize q = 0; q < count; q++)
          src[q] = (float) ((q * 2654435761u) % 1000) / 1000.0f;
        for (r = 0; r < REPEATS; r++)
          {
            double t0 = now ();

            sbokeh_convolve_region (&passes, 4, src, stride, w, h, dest, w * 4);
            times[r] = now () - t0;
          }
        t = median (times, REPEATS);
        {
          double t0 = now ();

          sbokeh_convolve_region_reference (&passes, 4, src, stride, w, h,
                                            dest, w * 4);
          printf ("(reference %.3f s, fast/ref speed-up %.1f×) ", now () - t0,
                  (now () - t0) / t);
        }
        k = g_new (double, n * n);
        sbokeh_filters_reconstruct (&d.filters, k);
        brute = brute_force_per_pixel (k, n, src, stride, crop) * w * h;
        macs = 4.0 * p.rank * ((double) (h + 2 * c) * w * n +
                               (double) h * w * n);
        printf ("| %6.0f | %4d | %13.3f s  | %8.1f | %12.2f G  | "
                "%21.1f s  | %7.1f× |\n",
                p.radius, p.rank, t, w * h / t / 1e6, macs / t / 1e9, brute,
                brute / t);
        g_free (k);
        g_free (src);
        g_free (dest);
        sbokeh_convolve_clear (&passes);
        sbokeh_design_clear (&d);
      }
  printf ("\n");
}

int
main (int argc, char **argv)
{
  printf ("# sbokeh-bench (%s)\n\n", SBOKEH_VERSION);
  if (argc < 2 || ! strcmp (argv[1], "optimize"))
    {
      bench_seed_grid ();
      bench_design ();
    }
  if (argc < 2 || ! strcmp (argv[1], "passes"))
    bench_passes ();
  return 0;
}
