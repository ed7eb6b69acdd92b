/* Separable pass tests: against a brute-force 2-D convolution with the
 * reconstructed kernel, an impulse, and a constant image.  */
#include "config.h"

#include <string.h>

#include "check.h"
#include "sbokeh.h"

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

/* dest[y][x] = Σ K[a][b] src[y + 2c − a][x + 2c − b] / Σ K, in double.  */
static void
brute_force (const SbokehFilters *f, const float *src, int w, int h,
             double *out)
{
  int     n = f->size, c = n / 2, sw = w + 2 * c, x, y, a, b, ch;
  double *k = g_new (double, n * n), sum = 0.0;

  sbokeh_filters_reconstruct (f, k);
  for (a = 0; a < n * n; a++)
    sum += k[a];
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      for (ch = 0; ch < 4; ch++)
        {
          double acc = 0.0;

          for (a = 0; a < n; a++)
            for (b = 0; b < n; b++)
              acc += k[a * n + b] *
                     src[((y + 2 * c - a) * sw + (x + 2 * c - b)) * 4 + ch];
          out[(y * w + x) * 4 + ch] = acc / sum;
        }
  g_free (k);
}

static void
test_against_brute_force (int size, int rank, int w, int h)
{
  SbokehFilters f;
  SbokehPasses  p;
  int           c = size / 2, sw = w + 2 * c, sh = h + 2 * c, j;
  float        *src = g_new (float, sw * sh * 4);
  float        *dest = g_new (float, w * h * 4);
  double       *ref = g_new (double, w * h * 4), worst = 0.0;

  random_filters (&f, size, rank);
  for (j = 0; j < sw * sh * 4; j++)
    src[j] = 0.5 + 0.5 * check_random ();
  CHECK (sbokeh_convolve_prepare (&f, &p) == SBOKEH_OK, "prepare");
  CHECK (sbokeh_convolve_halo (&p) == c, "halo");
  CHECK (sbokeh_convolve_region (&p, src, sw * 4, w, h, dest, w * 4) ==
         SBOKEH_OK, "region");
  brute_force (&f, src, w, h, ref);
  for (j = 0; j < w * h * 4; j++)
    worst = MAX (worst, fabs (dest[j] - ref[j]));
  CHECK (worst < FLOAT_TOLERANCE,
         "size %d rank %d %dx%d: max abs error %g vs brute force", size, rank,
         w, h, worst);
  printf ("  size %2d rank %d %dx%d: max abs error vs brute force %.2e\n",
          size, rank, w, h, worst);
  sbokeh_convolve_clear (&p);
  sbokeh_filters_clear (&f);
  g_free (src);
  g_free (dest);
  g_free (ref);
}

/* An impulse comes out as K / Σ K, the right way up.  */
static void
test_impulse (void)
{
  SbokehFilters f;
  SbokehPasses  p;
  const int     size = 7, c = 3, w = 2 * size, sw = w + 2 * c;
  float        *src = g_new0 (float, sw * sw * 4);
  float        *dest = g_new (float, w * w * 4);
  double        k[49], sum = 0.0, worst = 0.0;
  int           x, y, px = 4, py = 5;

  random_filters (&f, size, 3);
  sbokeh_filters_reconstruct (&f, k);
  for (x = 0; x < 49; x++)
    sum += k[x];
  src[((py + c) * sw + (px + c)) * 4 + 1] = 1.0f;
  sbokeh_convolve_prepare (&f, &p);
  sbokeh_convolve_region (&p, src, sw * 4, w, w, dest, w * 4);
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
  sbokeh_convolve_clear (&p);
  sbokeh_filters_clear (&f);
  g_free (src);
  g_free (dest);
}

/* The optimised disk keeps a flat image flat (the passes divide by Σ K).  */
static void
test_constant (void)
{
  SbokehParams par;
  SbokehDesign d;
  SbokehPasses p;
  int          w = 9, h = 5, c, sw, sh, j;
  float       *src, *dest;
  double       worst = 0.0;

  sbokeh_params_init_default (&par);
  par.radius = 10.5;
  sbokeh_design_run (&par, &d);
  sbokeh_convolve_prepare (&d.filters, &p);
  c = sbokeh_convolve_halo (&p);
  sw = w + 2 * c;
  sh = h + 2 * c;
  src = g_new (float, sw * sh * 4);
  dest = g_new (float, w * h * 4);
  for (j = 0; j < sw * sh * 4; j++)
    src[j] = 0.25f * (j % 4 + 1);
  sbokeh_convolve_region (&p, src, sw * 4, w, h, dest, w * 4);
  for (j = 0; j < w * h * 4; j++)
    worst = MAX (worst, fabs (dest[j] - 0.25 * (j % 4 + 1)));
  CHECK (worst < FLOAT_TOLERANCE, "flat image changed by %g", worst);
  sbokeh_convolve_clear (&p);
  sbokeh_design_clear (&d);
  g_free (src);
  g_free (dest);
}

int
main (void)
{
  SbokehFilters f;
  SbokehPasses  p;

  test_against_brute_force (1, 1, 5, 4);
  test_against_brute_force (5, 2, 17, 11);
  test_against_brute_force (11, 4, 23, 9);
  test_against_brute_force (21, 3, 8, 30);
  test_impulse ();
  test_constant ();

  /* Filters summing to zero cannot be normalised.  */
  sbokeh_filters_init (&f, 3, 1);
  f.vertical[0] = 1;
  f.horizontal[0] = 1;
  f.horizontal[2] = -1;
  f.vertical[1] = 1;
  CHECK (sbokeh_convolve_prepare (&f, &p) == SBOKEH_ERROR_ARGUMENT,
         "zero-sum filters accepted");
  sbokeh_filters_clear (&f);
  return check_exit ("convolve");
}
