/* Separable pass tests: against a brute-force 2-D convolution with the
 * reconstructed kernel, an impulse, and a constant image.  */
#include "config.h"

#include <string.h>

#include "sbokeh.h"
#include "brute-force.h"
#include "check.h"
#include "dense-passes-reference.h"

/* Float passes against a double reference: each output sums ≤ size² terms
 * of magnitude ≤ 1, computed as 2 × size float multiply-adds per pass.  */
#define FLOAT_TOLERANCE 2e-5

/* Random filters, deliberately asymmetric, so a mirrored kernel or swapped
 * axes would show.  */
static void
random_filters (SbokehFilters *f, int size, int rank)
{
  int j;

  sbokeh_filters_init (f, size, rank);
  for (j = 0; j < size * rank; j++)
    {
      f->vertical[j] = check_random () + (j % size == 0 ? 2.0 : 0.5);
      f->horizontal[j] = check_random () + (j % size == 1 ? 1.5 : 0.5);
    }
}

/* dest[y][x] = Σ K[a][b] src[y + 2c − a][x + 2c − b] / Σ K, in double
 * (brute-force.h).  */
static void
brute_force (const SbokehFilters *f, int channels, const float *src, int w,
             int h, double *out)
{
  int     n = f->size, c = n / 2, sw = w + 2 * c, x, y, a, ch;
  double *k = g_new (double, n * n), sum = 0.0;

  sbokeh_filters_reconstruct (f, k);
  for (a = 0; a < n * n; a++)
    sum += k[a];
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < channels; ch++)
        out[(y * w + x) * channels + ch] =
          brute_force_halo_at (k, n, sum, src, (gsize) sw * channels, x, y,
                               ch, channels);
  g_free (k);
}

/* Both the fast passes and the reference against the brute force.  */
static void
test_against_brute_force (int size, int rank, int channels, int w, int h)
{
  SbokehFilters     f;
  SbokehDensePasses p;
  int               c = size / 2, sw = w + 2 * c, sh = h + 2 * c, j;
  float            *src = g_new (float, sw * sh * channels);
  float            *fast = g_new (float, w * h * channels);
  float            *slow = g_new (float, w * h * channels);
  double           *ref = g_new (double, w * h * channels);
  double            worst_fast = 0.0, worst_slow = 0.0;

  random_filters (&f, size, rank);
  for (j = 0; j < sw * sh * channels; j++)
    src[j] = 0.5 + 0.5 * check_random ();
  CHECK (sbokeh_dense_passes_prepare (&f, &p) == SBOKEH_OK, "prepare");
  CHECK (sbokeh_dense_passes_halo (&p) == c, "halo");
  CHECK (sbokeh_dense_passes_region (&p, channels, src, sw * channels, w, h,
                                     fast, w * channels) == SBOKEH_OK,
         "region");
  CHECK (reference_dense_passes (&p, channels, src, sw * channels,
                                 w, h, slow, w * channels) ==
         SBOKEH_OK, "reference");
  brute_force (&f, channels, src, w, h, ref);
  for (j = 0; j < w * h * channels; j++)
    {
      worst_fast = MAX (worst_fast, fabs (fast[j] - ref[j]));
      worst_slow = MAX (worst_slow, fabs (slow[j] - ref[j]));
    }
  CHECK (worst_fast < FLOAT_TOLERANCE && worst_slow < FLOAT_TOLERANCE,
         "size %d rank %d channels %d %dx%d: max abs error vs brute force "
         "%g (fast), %g (reference)", size, rank, channels, w, h, worst_fast,
         worst_slow);
  printf ("  size %2d rank %d channels %d %3dx%-3d: max abs error vs brute "
          "force %.2e fast, %.2e reference\n", size, rank, channels, w, h,
          worst_fast, worst_slow);
  sbokeh_dense_passes_clear (&p);
  sbokeh_filters_clear (&f);
  g_free (src);
  g_free (fast);
  g_free (slow);
  g_free (ref);
}

/* The fast passes equal the reference within float rounding (1e-5
 * relative to the output's scale), on sizes that exercise every block and
 * tail of the vector code and several strips.  */
#define FAST_RELATIVE_TOLERANCE 1e-5

static void
test_fast_vs_reference (double radius, int rank, int channels, int w, int h)
{
  SbokehParams      par;
  SbokehDesign      d;
  SbokehDensePasses p;
  int               c, sw, sh, j, strips;
  float            *src, *fast, *slow;
  double            worst = 0.0, scale = 0.0;

  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;

  par.radius = radius;
  par.rank = rank;
  sbokeh_design_run (&par, &d);
  sbokeh_dense_passes_prepare (&d.filters, &p);
  c = sbokeh_dense_passes_halo (&p);
  sw = w + 2 * c;
  sh = h + 2 * c;
  src = g_new (float, (gsize) sw * sh * channels);
  fast = g_new (float, (gsize) w * h * channels);
  slow = g_new (float, (gsize) w * h * channels);
  for (j = 0; j < sw * sh * channels; j++)
    src[j] = (float) (2.0 + check_random ());
  sbokeh_dense_passes_region (&p, channels, src, sw * channels, w, h, fast,
                              w * channels);
  reference_dense_passes (&p, channels, src, sw * channels, w, h,
                          slow, w * channels);
  for (j = 0; j < w * h * channels; j++)
    {
      worst = MAX (worst, fabs (fast[j] - slow[j]));
      scale = MAX (scale, fabs (slow[j]));
    }
  strips = sbokeh_dense_passes_n_strips (&p, channels, w, h);
  CHECK (worst <= FAST_RELATIVE_TOLERANCE * scale,
         "r %g rank %d channels %d %dx%d (%d strips): fast vs reference %g",
         radius, rank, channels, w, h, strips, worst / scale);
  printf ("  r %5.1f rank %d channels %d %4dx%-4d %2d strips: fast vs "
          "reference %.1e relative\n", radius, rank, channels, w, h, strips,
          worst / scale);
  sbokeh_dense_passes_clear (&p);
  sbokeh_design_clear (&d);
  g_free (src);
  g_free (fast);
  g_free (slow);
}

/* An impulse comes out as K / Σ K, the right way up.  */
static void
test_impulse (void)
{
  SbokehFilters     f;
  SbokehDensePasses p;
  const int         size = 7, c = 3, w = 2 * size, sw = w + 2 * c;
  float            *src = g_new0 (float, sw * sw * 4);
  float            *dest = g_new (float, w * w * 4);
  double            k[49], sum = 0.0, worst = 0.0;
  int               x, y, px = 4, py = 5;

  random_filters (&f, size, 3);
  sbokeh_filters_reconstruct (&f, k);
  for (x = 0; x < 49; x++)
    sum += k[x];
  src[((py + c) * sw + (px + c)) * 4 + 1] = 1.0f;
  sbokeh_dense_passes_prepare (&f, &p);
  sbokeh_dense_passes_region (&p, 4, src, sw * 4, w, w, dest, w * 4);
  for (y = 0; y < w; y++)
    for (x = 0; x < w; x++)
      {
        int    a = y - py + c, b = x - px + c;
        double expect = a >= 0 && a < size && b >= 0 && b < size
                          ? k[a * size + b] / sum : 0.0;

        worst = MAX (worst, fabs (dest[(y * w + x) * 4 + 1] - expect));
        worst = MAX (worst, fabs (dest[(y * w + x) * 4 + 0]));
      }
  CHECK (worst < 1e-6, "impulse response differs from K by %g", worst);
  sbokeh_dense_passes_clear (&p);
  sbokeh_filters_clear (&f);
  g_free (src);
  g_free (dest);
}

/* The optimised disk keeps a flat image flat (the passes divide by Σ K).  */
static void
test_constant (void)
{
  SbokehParams      par;
  SbokehDesign      d;
  SbokehDensePasses p;
  int               w = 9, h = 5, c, sw, sh, j;
  float            *src, *dest;
  double            worst = 0.0;

  sbokeh_params_init_default (&par);
  par.engine = SBOKEH_ENGINE_DENSE;

  par.radius = 10.5;
  sbokeh_design_run (&par, &d);
  sbokeh_dense_passes_prepare (&d.filters, &p);
  c = sbokeh_dense_passes_halo (&p);
  sw = w + 2 * c;
  sh = h + 2 * c;
  src = g_new (float, sw * sh * 4);
  dest = g_new (float, w * h * 4);
  for (j = 0; j < sw * sh * 4; j++)
    src[j] = 0.25f * (j % 4 + 1);
  sbokeh_dense_passes_region (&p, 4, src, sw * 4, w, h, dest, w * 4);
  for (j = 0; j < w * h * 4; j++)
    worst = MAX (worst, fabs (dest[j] - 0.25 * (j % 4 + 1)));
  CHECK (worst < FLOAT_TOLERANCE, "flat image changed by %g", worst);
  sbokeh_dense_passes_clear (&p);
  sbokeh_design_clear (&d);
  g_free (src);
  g_free (dest);
}

/* The vector kernels, on the CPU path in use.  */
static void
test_path (void)
{
  test_fast_vs_reference (3.5, 3, 4, 131, 67);
  test_fast_vs_reference (12, 4, 3, 517, 203);
  test_fast_vs_reference (25, 4, 4, 700, 300);
  test_fast_vs_reference (40, 6, 1, 1111, 150);
  test_fast_vs_reference (60, 8, 2, 257, 421);
  test_impulse ();
  test_constant ();

}

int
main (void)
{
  SbokehFilters     f;
  SbokehDensePasses p;

  test_against_brute_force (1, 1, 4, 5, 4);
  test_against_brute_force (5, 2, 4, 17, 11);
  test_against_brute_force (11, 4, 4, 23, 9);
  test_against_brute_force (21, 3, 4, 8, 30);
  test_against_brute_force (7, 2, 3, 37, 13);
  test_against_brute_force (9, 3, 2, 19, 17);
  test_against_brute_force (13, 2, 1, 41, 7);
  check_each_path (test_path);

  /* Filters summing to zero cannot be normalised.  */
  sbokeh_filters_init (&f, 3, 1);
  f.vertical[0] = 1;
  f.horizontal[0] = 1;
  f.horizontal[2] = -1;
  f.vertical[1] = 1;
  CHECK (sbokeh_dense_passes_prepare (&f, &p) == SBOKEH_ERROR_ARGUMENT,
         "zero-sum filters accepted");
  sbokeh_filters_clear (&f);
  return check_exit ("dense-passes");
}
